"""Reading what the planner needs with a few Core statements, whatever the size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, ColumnElement, Select, Table, exists, func, select
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
    #: The parent tasks, planned through their children.
    tree: Hierarchy


def _project_id() -> ColumnElement[Any]:
    """The project of a task: its own, its sequence's, its shot's or its asset's.

    Ids are unique among all entities: a ``task_of_id`` that is no shot's,
    sequence's or asset's and is a project's id is that project.
    """
    return func.coalesce(
        t.sequences.c.project_id, t.assets.c.project_id, t.tasks.c.task_of_id
    )


def _of_projects(query: Select[Any], projects: Sequence[Project]) -> Select[Any]:
    """``query`` of tasks, kept to those done for the projects or what is in them."""
    tasks, shots, sequences, assets = t.tasks, t.shots, t.sequences, t.assets
    sequence_id = func.coalesce(shots.c.sequence_id, tasks.c.task_of_id)
    return (
        query.outerjoin(shots, shots.c.id == tasks.c.task_of_id)
        .outerjoin(sequences, sequences.c.id == sequence_id)
        .outerjoin(assets, assets.c.id == tasks.c.task_of_id)
        .where(_project_id().in_([project.id for project in projects]))
    )


def open_tasks(projects: Sequence[Project]) -> Select[Any]:
    """The ids, names, bids, priorities and projects of the projects' open tasks.

    Only leaf tasks are work: a parent task is planned through its children.
    """
    tasks = t.tasks
    project_id = _project_id()
    children = t.tasks.alias("children")
    query = select(
        tasks.c.id,
        t.simple_entities.c.name,
        tasks.c.bid,
        tasks.c.priority,
        project_id,
    )
    return (
        _of_projects(query, projects)
        .join(t.simple_entities, t.simple_entities.c.id == tasks.c.id)
        .join(t.statuses, t.statuses.c.id == tasks.c.status_id)
        .where(
            ~exists().where(children.c.parent_id == tasks.c.id),
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
    tree = Hierarchy(session, projects)
    fixed = {}
    deps, other = t.task_dependencies, t.tasks.alias("other")
    waiting = select(t.tasks.c.id).where(t.tasks.c.id.in_([*rows, *tree.parents]))
    found = session.execute(
        select(deps.c.task_id, deps.c.depends_on_id, deps.c.kind, deps.c.lag_seconds)
        .where(deps.c.task_id.in_(waiting))
        .add_columns(other.c.computed_start, other.c.computed_end, t.statuses.c.is_done)
        .join(other, other.c.id == deps.c.depends_on_id)
        .join(t.statuses, t.statuses.c.id == other.c.status_id)
        .order_by(deps.c.task_id, deps.c.depends_on_id)
    )
    for task_id, depends_on, kind, lag, start, end, done in found:
        waiters = [row for row in tree.leaves_of(task_id) if row in rows]
        for upstream in tree.leaves_of(depends_on):
            if upstream in rows:
                for waiter in waiters:
                    _wait(rows[waiter], (upstream, kind, lag))
            elif not done and end is not None and upstream == depends_on:
                for waiter in waiters:
                    _wait(rows[waiter], (depends_on, kind, lag))
                fixed[depends_on] = (start, end)
    return Input(list(rows.values()), fixed, tree)


def _wait(row: TaskRow, dependency: tuple[int, str, int]) -> None:
    """Add a dependency to the task once (a parent's and its own may repeat)."""
    if dependency not in row.dependencies and dependency[0] != row.id:
        row.dependencies.append(dependency)


class Hierarchy:
    """The parent tasks of the projects and the leaf tasks under each."""

    def __init__(self, session: Session, projects: Sequence[Project]) -> None:
        tasks = t.tasks
        pairs = session.execute(
            _of_projects(
                select(tasks.c.id, tasks.c.parent_id).where(
                    tasks.c.parent_id.is_not(None)
                ),
                projects,
            )
        ).all()
        self.children: dict[int, list[int]] = {}
        for child, parent in pairs:
            self.children.setdefault(parent, []).append(child)
        #: The parent tasks, each after its children.
        self.parents: list[int] = []
        seen: set[int] = set()
        for parent in sorted(self.children):
            self._after_children(parent, seen)

    def _after_children(self, task: int, seen: set[int]) -> None:
        if task in seen or task not in self.children:
            return
        seen.add(task)
        for child in self.children[task]:
            self._after_children(child, seen)
        self.parents.append(task)

    def leaves_of(self, task: int) -> list[int]:
        """The leaf tasks under ``task`` (itself if it has no children)."""
        below = self.children.get(task)
        if below is None:
            return [task]
        return [leaf for child in below for leaf in self.leaves_of(child)]


def load_objects(
    session: Session, ids: Select[Any], users: list[int]
) -> tuple[dict[int, Task], dict[int, User]]:
    """The tasks ``ids`` selects and the given users as objects, by id."""
    tasks = session.scalars(select(Task).where(t.tasks.c.id.in_(ids)))
    people = session.scalars(select(User).where(t.users.c.id.in_(users)))
    return {task.id: task for task in tasks}, {user.id: user for user in people}


__all__ = ["Hierarchy", "Input", "TaskRow", "load", "load_objects", "open_tasks"]
