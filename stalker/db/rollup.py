"""The statuses of parent tasks, shots, assets, sequences and projects, added up.

A container shows the status its tasks add up to
(``stalker.core.models.workflow.add_up``): a parent task its children's, a
shot or an asset its tasks', a sequence its own tasks and those of its
shots, a project its own tasks and those of its sequences, shots and
assets. The tasks a transaction creates, moves, deletes or changes the
status of are noted at each flush; at commit, after a last flush, their
containers are brought up to date in the same transaction:

* each container's lock (``Namespace.ROLL_UPS``) is taken before it is
  read, after every task lock of the transaction (those come with the
  changes, before the commit): two processes completing the last two tasks
  of a shot take turns, and the second one sees the first one's task;
* each level (parent tasks, a level of the hierarchy at a time, then shots
  and assets, sequences, projects) is read in one aggregate statement, the
  distinct statuses of the tasks of each container: no task is loaded; the
  locks are taken level after level, so an owner whose class is not at hand
  (a task loaded without it) is first looked up, to be locked at its level;
* a container whose list has no status for the sum takes the nearest one
  (``workflow.NEAREST``: NEW on a sequence or project for waiting or ready
  tasks), and keeps its status if its list has none of them.

The new statuses are written with one UPDATE per table; the containers the
session holds have their status read again when next used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Table,
    bindparam,
    inspect,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import PassiveFlag, Session, attributes

from stalker.core.models import Asset, Project, Sequence, Shot, SimpleEntity, Task
from stalker.core.models.workflow import NEAREST, add_up
from stalker.db import tables as t
from stalker.db.locks import Namespace, serialize

_NOTED = "stalker.rollup.noted"
_S = TypeVar("_S")


#: The owners of tasks by class, as ``Noted`` keeps them: (class, its set's name).
_KINDS = (
    (Shot, "shots"),
    (Asset, "assets"),
    (Sequence, "sequences"),
    (Project, "projects"),
)


@dataclass
class Noted:
    """What the transaction's flushes changed: the containers to add up again.

    ``tasks`` are changed tasks whose parent and owner were not at hand (read
    at commit); ``owners`` are owners of unknown class (looked up at commit).
    ``sequences`` also holds those given shots already added up
    (``note_imported``).
    """

    tasks: set[int] = field(default_factory=set)
    parents: set[int] = field(default_factory=set)
    shots: set[int] = field(default_factory=set)
    assets: set[int] = field(default_factory=set)
    sequences: set[int] = field(default_factory=set)
    projects: set[int] = field(default_factory=set)
    owners: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(vars(self).values())

    def owner(self, obj: Any) -> None:
        """Note a task's owner (or the id of one) to add up again."""
        if obj is None:
            return
        if isinstance(obj, int):
            self.owners.add(obj)
            return
        found = _id(obj)
        if found is not None:
            self.of_kind(type(obj)).add(found)

    def of_kind(self, cls: type) -> set[int]:
        """The set of owners of the class ``cls`` (a subclass of one of _KINDS)."""
        name = next(name for kind, name in _KINDS if issubclass(cls, kind))
        found: set[int] = getattr(self, name)
        return found


def _key(primary_key: tuple[int]) -> Any:
    """The identity key of the entity with ``primary_key``."""
    return inspect(SimpleEntity).identity_key_from_primary_key(primary_key)


def _class_of(entity_type: str) -> type:
    """The mapped class an ``entity_type`` stands for."""
    found: type = inspect(SimpleEntity).polymorphic_map[entity_type].class_
    return found


def _noted(session: Session) -> Noted:
    found: Noted | None = session.info.get(_NOTED)
    if found is None:
        found = session.info[_NOTED] = Noted()
    return found


def _id(obj: Any) -> int | None:
    """The id of a saved object, also one this flush has just inserted."""
    if obj is None:
        return None
    state = attributes.instance_state(obj)
    found: int | None = state.dict.get("id")
    return found if found is not None or state.identity is None else state.identity[0]


