"""The result of a scheduling run: allocations, end date, critical path, load."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.user import User
    from stalker.scheduler.calendar import WorkingHours

Allocation = tuple["Task", "User", dt.datetime, dt.datetime]


class Plan:
    """Who works on which task and when, as ``schedule()`` decided it.

    ``allocations`` holds ``(task, user, start, end)`` periods of contiguous
    work, ``tasks`` the planned tasks (their ``computed_*`` are set),
    ``critical_path`` the chain of tasks, in order, whose delay delays
    ``end``, and ``unscheduled`` each task that could not be planned with
    the reason.
    """

    def __init__(
        self,
        tasks: Sequence[Task],
        allocations: Sequence[Allocation],
        critical_path: Sequence[Task],
        unscheduled: Mapping[Task, str],
        now: dt.datetime,
        working_hours: WorkingHours,
    ) -> None:
        self.tasks = list(tasks)
        self.allocations = list(allocations)
        self.critical_path = list(critical_path)
        self.unscheduled = dict(unscheduled)
        self.now = now
        self.working_hours = working_hours

    def __repr__(self) -> str:
        """Counts and the end, in the studio's time like the Gantt chart."""
        end = self.end
        hours = self.working_hours
        when = "none" if end is None else f"{end.astimezone(hours.zone):%Y-%m-%d %H:%M}"
        return (
            f"<Plan {len(self.tasks)} tasks, {len(self.unscheduled)} unscheduled, "
            f"end {when} {hours.timezone}>"
        )

    @property
    def end(self) -> dt.datetime | None:
        """The latest ``computed_end`` of the planned tasks, None if none."""
        ends = [end for task in self.tasks if (end := task.computed_end) is not None]
        return max(ends, default=None)

    @property
    def load(self) -> dict[User, dict[tuple[int, int], float]]:
        """Per user, the hours of work planned per ISO week ``(year, week)``."""
        zone = self.working_hours.zone
        load: dict[User, dict[tuple[int, int], float]] = defaultdict(
            lambda: defaultdict(float)
        )
        for _, user, start, end in self.allocations:
            year, week, _ = start.astimezone(zone).isocalendar()
            load[user][(year, week)] += (end - start).total_seconds() / 3600
        return {user: dict(weeks) for user, weeks in load.items()}

    def write_gantt(self, path: str | os.PathLike[str]) -> None:
        """Write the plan as one self-contained HTML Gantt chart."""
        from stalker.scheduler.gantt import write_gantt

        write_gantt(self, path)


__all__ = ["Allocation", "Plan"]
