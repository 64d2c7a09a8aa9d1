"""Statuses and the lists they are chosen from."""

from __future__ import annotations

from typing import Any

from stalker.core.models.entity import Entity
from stalker.core.models.validation import (
    NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    check_list,
    check_normal_length,
    check_string,
    refuse,
)


class Status(Entity):
    """One state a statused object can be in, like "Work In Progress" (``WIP``).

    ``short_name`` is stripped and upper-cased.
    """

    def __init__(
        self, short_name: str | None = None, thumbnail: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.short_name = short_name
        self.thumbnail = thumbnail

    @property
    def short_name(self) -> str:
        """The short upper case form of the status, like ``WIP``."""
        return self._short_name

    @short_name.setter
    def short_name(self, value: str | None) -> None:
        text = check_string(self, "short_name", value, allow_empty=False)
        self._short_name = check_normal_length(
            self,
            "short_name",
            text.upper(),
            value,
            max_length=SHORT_TEXT_LENGTH,
            form="in upper case",
        )

    @property
    def thumbnail(self) -> str | None:
        """An optional path to an image that shows the status."""
        return self._thumbnail

    @thumbnail.setter
    def thumbnail(self, value: str | None) -> None:
        self._thumbnail = check_string(
            self, "thumbnail", value, allow_none=True, max_length=1024
        )


class StatusList(Entity):
    """The ordered statuses one kind of object may take.

    ``target_entity_type`` names the class this list is the default of (for
    example ``"Project"``); ``None`` for a list chosen explicitly.
    """

    def __init__(
        self,
        statuses: list[Status] | None = None,
        target_entity_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.statuses = statuses
        self.target_entity_type = target_entity_type

    @property
    def statuses(self) -> list[Status]:
        """The statuses of this list, in order; at least one."""
        return self._statuses

    @statuses.setter
    def statuses(self, value: list[Status] | None) -> None:
        statuses = check_list(self, "statuses", value, Status)
        if not statuses:
            refuse(self, "statuses", "a non-empty list of Status instances", value)
        self._statuses = statuses

    @property
    def target_entity_type(self) -> str | None:
        """The class name this list is the default StatusList of, or None."""
        return self._target_entity_type

    @target_entity_type.setter
    def target_entity_type(self, value: str | None) -> None:
        self._target_entity_type = check_string(
            self, "target_entity_type", value, allow_none=True, max_length=NAME_LENGTH
        )

    def __contains__(self, status: object) -> bool:
        return status in self._statuses

    def __len__(self) -> int:
        return len(self._statuses)

    def __getitem__(self, index: int) -> Status:
        return self._statuses[index]


__all__ = ["Status", "StatusList"]
