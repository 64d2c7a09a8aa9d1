"""Bookings: time a user spent on a task."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Reference
from stalker.core.models.period import Period

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.user import User


class Booking(Period, Entity):
    """A period (``start`` to ``end``) a user (``resource``) worked on a task.

    A user's bookings never overlap; the database refuses a booking that
    would, also when several processes book the same user at once. Time is
    booked only on a task that may be worked on (``RTS``, ``WIP``, ``HREV``,
    ``DREV``; else ``StatusError``); the first booking makes it ``WIP``.
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
        from stalker.core.models.task import Task

        super().__init__(start=start, end=end, **kwargs)
        if isinstance(task, Task):
            task.check_leaf(self, "task")
            task.check_bookable()
        self.task = task
        self.resource = resource
        self._name_after(self.task, "booking")
        self.task._booked()


__all__ = ["Booking"]
