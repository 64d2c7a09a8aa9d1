"""Storing computed values: a few bulk statements instead of one flush per task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, bindparam, delete, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from stalker.core.models import Task, User
from stalker.db import tables as t

#: (task, computed_start, computed_end, computed_resources)
Computed = tuple[Task, "dt.datetime | None", "dt.datetime | None", list[User]]


def store(session: Session, computed: Sequence[Computed], scope: Select) -> None:
    """Write the computed values in the session's transaction (not committed).

    ``scope`` selects the ids of the tasks whose computed resources are
    replaced: those of ``computed``. The objects get the same values as
    already-stored state, so they are not flushed again; a rollback expires
    them back to what the database holds.
    """
    tasks = t.tasks
    connection = session.connection()
    rows = [
        {"task_id": task.id, "start": start, "end": end}
        for task, start, end, _ in computed
    ]
    if not rows:
        return
    connection.execute(
        update(tasks)
        .where(tasks.c.id == bindparam("task_id"))
        .values(computed_start=bindparam("start"), computed_end=bindparam("end")),
        rows,
    )
    chosen = t.task_computed_resources
    connection.execute(delete(chosen).where(chosen.c.task_id.in_(scope)))
    pairs = [
        {"task_id": task.id, "user_id": user.id}
        for task, _, _, users in computed
        for user in users
    ]
    if pairs:
        connection.execute(insert(chosen), pairs)
    for task, start, end, users in computed:
        set_committed_value(task, "_computed_start", start)
        set_committed_value(task, "_computed_end", end)
        set_committed_value(task, "_computed_resources", list(users))


__all__ = ["Computed", "store"]
