"""Tasks with their owner and what is above it, in one statement.

A task is done for a project, a sequence, a shot or an asset. The owners are
selected as themselves, not through ``Task.task_of``: loaded through that
TaskOwner relationship, each class would cost one more statement (their
tables load with ``selectin``). ``link()`` then sets ``task.task_of``,
``shot.sequence``, ``sequence.project`` and ``asset.project`` from the row,
as their lazy loads would have. Their statuses are left to load when read,
instead of a statement each.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, FromClause, func
from sqlalchemy.orm import attributes, lazyload
from sqlalchemy.sql.base import ExecutableOption

from stalker.core.models import Asset, Project, Sequence, Shot, Task
from stalker.db import tables as t
from stalker.db.flat import Flat, flat, outerjoin


class Owners(NamedTuple):
    """The shot, sequence, asset and project of a task, in the rows' order.

    Those below the task's owner are None: a sequence's task has no shot.
    """

    shot: Any
    sequence: Any
    asset: Any
    project: Any


@cache
def _aliases() -> Owners:
    return Owners(
        flat(Shot, t.shots),
        flat(Sequence, t.sequences),
        flat(Asset, t.assets),
        flat(Project, t.projects),
    )


def owners() -> Owners:
    """The aliased Shot, Sequence, Asset and Project that ``join_owners`` fills."""
    return Owners(*(alias.entity for alias in _aliases()))


def join_owners(onto: FromClause, task_of_id: ColumnElement[Any]) -> FromClause:
    """Outer join the owner ``task_of_id`` names and the sequence and project above.

    Ids are unique among all entities, so ``task_of_id`` finds a row in the
    table of its owner's class only.
    """
    shot, sequence, asset, project = _aliases()
    sequence_id = func.coalesce(shot.own.c.sequence_id, task_of_id)
    project_id = func.coalesce(
        asset.own.c.project_id, sequence.own.c.project_id, task_of_id
    )
    joins: list[tuple[Flat, ColumnElement[Any]]] = [
        (shot, task_of_id),
        (sequence, sequence_id),
        (asset, task_of_id),
        (project, project_id),
    ]
    for target, key in joins:
        onto = outerjoin(onto, target, key)
    return onto


def lazy_statuses() -> list[ExecutableOption]:
    """Options that leave the owners' statuses to load when read."""
    return [lazyload(entity._status) for entity in owners()]


def attach(obj: Any, key: str, value: Any) -> None:
    """Set the relationship ``key`` of ``obj`` to ``value`` read from the database.

    As its lazy load would: no change is recorded, and a relationship already
    loaded (or changed) is left as it is.
    """
    if key in attributes.instance_state(obj).unloaded:
        attributes.set_committed_value(obj, key, value)


def link(task: Task, row: Owners) -> None:
    """Set the task's owner, its sequence and project read in ``row``."""
    shot, sequence, asset, project = row
    owner = next((obj for obj in row if obj is not None), None)
    if owner is None:  # a loose task
        return
    attach(task, "_task_of", owner)
    if shot is not None:
        attach(shot, "_sequence", sequence)
    for holder in (sequence, asset):
        if holder is not None:
            attach(holder, "_project", project)


__all__ = ["Owners", "attach", "join_owners", "lazy_statuses", "link", "owners"]
