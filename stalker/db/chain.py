"""What placing a version's file reads, loaded in one statement when missing.

Rendering a version's path reads its task, the task's shot or asset, sequence,
project, repository, structure, TypeTemplates and their AssetTypes, and the
task's pipeline step. Read lazily, in a new session or after a commit has
expired them, that is one statement per object; ``load_chain()`` reads them
all in one, and nothing when they are already at hand.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import PassiveFlag, attributes, contains_eager, lazyload

from stalker.core.models import (
    Asset,
    AssetType,
    PipelineStep,
    Project,
    Repository,
    Shot,
    Structure,
    Task,
    TypeTemplate,
    Version,
)
from stalker.db import tables as t
from stalker.db.flat import flat, outerjoin
from stalker.db.owners import Owners, attach, join_owners, lazy_statuses, link, owners


@cache
def _statement() -> Select[Any]:
    step = flat(PipelineStep, t.pipeline_steps)
    repository = flat(Repository, t.repositories)
    structure = flat(Structure, t.structures)
    template = flat(TypeTemplate, t.type_templates)
    kind = flat(AssetType, t.asset_types)
    project = owners().project
    links = t.structure_asset_templates.alias()
    tasks = t.simple_entities.join(t.tasks, t.tasks.c.id == t.simple_entities.c.id)
    joined = join_owners(tasks, t.tasks.c.task_of_id)
    joined = outerjoin(joined, step, t.tasks.c.pipeline_step_id)
    joined = outerjoin(joined, repository, project.repository_id)
    joined = outerjoin(joined, structure, project.structure_id)
    joined = joined.outerjoin(links, links.c.structure_id == structure.own.c.id)
    joined = outerjoin(joined, template, links.c.type_template_id)
    joined = outerjoin(joined, kind, template.own.c.type_id)
    return (
        select(Task, *owners(), template.entity, kind.entity)
        .select_from(joined)
        .where(t.tasks.c.id == bindparam("task"))
        .order_by(template.own.c.id)
        .options(
            lazyload(Task._status),  # type: ignore[arg-type]
            *lazy_statuses(),
            contains_eager(Task._pipeline_step.of_type(step.entity)),  # type: ignore[misc,union-attr]
            contains_eager(project._repository.of_type(repository.entity)),
            contains_eager(project._structure.of_type(structure.entity)).contains_eager(
                structure.entity._asset_templates.of_type(template.entity)
            ),
            lazyload(kind.entity._steps_entries),
        )
    )


def _held(obj: Any, key: str) -> Any:
    """``obj.key`` if reading it runs no SQL (loaded or in the identity map)."""
    if obj is None:
        return None
    loaded = attributes.instance_state(obj).dict
    if key in loaded:  # the common case, and the cheap one
        return loaded[key]
    history = attributes.get_history(obj, key, passive=PassiveFlag.PASSIVE_NO_FETCH)
    held = [*history.added, *history.unchanged]
    return held[0] if held else None


def _project_at_hand(version: Version) -> Project | None:
    owner = _held(_held(version, "_task"), "_task_of")
    if isinstance(owner, Shot):
        return _held(_held(owner, "_sequence"), "_project")
    return _held(owner, "_project") if isinstance(owner, Asset) else None


def _at_hand(version: Version) -> bool:
    """Tell whether the version's project and TypeTemplates are read without SQL."""
    structure = _held(_project_at_hand(version), "_structure")
    return bool(_held(structure, "_asset_templates"))


def load_chain(version: Version) -> None:
    """Load what placing the version's file reads, in one statement, if missing.

    Nothing loaded or changed already is replaced; a version in no session
    is left to its lazy loads.
    """
    session = inspect(version).session
    if session is None or _at_hand(version):
        return
    task_id = version.task_id  # type: ignore[attr-defined]  # None while the version is pending: its task has it
    if task_id is None:
        task_id = version.task.id
    rows = session.execute(_statement(), {"task": task_id})
    for task, *joined, template, kind in rows.unique():
        attach(version, "_task", task)
        link(task, Owners(*joined))
        if template is not None and kind is not None:
            attach(template, "_type", kind)


__all__ = ["load_chain"]
