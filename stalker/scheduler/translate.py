"""Turning the database's tasks and users into the planner's jobs and timelines."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from stalker.core.models import Project, Task, TaskDependency, User
from stalker.db import tables as t
from stalker.scheduler.algorithm import NO_BID, Job
from stalker.scheduler.calendar import Interval, WorkingHours
from stalker.scheduler.timeline import Timeline

#: Short names of the statuses of tasks that need no more planning.
CLOSED_STATUSES = frozenset({"CMPL", "STOP"})


def _seconds(moment: dt.datetime, rounding: Callable[[float], int]) -> int:
    return rounding(moment.timestamp())


def moment(seconds: int) -> dt.datetime:
    """The timezone-aware UTC datetime of seconds since the epoch."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def _is_open(task: Task) -> bool:
    return task.status is None or task.status.short_name not in CLOSED_STATUSES


def load_tasks(session: Session, projects: Sequence[Project]) -> list[Task]:
    """The open tasks of the projects' shots and assets, by id, with what is read."""
    session.flush()
    ids = [project.id for project in projects]
    shots = (
        select(t.shots.c.id)
        .join(t.sequences, t.shots.c.sequence_id == t.sequences.c.id)
        .where(t.sequences.c.project_id.in_(ids))
    )
    assets = select(t.assets.c.id).where(t.assets.c.project_id.in_(ids))
    query = (
        select(Task)
        .where(or_(t.tasks.c.task_of_id.in_(shots), t.tasks.c.task_of_id.in_(assets)))
        .order_by(t.tasks.c.id)
        .options(
            selectinload(Task._resources),
            selectinload(Task._alternative_resources),
            selectinload(Task._computed_resources),
            selectinload(Task._bookings),
            selectinload(Task._task_of),
            selectinload(Task._dependencies).selectinload(TaskDependency._depends_on),
        )
    )
    return [task for task in session.scalars(query) if _is_open(task)]


class Translation:
    """Tasks and users turned into the planner's jobs and timelines."""

    def __init__(
        self, tasks: list[Task], now: dt.datetime, hours: WorkingHours
    ) -> None:
        self.tasks = tasks
        self._starts: dict[int, int] = {}
        self.hours = hours
        self.origin = _seconds(now, math.ceil)
        self.index = {id(task): i for i, task in enumerate(tasks)}
        people = {
            user.id: user
            for task in tasks
            for user in [*task.resources, *task.alternative_resources]
        }
        self.users: list[User] = [people[key] for key in sorted(people)]
        self.user_index = {id(user): i for i, user in enumerate(self.users)}

    def start_of(self, task: Task) -> int:
        """The first moment the task's project may be worked on, now or later."""
        owner = task.task_of
        found = self._starts.get(id(owner))
        if found is None:
            start = owner.project.start
            found = self.origin
            if start is not None:
                found = max(found, _seconds(start, math.ceil))
            self._starts[id(owner)] = found
        return found

    def teams(self, task: Task) -> tuple[tuple[int, ...], ...]:
        """The resources, then each alternative alone, as timeline indices."""
        team = tuple(self.user_index[id(user)] for user in task.resources)
        alternatives = [
            (self.user_index[id(user)],)
            for user in task.alternative_resources
            if user not in task.resources
        ]
        return tuple([team] if team else []) + tuple(alternatives)

    def job(self, task: Task) -> Job:
        """The job of one task."""
        earliest, finish_after = self.start_of(task), 0
        depends = []
        for dependency in task.dependencies:
            lag = int(dependency.lag.total_seconds())
            other = dependency.depends_on
            if id(other) in self.index:
                depends.append((self.index[id(other)], dependency.kind, lag))
            elif _is_open(other) and other.computed_end is not None:
                if dependency.kind == "FF":
                    finish_after = max(
                        finish_after, _seconds(other.computed_end, math.ceil) + lag
                    )
                else:
                    fixed = (
                        other.computed_start
                        if dependency.kind == "SS"
                        else other.computed_end
                    )
                    earliest = max(earliest, _seconds(fixed, math.ceil) + lag)
        bookings = task.bookings
        done = sum(int(b.duration.total_seconds()) for b in bookings)
        booked = None
        if bookings:
            booked = (
                _seconds(min(b.start for b in bookings), math.floor),
                _seconds(max(b.end for b in bookings), math.ceil),
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
        ids = {user.id: i for i, user in enumerate(self.users)}
        after = moment(self.origin)
        for table, column in ((t.bookings, "resource_id"), (t.vacations, "user_id")):
            rows = session.execute(
                select(table.c[column], table.c.start, table.c.end).where(
                    table.c[column].in_(list(ids)), table.c.end > after
                )
            )
            for user_id, start, end in rows:
                blocked[ids[user_id]].append(
                    (_seconds(start, math.floor), _seconds(end, math.ceil))
                )
        return [
            Timeline(self.hours, holidays, blocked[i], self.origin)
            for i in range(len(self.users))
        ]


__all__ = ["CLOSED_STATUSES", "Translation", "load_tasks", "moment"]
