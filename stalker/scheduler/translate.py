"""Turning the tasks read from the database into the planner's jobs and timelines."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from stalker.core.models import Project
from stalker.db import tables as t
from stalker.scheduler.algorithm import NO_BID, Job
from stalker.scheduler.calendar import Interval, WorkingHours
from stalker.scheduler.load import Input, TaskRow
from stalker.scheduler.timeline import Timeline


def _seconds(moment: dt.datetime, rounding: Callable[[float], int]) -> int:
    return rounding(moment.timestamp())


@lru_cache(maxsize=1 << 16)
def moment(seconds: int) -> dt.datetime:
    """The timezone-aware UTC datetime of seconds since the epoch."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


class Translation:
    """Tasks and users turned into the planner's jobs and timelines."""

    def __init__(
        self,
        found: Input,
        projects: Sequence[Project],
        now: dt.datetime,
        hours: WorkingHours,
    ) -> None:
        self.tasks = found.tasks
        self.fixed = found.fixed
        self.hours = hours
        self.origin = _seconds(now, math.ceil)
        self.starts = {
            project.id: max(self.origin, _seconds(project.start, math.ceil))
            if project.start is not None
            else self.origin
            for project in projects
        }
        self.index = {task.id: i for i, task in enumerate(self.tasks)}
        #: The ids of the users the tasks may use, a timeline each.
        self.users = sorted(
            {user for task in self.tasks for user in task.resources + task.alternatives}
        )
        self.user_index = {user: i for i, user in enumerate(self.users)}

    def teams(self, task: TaskRow) -> tuple[tuple[int, ...], ...]:
        """The resources, then each alternative alone, as timeline indices."""
        team = tuple(self.user_index[user] for user in task.resources)
        alternatives = [
            (self.user_index[user],)
            for user in task.alternatives
            if user not in task.resources
        ]
        return tuple([team] if team else []) + tuple(alternatives)

    def job(self, task: TaskRow) -> Job:
        """The job of one task."""
        earliest, finish_after = self.starts[task.project_id], 0
        depends = []
        for other, kind, lag in task.dependencies:
            if other in self.index:
                depends.append((self.index[other], kind, lag))
                continue
            start, end = self.fixed[other]
            if kind == "FF":
                finish_after = max(finish_after, _seconds(end, math.ceil) + lag)
            else:
                fixed = start if kind == "SS" else end
                earliest = max(earliest, _seconds(fixed, math.ceil) + lag)
        bookings = task.bookings
        done = sum(int((end - start).total_seconds()) for start, end in bookings)
        booked = None
        if bookings:
            booked = (
                _seconds(min(start for start, _ in bookings), math.floor),
                _seconds(max(end for _, end in bookings), math.ceil),
            )
        effort = (
            max(self.hours.effort(task.bid) - done, 0) if task.bid is not None else 0
        )
        return Job(
            name=task.name,
            effort=effort,
            teams=self.teams(task),
            earliest=earliest,
            priority=task.priority,
            depends=tuple(depends),
            finish_after=finish_after,
            booked=booked,
            problem=NO_BID if task.bid is None else None,
        )

    def timelines(
        self, session: Session, holidays: frozenset[dt.date]
    ) -> list[Timeline]:
        """Each user's free time: the week minus holidays, vacations, bookings."""
        blocked: dict[int, list[Interval]] = defaultdict(list)
        after = moment(self.origin)
        for table, column in ((t.bookings, "resource_id"), (t.vacations, "user_id")):
            rows = session.execute(
                select(table.c[column], table.c.start, table.c.end).where(
                    table.c[column].in_(self.users), table.c.end > after
                )
            )
            for user_id, start, end in rows:
                blocked[self.user_index[user_id]].append(
                    (_seconds(start, math.floor), _seconds(end, math.ceil))
                )
        return [
            Timeline(self.hours, holidays, blocked[i], self.origin)
            for i in range(len(self.users))
        ]


__all__ = ["Translation", "moment"]
