"""Tasks with their shot or asset, its sequence and project, in one statement.

The shots and assets are selected as themselves, not through
``Task.task_of``: loaded through that AssetBase relationship, each class
would cost one more statement (their tables load with ``selectin``).
``link()`` then sets ``task.task_of``, ``shot.sequence``, ``sequence.project``
and ``asset.project`` from the row, as their lazy loads would have. Their
statuses are left to load when read, instead of a statement each.
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
    """The shot, sequence, asset and project of a task, in the rows' order."""

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
    """Outer join the shot or asset ``task_of_id`` names, its sequence and project."""
    shot, sequence, asset, project = _aliases()
    project_id = func.coalesce(asset.own.c.project_id, sequence.own.c.project_id)
    joins: list[tuple[Flat, ColumnElement[Any]]] = [
        (shot, task_of_id),
        (sequence, shot.own.c.sequence_id),
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
    """Set the task's shot or asset, sequence and project read in ``row``."""
    shot, sequence, asset, project = row
    owner = shot if shot is not None else asset
    if owner is None:  # no shot or asset: a loose task or another class
        return
    attach(task, "_task_of", owner)
    if shot is not None:
        attach(shot, "_sequence", sequence)
    for holder in (sequence, asset):
        if holder is not None:
            attach(holder, "_project", project)


__all__ = ["Owners", "attach", "join_owners", "lazy_statuses", "link", "owners"]
