"""Reading the owners and dependencies of many tasks at once, not one task at a time."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from stalker.core.models import (
    Asset,
    Project,
    Sequence,
    Shot,
    Task,
    TaskDependency,
    TaskOwner,
)
from stalker.db import tables as t

#: Tasks per statement, well under every backend's parameter limit.
CHUNK = 500


def _owners(session: Session, ids: list[int]) -> dict[int, TaskOwner]:
    """The owners the tasks belong to, shots with their sequences.

    Sequences and projects, owners themselves or above them, are read once.
    """
    owned = select(t.tasks.c.task_of_id).where(t.tasks.c.id.in_(ids))
    shots = session.scalars(select(Shot).where(t.shots.c.id.in_(owned))).all()
    assets = session.scalars(select(Asset).where(t.assets.c.id.in_(owned))).all()
    above = select(t.shots.c.sequence_id).where(t.shots.c.id.in_(owned))
    sequences = {
        sequence.id: sequence
        for sequence in session.scalars(
            select(Sequence).where(t.sequences.c.id.in_(union_all(owned, above)))
        )
    }
    projects = session.scalars(select(Project).where(t.projects.c.id.in_(owned)))
    for shot in shots:
        set_committed_value(shot, "_sequence", sequences.get(shot.sequence_id))  # type: ignore[attr-defined]
    found: list[TaskOwner] = [*shots, *assets, *sequences.values(), *projects]
    return {owner.id: owner for owner in found}


def preload(tasks: list[Task]) -> None:
    """Load the tasks' owners and dependencies in a few statements per chunk.

    Tasks that are not in a session (or whose dependencies are already
    loaded) are left as they are.
    """
    session = object_session(tasks[0]) if tasks else None
    if session is None:
        return
    waiting = [task for task in tasks if "_dependencies" not in task.__dict__]
    deps = t.task_dependencies
    for first in range(0, len(waiting), CHUNK):
        chunk = {task.id: task for task in waiting[first : first + CHUNK]}
        owners = _owners(session, list(chunk))
        found: dict[int, list[TaskDependency]] = defaultdict(list)
        for dependency in session.scalars(
            select(TaskDependency)
            .where(deps.c.task_id.in_(list(chunk)))
            .order_by(deps.c.task_id, deps.c.depends_on_id)
        ):
            found[dependency.task_id].append(dependency)  # type: ignore[attr-defined]
        for task_id, task in chunk.items():
            set_committed_value(task, "_dependencies", found[task_id])
            set_committed_value(task, "_task_of", owners.get(task.task_of_id))  # type: ignore[attr-defined]


__all__ = ["CHUNK", "preload"]
