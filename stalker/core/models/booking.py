"""Bookings: time a user spent on a task."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.period import Period
from stalker.core.models.validation import check_instance

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.user import User


class Booking(Period, Entity):
    """A period (``start`` to ``end``) a user (``resource``) worked on a task.

    A user's bookings never overlap; the database refuses a booking that
    would, also when several processes book the same user at once.
    """

    auto_named = True

    def __init__(
        self,
        task: Task | None = None,
        resource: User | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(start=start, end=end, **kwargs)
        self.task = task
        self.resource = resource
        self._name_after(self.task, "booking")

    @property
    def task(self) -> Task:
        """The Task the time was spent on."""
        return self._task

    @task.setter
    def task(self, value: Task) -> None:
        from stalker.core.models.task import Task

        self._task = check_instance(self, "task", value, Task)

    @property
    def resource(self) -> User:
        """The User who spent the time."""
        return self._resource

    @resource.setter
    def resource(self, value: User) -> None:
        from stalker.core.models.user import User

        self._resource = check_instance(self, "resource", value, User)


__all__ = ["Booking"]
