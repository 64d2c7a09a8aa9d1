"""Descriptors for validated attributes that hold model objects.

``Reference("User")`` holds one object of a model class (or None);
``Collection("Task")`` holds a list of them. Each stores its value in
``_<name>``, which is what ``stalker.db.mapper`` maps, and validates every
value given with the common message grammar. Classes are named by string and
looked up in :mod:`stalker.core.models` when first needed, so modules can refer
to each other without circular imports.
"""

from __future__ import annotations

import sys
from typing import Any

from stalker.core.models.validation import check_instance, check_list


class _Field:
    """What both descriptors share: a name, a private slot, a target class."""

    def __init__(self, target: str, doc: str) -> None:
        self.target = target
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.private = f"_{name}"

    def target_class(self) -> type:
        """The model class values must be instances of."""
        found: type = getattr(sys.modules["stalker.core.models"], self.target)
        return found

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(obj, self.private)


class Reference(_Field):
    """An attribute holding one instance of a model class, or None if optional."""

    def __init__(self, target: str, doc: str, *, optional: bool = True) -> None:
        super().__init__(target, doc)
        self.optional = optional

    def __set__(self, obj: Any, value: Any) -> None:
        from stalker.core.models.entity import giving

        checked = check_instance(
            obj, self.name, value, self.target_class(), allow_none=self.optional
        )
        giving(obj, self.name, checked)
        setattr(obj, self.private, checked)


class Collection(_Field):
    """An attribute holding a list of instances of a model class, without repeats."""

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(
            obj, self.private, check_list(obj, self.name, value, self.target_class())
        )


def _is_empty(value: Any) -> bool:
    return value is None or (type(value) in (list, tuple) and not value)


def start_list(obj: Any, name: str, value: Any = None) -> None:
    """Give a new object its list ``name``, leaving an empty one to a mapped class.

    ``name`` is a validated public attribute (``"tags"``) or a read-only list's
    private slot (``"_comments"``). A mapped class reads the untouched list of
    a new object as empty, and building one costs as much as the rest of the
    construction, so it is built only for a plain class or a non-empty value.
    """
    private = name if name.startswith("_") else f"_{name}"
    if _is_empty(value) and hasattr(type(obj), private):
        return
    setattr(obj, name, [] if value is None and name == private else value)


__all__ = ["Collection", "Reference", "start_list"]
