"""Storing computed values: a few bulk statements, only for what changed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from stalker.core.models import Task, User
from stalker.db import tables as t

#: (task, computed_start, computed_end, computed_resources)
Computed = tuple[Task, "dt.datetime | None", "dt.datetime | None", list[User]]

#: Never equal to a value: an attribute the object has not loaded.
_UNLOADED = object()


def _store_times(connection: Connection, computed: Sequence[Computed]) -> None:
    """Update the start and end of the tasks whose stored ones differ."""
    rows = [
        {"task_id": task.id, "start": start, "end": end}
        for task, start, end, _ in computed
        if (task.computed_start, task.computed_end) != (start, end)
    ]
    if rows:
        tasks = t.tasks
        connection.execute(
            update(tasks)
            .where(tasks.c.id == bindparam("task_id"))
            .values(computed_start=bindparam("start"), computed_end=bindparam("end")),
            rows,
        )


def _store_teams(
    connection: Connection, computed: Sequence[Computed], scope: Select[Any]
) -> None:
    """Replace the computed resources of the tasks whose stored ones differ."""
    chosen = t.task_computed_resources
    stored: dict[int, set[int]] = defaultdict(set)
    for task_id, user_id in connection.execute(
        select(chosen.c.task_id, chosen.c.user_id).where(chosen.c.task_id.in_(scope))
    ):
        stored[task_id].add(user_id)
    changed = [
        (task.id, users)
        for task, _, _, users in computed
        if {user.id for user in users} != stored.get(task.id, set())
    ]
    emptied = [{"task_id": task_id} for task_id, _ in changed if task_id in stored]
    if emptied:
        connection.execute(
            delete(chosen).where(chosen.c.task_id == bindparam("task_id")), emptied
        )
    pairs = [
        {"task_id": task_id, "user_id": user.id}
        for task_id, users in changed
        for user in users
    ]
    if pairs:
        connection.execute(insert(chosen), pairs)


def store(session: Session, computed: Sequence[Computed], scope: Select[Any]) -> None:
    """Write the computed values in the session's transaction (not committed).

    ``scope`` selects the ids of the tasks of ``computed``; only the values
    that differ from the stored ones are written. The objects get the same
    values as already-stored state, so they are not flushed again (a value
    an object has loaded already is left alone); a rollback expires them back
    to what the database holds.
    """
    connection = session.connection()
    _store_times(connection, computed)
    _store_teams(connection, computed, scope)
    for task, start, end, users in computed:
        held = task.__dict__  # what the object has loaded, by mapped key
        if held.get("_computed_start", _UNLOADED) != start:
            set_committed_value(task, "_computed_start", start)
        if held.get("_computed_end", _UNLOADED) != end:
            set_committed_value(task, "_computed_end", end)
        if held.get("_computed_resources", _UNLOADED) != users:
            set_committed_value(task, "_computed_resources", list(users))


def store_spans(
    session: Session,
    children: dict[int, list[int]],
    parents: list[int],
    computed: Sequence[Computed],
) -> None:
    """Give each parent task the span of its children's planned start and end.

    ``parents`` lists each parent after its children; a parent none of
    whose children was planned keeps what it had.
    """
    spans: dict[int, tuple[dt.datetime, dt.datetime]] = {
        task.id: (start, end)
        for task, start, end, _ in computed
        if start is not None and end is not None
    }
    rows = []
    for parent in parents:
        below = [spans[child] for child in children[parent] if child in spans]
        if below:
            spans[parent] = (min(s for s, _ in below), max(e for _, e in below))
            start, end = spans[parent]
            rows.append({"task_id": parent, "start": start, "end": end})
    if not rows:
        return
    tasks = t.tasks
    session.connection().execute(
        update(tasks)
        .where(tasks.c.id == bindparam("task_id"))
        .values(computed_start=bindparam("start"), computed_end=bindparam("end")),
        rows,
    )
    for row in rows:
        task = session.identity_map.get(session.identity_key(Task, row["task_id"]))
        if task is not None:
            set_committed_value(task, "_computed_start", row["start"])
            set_committed_value(task, "_computed_end", row["end"])


__all__ = ["Computed", "store", "store_spans"]
