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
    refuse_type,
)

#: The flags a Status can carry, all off unless given.
FLAGS = ("is_done", "is_wip", "is_retake")


class Status(Entity):
    """One state a statused object can be in, like "Work In Progress" (``WIP``).

    ``short_name`` is stripped and upper-cased. The flags tell what the
    status means to a workflow, whatever it is called: ``is_done`` (the work
    needs nothing more, like ``CMPL`` and ``STOP``), ``is_wip`` (being worked
    on, like ``WIP``) and ``is_retake`` (sent back for changes, like
    ``HREV``); all off unless given.
    """

    def __init__(
        self,
        short_name: str | None = None,
        thumbnail: str | None = None,
        is_done: bool = False,
        is_wip: bool = False,
        is_retake: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.short_name = short_name
        self.thumbnail = thumbnail
        self.is_done = is_done
        self.is_wip = is_wip
        self.is_retake = is_retake

    def _flag(self, attr: str, value: Any) -> bool:
        if not isinstance(value, bool):
            refuse_type(self, attr, "True or False", value)
        return value

    @property
    def is_done(self) -> bool:
        """Whether the work in this status needs nothing more (CMPL, STOP)."""
        return self._is_done

    @is_done.setter
    def is_done(self, value: bool) -> None:
        self._is_done = self._flag("is_done", value)

    @property
    def is_wip(self) -> bool:
        """Whether the work in this status is being done (WIP)."""
        return self._is_wip

    @is_wip.setter
    def is_wip(self, value: bool) -> None:
        self._is_wip = self._flag("is_wip", value)

    @property
    def is_retake(self) -> bool:
        """Whether the work in this status was sent back for changes (HREV)."""
        return self._is_retake

    @is_retake.setter
    def is_retake(self, value: bool) -> None:
        self._is_retake = self._flag("is_retake", value)

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

    ``status_list[0]`` is the first status, ``status_list["WIP"]`` the one
    whose ``short_name`` is ``WIP`` (``KeyError`` if there is none).
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

    def __getitem__(self, key: int | str) -> Status:
        if isinstance(key, str):
            wanted = key.strip().upper()
            for status in self._statuses:
                if status.short_name == wanted:
                    return status
            names = ", ".join(status.short_name for status in self._statuses)
            raise KeyError(
                f"StatusList {self.name!r} has no Status with short_name {key!r}; "
                f"it has {names}"
            )
        return self._statuses[key]


__all__ = ["FLAGS", "Status", "StatusList"]