#: The changes of a task that may change what its containers add up to.
_MOVING = ("_status", "_parent", "_task_of")


def _history(obj: Task, key: str) -> Any:
    return attributes.get_history(obj, key, passive=PassiveFlag.PASSIVE_NO_INITIALIZE)


def _note_task(noted: Noted, obj: Task, loaded: dict[str, Any]) -> None:
    """Note the parent and owner of a task, from memory where they are at hand."""
    if "_parent" in loaded and "_task_of" in loaded:
        parent = _id(loaded["_parent"])
        if parent is not None:
            noted.parents.add(parent)
        noted.owner(loaded["_task_of"])
    elif "parent_id" in loaded and "task_of_id" in loaded:
        if loaded["parent_id"] is not None:
            noted.parents.add(loaded["parent_id"])
        noted.owner(loaded["task_of_id"])
    else:
        noted.tasks.add(obj.id)


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Move the children of a task moved to another owner along with it."""
    with session.no_autoflush:
        for obj in list(session.dirty):
            if isinstance(obj, Task) and _history(obj, "_task_of").has_changes():
                _move_below(obj)


def _move_below(task: Task) -> None:
    for child in task.children:
        child._take_owner(task.task_of)
        _move_below(child)


def after_flush(session: Session, flush_context: Any) -> None:
    """Note the containers of the tasks this flush wrote, and those they left."""
    noted = _noted(session)
    for obj in session.new:
        if isinstance(obj, Task):
            _note_task(noted, obj, attributes.instance_state(obj).dict)
    for obj in session.dirty:
        if isinstance(obj, Task):
            changes = [_history(obj, key) for key in _MOVING]
            if any(history.has_changes() for history in changes):
                _note_task(noted, obj, attributes.instance_state(obj).dict)
                noted.parents.update(
                    found for old in changes[1].deleted if (found := _id(old))
                )
                for old in changes[2].deleted:
                    noted.owner(old)
                # The owner it left when that was not loaded: its id.
                noted.owners.update(
                    old for old in _history(obj, "task_of_id").deleted if old
                )
    for obj in session.deleted:
        if isinstance(obj, Task):
            loaded = attributes.instance_state(obj).dict
            parent = _id(loaded.get("_parent"))
            if parent is not None:
                noted.parents.add(parent)
            noted.owner(loaded.get("_task_of"))


def nearest(statuses: Mapping[str, _S], short_name: str) -> _S | None:
    """Of a list's ``statuses`` (short name -> status), the one nearest ``short_name``.

    ``short_name`` is what tasks add up to (``add_up``); None when the list
    has no status standing for it, and the container keeps its own.
    """
    return next(
        (statuses[name] for name in NEAREST[short_name] if name in statuses), None
    )


def added_up(status_list: Any, short_names: Iterable[str]) -> Any:
    """The Status of ``status_list`` that tasks of these statuses add up to, or None.

    For a new shot or asset whose every task is known before it is written
    (``stalker.db.bulk``): it is written with the status a commit's roll-up
    would give it.
    """
    by_name = {status.short_name: status for status in status_list.statuses}
    return nearest(by_name, add_up(short_names))


def note_imported(
    session: Session, owners: Iterable[Any], sequences: Iterable[int]
) -> None:
    """Note for the commit what rows written without the ORM changed (``bulk``).

    ``owners`` are the saved shots and assets that were given tasks;
    ``sequences`` the ids of those given shots written already added up
    (``added_up``), whose own status and their projects' are added up again.
    """
    noted = _noted(session)
    for owner in owners:
        noted.owner(owner)
    noted.sequences.update(sequences)


def after_rollback(session: Session) -> None:
    """Forget what was noted: its rows are gone."""
    session.info.pop(_NOTED, None)


def before_commit(session: Session) -> None:
    """Bring the containers of the transaction's changed tasks up to date."""
    session.flush()
    noted = session.info.pop(_NOTED, None)
    if not noted:
        return
    RollUp(session).run(noted)


