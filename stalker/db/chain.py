"""What placing versions' files reads, loaded in one statement when missing.

Rendering a version's path reads its task, the task's owner (a shot, an
asset, a sequence or the project), the sequence and project above,
repository, structure, TypeTemplates and their AssetTypes, and the task's
pipeline step. Read lazily, in a new session or after a commit has expired
them, that is one statement per object; ``load_chains()`` reads them for up
to ``BATCH`` tasks in one, and nothing for the chains already at hand (a
chain of new objects is all at hand: nothing of it is in the database).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import PassiveFlag, Session, attributes, contains_eager, lazyload

from stalker.core.models import (
    Asset,
    AssetType,
    PipelineStep,
    Project,
    Repository,
    Sequence,
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
        .where(t.tasks.c.id.in_(bindparam("tasks", expanding=True)))
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


#: The most tasks whose chains one statement loads.
BATCH = 500

#: What ``_held`` answers when reading the attribute would run SQL.
_UNKNOWN: Any = object()


def _held(obj: Any, key: str) -> Any:
    """``obj.key`` if reading it runs no SQL, else ``_UNKNOWN``.

    A new object's attribute that was never set is None: nothing of it is in
    the database to load.
    """
    loaded = obj.__dict__  # the state's dict: the common case, and the cheap one
    if key in loaded:
        return loaded[key]
    state = attributes.instance_state(obj)
    history = attributes.get_history(obj, key, passive=PassiveFlag.PASSIVE_NO_FETCH)
    held = [*history.added, *history.unchanged]
    if held:
        return held[0]
    return None if state.key is None else _UNKNOWN


#: What rendering reads from a task's owner, one attribute after the other.
_SHOT_PATH = ("_sequence", "_project", "_structure", "_asset_templates")
_PATHS: tuple[tuple[type, tuple[str, ...]], ...] = (
    (Shot, _SHOT_PATH),
    (Asset, _SHOT_PATH[1:]),
    (Sequence, _SHOT_PATH[1:]),
    (Project, _SHOT_PATH[2:]),
)


def _chain_at_hand(task: Task) -> bool:
    """Tell whether rendering the paths of the task's versions reads no SQL."""
    obj = _held(task, "_task_of")
    path = next((keys for cls, keys in _PATHS if isinstance(obj, cls)), ())
    for key in path:
        obj = _held(obj, key)
        if obj is None or obj is _UNKNOWN:
            break
    return obj is not _UNKNOWN


def _task_to_load(version: Version, checked: dict[int, Any]) -> Any:
    """The id of the version's task if its chain has to be loaded, else None.

    ``checked`` keeps the answer for each task object, asked once.
    """
    task = _held(version, "_task")
    if task is _UNKNOWN:
        return version.task_id  # type: ignore[attr-defined]  # read with the version's row
    found = checked.get(id(task), _UNKNOWN)
    if found is _UNKNOWN:
        key = None if task is None else attributes.instance_state(task).key
        found = None if key is None or _chain_at_hand(task) else key[1][0]
        checked[id(task)] = found  # a new task (no key): nothing to load it by
    return found


def _load(session: Session, wanted: dict[Any, list[Version]]) -> None:
    """Load the chains of the tasks ``wanted`` names, BATCH at a time."""
    ids = list(wanted)
    for start in range(0, len(ids), BATCH):
        rows = session.execute(_statement(), {"tasks": ids[start : start + BATCH]})
        for task, *joined, template, kind in rows.unique():
            for version in wanted[task.id]:
                attach(version, "_task", task)
            link(task, Owners(*joined))
            if template is not None and kind is not None:
                attach(template, "_type", kind)


def load_chains(versions: Iterable[Version]) -> None:
    """Load what placing the versions' files reads, if missing: one statement a batch.

    The versions are of one session; those at hand, in no session or whose
    task is new are left as they are (to their lazy loads). Nothing loaded
    or changed already is replaced.
    """
    wanted: dict[Any, list[Version]] = {}
    checked: dict[int, Any] = {}
    session = None
    for version in versions:
        state = attributes.instance_state(version)
        task_id = None if state.session_id is None else _task_to_load(version, checked)
        if task_id is not None:
            session = state.session
            wanted.setdefault(task_id, []).append(version)
    if session is not None:
        _load(session, wanted)


#: ``session.info`` key: identity keys of versions a scan has not reached yet.
_UNSEEN = "stalker.chain.unseen"


def _version_keys(session: Session) -> list[Any]:
    """The identity keys of the session's versions whose task is known without SQL."""
    keys = []
    for state in session.identity_map.all_states():
        if issubclass(state.class_, Version):
            loaded = state.dict
            if "task_id" in loaded or "_task" in loaded:
                keys.append(state.key)
    return keys


def load_chain(version: Version) -> None:
    """Load what placing the version's file reads, in one statement, if missing.

    Rendering versions one by one after a query must not read each one's
    chain on its own: the statement also loads the missing chains of other
    versions the session holds, up to ``BATCH`` tasks in all. The versions
    a full batch left unseen are looked at first next time, so rendering a
    session's versions one by one goes over the session about once. Nothing
    loaded or changed already is replaced; a version in no session is left
    to its lazy loads.
    """
    session = attributes.instance_state(version).session
    checked: dict[int, Any] = {}
    task_id = None if session is None else _task_to_load(version, checked)
    if session is None or task_id is None:
        return
    wanted = {task_id: [version]}
    keys = session.info.pop(_UNSEEN, None) or _version_keys(session)
    for seen, key in enumerate(keys):
        if len(wanted) == BATCH:
            session.info[_UNSEEN] = keys[seen:]
            break
        other: Version | None = session.identity_map.get(key)
        other_id = None if other is None else _task_to_load(other, checked)
        if other is not None and other_id is not None:
            wanted.setdefault(other_id, []).append(other)
    _load(session, wanted)


__all__ = ["BATCH", "load_chain", "load_chains"]
