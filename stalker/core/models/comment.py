"""Comments: notes attached to any entity."""

from __future__ import annotations

from typing import Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Reference
from stalker.core.models.validation import NAME_LENGTH, check_string


class Comment(Entity):
    """A note written ``to`` an entity (a shot, a version, a task...)."""

    auto_named = True
    to = Reference("Entity", "The Entity this comment is about.", optional=False)

    def __init__(self, body: str = "", to: Entity | None = None, **kwargs: Any) -> None:
        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        self.body = body
        self.to = to
        if not named:
            self.name = f"Comment on {self.to.name}"[:NAME_LENGTH]

    @property
    def body(self) -> str:
        """The text of the comment."""
        return self._body

    @body.setter
    def body(self, value: str) -> None:
        self._body = check_string(self, "body", value, max_length=0)


__all__ = ["Comment"]