#: (id, status id, status list id, next level's id, a task status) of a
#: container's aggregate rows.
_Row = tuple[int, int, int, Any, str]


@dataclass(frozen=True)
class Level:
    """Containers of one kind and how their tasks' statuses are read.

    ``ways`` are the ways tasks hang on a container, each the column holding
    the container's id and the tables it is read from: a shot's tasks by
    their own ``task_of_id``, a sequence's also through its shots.
    """

    table: Table
    above: ColumnElement[Any] | None
    ways: tuple[tuple[ColumnElement[Any], FromClause], ...]


def _statuses_of(level: Level, ids: list[int]) -> Select[Any]:
    """One aggregate statement: the distinct task statuses of each container."""
    table = level.table
    above = level.above if level.above is not None else table.c.id
    rows = [
        select(column.label("container_id"), t.tasks.c.status_id)
        .select_from(source)
        .where(column.in_(ids))
        for column, source in level.ways
    ]
    tasks = (rows[0] if len(rows) == 1 else union_all(*rows)).subquery()
    return (
        select(
            table.c.id,
            table.c.status_id,
            table.c.status_list_id,
            above,
            t.statuses.c.short_name,
        )
        .join(tasks, tasks.c.container_id == table.c.id)
        .join(t.statuses, t.statuses.c.id == tasks.c.status_id)
        .group_by(
            table.c.id,
            table.c.status_id,
            table.c.status_list_id,
            above,
            t.statuses.c.short_name,
        )
        .order_by(table.c.id)
    )


def _through(table: Table) -> FromClause:
    """The tasks joined to their owners in ``table`` (for the containers above)."""
    return t.tasks.join(table, table.c.id == t.tasks.c.task_of_id)


#: The tasks done directly for a container.
_OWN = (t.tasks.c.task_of_id, t.tasks)

PARENTS = Level(t.tasks, t.tasks.c.parent_id, ((t.tasks.c.parent_id, t.tasks),))
SHOTS = Level(t.shots, t.shots.c.sequence_id, (_OWN,))
ASSETS = Level(t.assets, t.assets.c.project_id, (_OWN,))
SEQUENCES = Level(
    t.sequences,
    t.sequences.c.project_id,
    (_OWN, (t.shots.c.sequence_id, _through(t.shots))),
)
PROJECTS = Level(
    t.projects,
    None,
    (
        _OWN,
        (t.sequences.c.project_id, _through(t.sequences)),
        (t.shots.c.project_id, _through(t.shots)),
        (t.assets.c.project_id, _through(t.assets)),
    ),
)


