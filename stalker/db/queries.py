"""Questions asked of a production many times a day, each in a fixed few statements.

However big the project, each function issues the same number of SQL
statements (one for the rows, plus the ``selectin`` loads of their statuses).
Each statement is built once per process with bound parameters, so asking
again costs only its execution.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select, union_all
from sqlalchemy.orm import selectinload

from stalker.core.models import Project, Task, TaskOwner, User, Version
from stalker.db import meta
from stalker.db import tables as t


@cache
def _open_tasks(by_name: bool) -> Select[Any]:
    resources = t.task_resources
    statuses = t.statuses.c
    return (
        select(Task)
        .join(resources, resources.c.task_id == t.tasks.c.id)
        .join(t.statuses, statuses.id == t.tasks.c.status_id)
        .where(resources.c.user_id == bindparam("user"))
        .where(
            statuses.short_name.not_in(bindparam("closed", expanding=True))
            if by_name
            else statuses.is_done.is_(False)
        )
        .order_by(t.tasks.c.id)
    )


def open_tasks(user: User, closed: Iterable[str] | None = None) -> list[Task]:
    """Return the tasks ``user`` is a resource of that are not closed.

    Closed are the tasks whose status is done (``Status.is_done``: CMPL,
    STOP), or whose status's short name is in ``closed`` when given.
    """
    by_name = closed is not None
    values: dict[str, Any] = {"user": user.id}
    if closed is not None:
        values["closed"] = list(closed)
    return list(meta.session.scalars(_open_tasks(by_name), values))


@cache
def _latest_versions() -> Select[Any]:
    v = t.versions
    newest = (
        select(v.c.task_id, v.c.take, func.max(v.c.version_number).label("number"))
        .join(t.tasks, t.tasks.c.id == v.c.task_id)
        .where(t.tasks.c.task_of_id == bindparam("owner"))
        .group_by(v.c.task_id, v.c.take)
        .subquery()
    )
    return (
        select(Version)
        .join(
            newest,
            and_(
                v.c.task_id == newest.c.task_id,
                v.c.take == newest.c.take,
                v.c.version_number == newest.c.number,
            ),
        )
        .order_by(v.c.task_id, v.c.take)
        .options(selectinload(Version._task))  # type: ignore[arg-type,misc]
    )


def latest_versions(owner: TaskOwner) -> list[Version]:
    """Return the newest version of each task and take of ``owner``'s tasks.

    ``owner`` is a shot, an asset, a sequence or a project; its tasks are
    those done for it directly (``owner.tasks`` and their children).
    """
    return list(meta.session.scalars(_latest_versions(), {"owner": owner.id}))


@cache
def _status_counts() -> Select[Any]:
    tk, sh, seq, asset, project = t.tasks, t.shots, t.sequences, t.assets, t.projects
    owners = union_all(
        select(project.c.id.label("id")).where(project.c.id == bindparam("project")),
        select(seq.c.id).where(seq.c.project_id == bindparam("project")),
        select(sh.c.id)
        .join(seq, seq.c.id == sh.c.sequence_id)
        .where(seq.c.project_id == bindparam("project")),
        select(asset.c.id).where(asset.c.project_id == bindparam("project")),
    ).subquery()
    return (
        select(t.statuses.c.short_name, func.count(tk.c.id))
        .select_from(tk)
        .join(owners, owners.c.id == tk.c.task_of_id)
        .join(t.statuses, t.statuses.c.id == tk.c.status_id)
        .group_by(t.statuses.c.short_name)
        .order_by(t.statuses.c.short_name)
    )


def status_counts(project: Project) -> dict[str, int]:
    """Count a project's tasks by status short name.

    They are the tasks of the project itself, of its sequences, their shots
    and its assets.
    """
    rows = meta.session.execute(_status_counts(), {"project": project.id})
    return {name: count for name, count in rows}


__all__ = ["latest_versions", "open_tasks", "status_counts"]
