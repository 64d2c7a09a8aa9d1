"""Periods of time with a start and an end, shared by Booking and Vacation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stalker.core.models.validation import NAME_LENGTH, check_datetime, refuse


class Period:
    """A mixin for entities that span ``start`` to ``end``, ``end`` after ``start``.

    Listed before the entity class, it takes ``start`` and ``end`` and passes
    the other arguments on; ``_name_after()`` names an unnamed period after
    what it belongs to.
    """

    _start: dt.datetime
    _end: dt.datetime

    def __init__(
        self,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        self._named = named
        self.start = start
        self.end = end

    def _name_after(self, owner: Any, what: str) -> None:
        """Name the period ``"<owner's name> <what>"`` unless it was named."""
        if not self._named:
            self.name = f"{owner.name} {what}"[:NAME_LENGTH]

    @property
    def start(self) -> dt.datetime:
        """When the period starts (timezone-aware UTC)."""
        return self._start

    @start.setter
    def start(self, value: dt.datetime | None) -> None:
        start = check_datetime(self, "start", value)
        end: dt.datetime | None = getattr(self, "_end", None)  # None: constructing
        if end is not None and start >= end:
            refuse(self, "start", "a datetime before end", value)
        self._start = start

    @property
    def end(self) -> dt.datetime:
        """When the period ends (timezone-aware UTC), after ``start``."""
        return self._end

    @end.setter
    def end(self, value: dt.datetime | None) -> None:
        end = check_datetime(self, "end", value)
        if end <= self._start:
            refuse(self, "end", "a datetime after start", value)
        self._end = end

    @property
    def duration(self) -> dt.timedelta:
        """How long the period lasts."""
        return self._end - self._start


__all__ = ["Period"]
