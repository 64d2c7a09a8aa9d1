"""Task dependencies: how the start or end of one task waits on another."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.validation import (
    INT32_MAX,
    check_instance,
    check_timedelta,
    refuse,
    refuse_type,
)

if TYPE_CHECKING:
    from stalker.core.models.task import Task

#: The lag is stored in whole seconds in an Integer column.
_LONGEST_LAG = dt.timedelta(seconds=INT32_MAX)
#: Finish-to-start, start-to-start and finish-to-finish.
KINDS = ("FS", "SS", "FF")


class TaskDependency:
    """``task`` waits on ``depends_on``: its start or end follows the other's.

    ``kind`` is ``"FS"`` (``task`` starts after ``depends_on`` ends, the
    default), ``"SS"`` (starts after it starts) or ``"FF"`` (ends after it
    ends); ``lag`` is calendar time added to that bound. Constructing one
    adds it to ``task.dependencies`` (and ``depends_on`` to ``task.depends``);
    a dependency made with ``task=None`` is attached when appended to a
    task's ``dependencies``.
    """

    def __init__(
        self,
        task: Task | None,
        depends_on: Task,
        kind: str = "FS",
        lag: dt.timedelta = dt.timedelta(0),
    ) -> None:
        from stalker.core.models.task import Task

        self.kind = kind
        self.lag = lag
        self._depends_on = check_instance(self, "depends_on", depends_on, Task)
        self._task = None
        if task is not None:
            check_instance(self, "task", task, Task).dependencies.append(self)
            self._task = task
            task._follow_dependencies()

    def __repr__(self) -> str:
        task = self._task.name if self._task is not None else None
        return (
            f"<TaskDependency {task!r} {self.kind} {self._depends_on.name!r}"
            f" lag={self.lag}>"
        )

    @property
    def task(self) -> Task | None:
        """The Task that waits."""
        return self._task

    @property
    def depends_on(self) -> Task:
        """The Task waited on."""
        return self._depends_on

    @property
    def kind(self) -> str:
        """``"FS"``, ``"SS"`` or ``"FF"``."""
        return self._kind

    @kind.setter
    def kind(self, value: str) -> None:
        expected = "one of 'FS', 'SS', 'FF'"
        if not isinstance(value, str):
            refuse_type(self, "kind", expected, value)
        if value not in KINDS:
            refuse(self, "kind", expected, value)
        self._kind = value

    @property
    def lag(self) -> dt.timedelta:
        """Calendar time added to the bound, zero or more."""
        return dt.timedelta(seconds=self._lag_seconds)

    @lag.setter
    def lag(self, value: Any) -> None:
        lag = check_timedelta(self, "lag", value, maximum=_LONGEST_LAG)
        self._lag_seconds = int(lag.total_seconds())


__all__ = ["KINDS", "TaskDependency"]
