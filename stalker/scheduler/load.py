"""Reading what the planner needs with a few Core statements, whatever the size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Select, Table, func, select
from sqlalchemy.orm import Session

from stalker.core.models import Project, Task, User
from stalker.db import tables as t


@dataclass(slots=True)
class TaskRow:
    """One open task as read from the database."""

    id: int
    name: str
    bid: dt.timedelta | None
    priority: int
    project_id: int
    resources: list[int] = field(default_factory=list)
    alternatives: list[int] = field(default_factory=list)
    #: (id of the task waited on, "FS" / "SS" / "FF", lag in seconds).
    dependencies: list[tuple[int, str, int]] = field(default_factory=list)
    #: (start, end) of each booking made on the task.
    bookings: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)


@dataclass
class Input:
    """The open tasks of the projects, by id, and the fixed tasks they wait on."""

    tasks: list[TaskRow]
    #: Open tasks outside the run that are waited on: id -> (start, end).
    fixed: dict[int, tuple[dt.datetime, dt.datetime]]


def open_tasks(projects: Sequence[Project]) -> Select[Any]:
    """The ids, names, bids, priorities and projects of the projects' open tasks."""
    tasks, shots, sequences, assets = t.tasks, t.shots, t.sequences, t.assets
    project_id = func.coalesce(sequences.c.project_id, assets.c.project_id)
    return (
        select(
            tasks.c.id,
            t.simple_entities.c.name,
            tasks.c.bid,
            tasks.c.priority,
            project_id,
        )
        .join(t.simple_entities, t.simple_entities.c.id == tasks.c.id)
        .join(t.statuses, t.statuses.c.id == tasks.c.status_id)
        .outerjoin(shots, shots.c.id == tasks.c.task_of_id)
        .outerjoin(sequences, sequences.c.id == shots.c.sequence_id)
        .outerjoin(assets, assets.c.id == tasks.c.task_of_id)
        .where(
            project_id.in_([project.id for project in projects]),
            # Done (CMPL, STOP or a studio's own): no more planning. On
            # hold: it keeps its place, and the tasks waiting on it wait
            # for its stored end.
            t.statuses.c.is_done.is_(False),
            t.statuses.c.short_name != "OH",
        )
    )


def _of(query: Select[Any], table: Table, *columns: Column[Any]) -> Select[Any]:
    """Columns of ``table`` for the tasks ``query`` finds, in task order."""
    ids = query.with_only_columns(t.tasks.c.id)
    return (
        select(table.c.task_id, *columns)
        .where(table.c.task_id.in_(ids))
        .order_by(table.c.task_id, *columns)
    )


def load(session: Session, projects: Sequence[Project]) -> Input:
    """Read the open tasks of the projects with their links in five statements."""
    session.flush()
    query = open_tasks(projects)
    rows = {
        row[0]: TaskRow(*row) for row in session.execute(query.order_by(t.tasks.c.id))
    }
    for table, attribute in (
        (t.task_resources, "resources"),
        (t.task_alternative_resources, "alternatives"),
    ):
        for task_id, user_id in session.execute(_of(query, table, table.c.user_id)):
            getattr(rows[task_id], attribute).append(user_id)
    booked = t.bookings
    for task_id, start, end in session.execute(
        _of(query, booked, booked.c.start, booked.c.end)
    ):
        rows[task_id].bookings.append((start, end))
    fixed = {}
    deps, other = t.task_dependencies, t.tasks.alias("other")
    found = session.execute(
        _of(query, deps, deps.c.depends_on_id, deps.c.kind, deps.c.lag_seconds)
        .add_columns(other.c.computed_start, other.c.computed_end, t.statuses.c.is_done)
        .join(other, other.c.id == deps.c.depends_on_id)
        .join(t.statuses, t.statuses.c.id == other.c.status_id)
    )
    for task_id, depends_on, kind, lag, start, end, done in found:
        if depends_on in rows:
            rows[task_id].dependencies.append((depends_on, kind, lag))
        elif not done and end is not None:
            rows[task_id].dependencies.append((depends_on, kind, lag))
            fixed[depends_on] = (start, end)
    return Input(list(rows.values()), fixed)


def load_objects(
    session: Session, ids: Select[Any], users: list[int]
) -> tuple[dict[int, Task], dict[int, User]]:
    """The tasks ``ids`` selects and the given users as objects, by id."""
    tasks = session.scalars(select(Task).where(t.tasks.c.id.in_(ids)))
    people = session.scalars(select(User).where(t.users.c.id.in_(users)))
    return {task.id: task for task in tasks}, {user.id: user for user in people}


__all__ = ["Input", "TaskRow", "load", "load_objects", "open_tasks"]
