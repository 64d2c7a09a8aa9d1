"""Questions asked of a production many times a day, each in a fixed few statements.

However big the project, each function issues the same number of SQL
statements (one for the rows, plus the ``selectin`` loads of their statuses).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.orm import selectinload

from stalker.core.models import AssetBase, Project, Task, User, Version
from stalker.db import meta
from stalker.db import tables as t

#: The statuses of a task that is no longer anyone's work.
CLOSED = ("CMPL", "STOP")


def open_tasks(user: User, closed: Iterable[str] = CLOSED) -> list[Task]:
    """Return the tasks ``user`` is a resource of whose status is not ``closed``."""
    resources = t.task_resources
    query = (
        select(Task)
        .join(resources, resources.c.task_id == t.tasks.c.id)
        .join(t.statuses, t.statuses.c.id == t.tasks.c.status_id)
        .where(resources.c.user_id == user.id)
        .where(t.statuses.c.short_name.not_in(list(closed)))
        .order_by(t.tasks.c.id)
    )
    return list(meta.session.scalars(query))


def latest_versions(owner: AssetBase) -> list[Version]:
    """Return the newest version of each task and take of a shot or asset."""
    v = t.versions
    newest = (
        select(v.c.task_id, v.c.take, func.max(v.c.version_number).label("number"))
        .join(t.tasks, t.tasks.c.id == v.c.task_id)
        .where(t.tasks.c.task_of_id == owner.id)
        .group_by(v.c.task_id, v.c.take)
        .subquery()
    )
    query = (
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
        .options(selectinload(Version._task))
    )
    return list(meta.session.scalars(query))


def status_counts(project: Project) -> dict[str, int]:
    """Count the tasks of a project's shots and assets by status short name."""
    tk, sh, seq, asset = t.tasks, t.shots, t.sequences, t.assets
    owners = union_all(
        select(sh.c.id.label("id"))
        .join(seq, seq.c.id == sh.c.sequence_id)
        .where(seq.c.project_id == project.id),
        select(asset.c.id).where(asset.c.project_id == project.id),
    ).subquery()
    query = (
        select(t.statuses.c.short_name, func.count(tk.c.id))
        .select_from(tk)
        .join(owners, owners.c.id == tk.c.task_of_id)
        .join(t.statuses, t.statuses.c.id == tk.c.status_id)
        .group_by(t.statuses.c.short_name)
        .order_by(t.statuses.c.short_name)
    )
    return {name: count for name, count in meta.session.execute(query)}


__all__ = ["CLOSED", "latest_versions", "open_tasks", "status_counts"]