class RollUp:
    """One commit's bringing up to date of the containers of changed tasks."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lists: dict[int, dict[str, int]] = {}

    def run(self, noted: Noted) -> None:
        """Add up the parents level by level, then owners, sequences, projects."""
        parents = noted.parents
        if noted.tasks:
            se = t.simple_entities
            found = self.session.execute(
                select(t.tasks.c.parent_id, t.tasks.c.task_of_id, se.c.entity_type)
                .outerjoin(se, se.c.id == t.tasks.c.task_of_id)
                .where(t.tasks.c.id.in_(sorted(noted.tasks)))
            ).all()
            parents |= {row.parent_id for row in found} - {None}
            for row in found:
                if row.task_of_id is not None:
                    noted.of_kind(_class_of(row.entity_type)).add(row.task_of_id)
        self._sort_owners(noted)
        while parents:
            read = self.read(PARENTS, parents)
            self.write(PARENTS, read)
            parents = {rows[0][3] for rows in read.values()} - {None}
        # Above the tasks, no level reads another's status: read all, then write.
        levels: list[tuple[Level, dict[int, list[_Row]]]] = []
        for level, ids in ((SHOTS, noted.shots), (ASSETS, noted.assets)):
            levels.append((level, self.read(level, ids)))
        sequences = noted.sequences | {rows[0][3] for rows in levels[0][1].values()}
        projects = noted.projects | {rows[0][3] for rows in levels[1][1].values()}
        levels.append((SEQUENCES, self.read(SEQUENCES, sequences - {None})))
        projects |= {rows[0][3] for rows in levels[2][1].values()}
        levels.append((PROJECTS, self.read(PROJECTS, projects - {None})))
        self._read_lists({rows[0][2] for _, read in levels for rows in read.values()})
        for level, read in levels:
            self.write(level, read)

    def _sort_owners(self, noted: Noted) -> None:
        """Note each owner of unknown class with its class, to lock it at its level.

        The session's objects tell theirs; the others are looked up in one
        statement.
        """
        unknown = []
        for owner_id in noted.owners:
            obj = self.session.identity_map.get(_key((owner_id,)))
            if obj is None:
                unknown.append(owner_id)
            else:
                noted.of_kind(type(obj)).add(owner_id)
        if unknown:
            se = t.simple_entities
            for owner_id, entity_type in self.session.execute(
                select(se.c.id, se.c.entity_type).where(se.c.id.in_(sorted(unknown)))
            ):
                noted.of_kind(_class_of(entity_type)).add(owner_id)

    def read(self, level: Level, ids: Iterable[int]) -> dict[int, list[_Row]]:
        """Lock the containers ``ids`` of ``level``; their tasks' statuses."""
        wanted = sorted(ids)
        if not wanted:
            return {}
        for container_id in wanted:
            serialize(self.session, Namespace.ROLL_UPS, container_id)
        by_container: dict[int, list[_Row]] = {}
        for row in self.session.execute(_statuses_of(level, wanted)):
            by_container.setdefault(row[0], []).append(tuple(row))
        return by_container

    def write(self, level: Level, read: dict[int, list[_Row]]) -> None:
        """Store the statuses the containers ``read`` add up to, where they differ."""
        self._read_lists({rows[0][2] for rows in read.values()})
        changes = []
        for container_id, rows in read.items():
            _, status_id, list_id, _, _ = rows[0]
            new = self._status_for(list_id, add_up(row[4] for row in rows))
            if new is not None and new != status_id:
                changes.append({"key": container_id, "status": new})
        if not changes:
            return
        table = level.table
        self.session.execute(
            update(table)
            .where(table.c.id == bindparam("key"))
            .values(status_id=bindparam("status")),
            changes,
        )
        # The loaded containers read their new status: the key and the object.
        keys = inspect(SimpleEntity).identity_key_from_primary_key
        for change in changes:
            obj = self.session.identity_map.get(keys((change["key"],)))
            if obj is not None:
                self.session.expire(obj, ["status_id", "_status"])

    def _read_lists(self, list_ids: set[int]) -> None:
        """Read the statuses of the lists not read yet: short name -> id."""
        missing = sorted(list_ids - set(self.lists))
        if not missing:
            return
        members = t.status_list_statuses
        found = self.session.execute(
            select(members.c.status_list_id, t.statuses.c.short_name, t.statuses.c.id)
            .join(t.statuses, t.statuses.c.id == members.c.status_id)
            .where(members.c.status_list_id.in_(missing))
        )
        for list_id in missing:
            self.lists[list_id] = {}
        for list_id, short_name, status_id in found:
            self.lists[list_id][short_name] = status_id

    def _status_for(self, list_id: int, short_name: str) -> int | None:
        """The id of the list's status nearest ``short_name``, or None."""
        return nearest(self.lists[list_id], short_name)


__all__ = [
    "added_up",
    "after_flush",
    "after_rollback",
    "before_commit",
    "before_flush",
    "nearest",
    "note_imported",
]
