"""Bookings: time a user spent on a task."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Reference
from stalker.core.models.validation import (
    NAME_LENGTH,
    check_datetime,
    refuse,
)

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.user import User


class Booking(Entity):
    """A period (``start`` to ``end``) a user (``resource``) worked on a task.

    A user's bookings never overlap; the database refuses a booking that
    would, also when several processes book the same user at once.
    """

    auto_named = True
    task = Reference("Task", "The Task the time was spent on.", optional=False)
    resource = Reference("User", "The User who spent the time.", optional=False)

    def __init__(
        self,
        task: Task | None = None,
        resource: User | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        self._start = self._end = None
        self.start = start
        self.end = end
        self.task = task
        self.resource = resource
        if not named:
            self.name = f"{self.task.name} booking"[:NAME_LENGTH]

    @property
    def start(self) -> dt.datetime:
        """When the work started (timezone-aware UTC)."""
        return self._start

    @start.setter
    def start(self, value: dt.datetime) -> None:
        start = check_datetime(self, "start", value)
        if self._end is not None and start >= self._end:
            refuse(self, "start", "a datetime before end", value)
        self._start = start

    @property
    def end(self) -> dt.datetime:
        """When the work ended (timezone-aware UTC), after ``start``."""
        return self._end

    @end.setter
    def end(self, value: dt.datetime) -> None:
        end = check_datetime(self, "end", value)
        if end <= self._start:
            refuse(self, "end", "a datetime after start", value)
        self._end = end

    @property
    def duration(self) -> dt.timedelta:
        """How long the booking lasts."""
        return self._end - self._start


__all__ = ["Booking"]
