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
  changes, before the commit), in one order (``RollUp``): two processes
  completing the last two tasks of a shot take turns, and the second one
  sees the first one's task;
* each level (parent tasks, a level of the hierarchy at a time, then shots
  and assets, sequences, projects) is read in one aggregate statement, the
  distinct statuses of the tasks of each container: no task is loaded; the
  locks are taken level after level, so an owner whose class is not at hand
  (a task loaded without it) is first looked up, to be locked at its level;
* a container whose list has no status for the sum takes the nearest one
  (``workflow.NEAREST``: NEW on a sequence or project for waiting or ready
  tasks), and keeps its status if its list has none of them.

The new statuses are written with one UPDATE per table, the containers'
version counters bumped in one more (a stale edit of one is refused) and a
``"status"`` event noted for each; the containers the session holds have
their status read again when next used. A parent task whose status becomes
done, or stops being done, moves its dependents on in the same commit
(``stalker.db.workflow.parents_done``), and their containers are added up
in turn.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    FromClause,
    Select,
    Table,
    bindparam,
    inspect,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import PassiveFlag, Session, attributes

from stalker.core.models import Asset, Project, Sequence, Shot, SimpleEntity, Task
from stalker.core.models.workflow import NEAREST, add_up
from stalker.db import outbox, workflow
from stalker.db import tables as t
from stalker.db.locks import Namespace, hold

_NOTED = "stalker.rollup.noted"


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


def nearest(names: Container[str], short_name: str) -> str | None:
    """Of a list's status ``names``, the short name of the one nearest ``short_name``.

    ``short_name`` is what tasks add up to (``add_up``); None when the list
    has no status standing for it, and the container keeps its own.
    """
    return next((name for name in NEAREST[short_name] if name in names), None)


def added_up(status_list: Any, short_names: Iterable[str]) -> Any:
    """The Status of ``status_list`` that tasks of these statuses add up to, or None.

    For a new shot or asset whose every task is known before it is written
    (``stalker.db.bulk``): it is written with the status a commit's roll-up
    would give it.
    """
    by_name = {status.short_name: status for status in status_list.statuses}
    name = nearest(by_name, add_up(short_names))
    return None if name is None else by_name[name]


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
    """Bring the containers of the transaction's changed tasks up to date.

    A parent task whose added-up status becomes done (or stops being done)
    moves its dependents on (``stalker.db.workflow.parents_done``); their
    containers are then added up in turn, until nothing changes.
    """
    session.flush()
    roll_up = RollUp(session)
    while noted := session.info.pop(_NOTED, None):
        done = roll_up.run(noted)
        if done:
            workflow.parents_done(session, done)
            session.flush()


#: (id, status id, status list id, next level's id, a task status, the
#: container's status: short name and whether it is done) of a container's
#: aggregate rows.
_Row = tuple[int, int, int, Any, str, str, bool]


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
    current = t.statuses.alias("current")
    columns = (
        table.c.id,
        table.c.status_id,
        table.c.status_list_id,
        above,
        t.statuses.c.short_name,
        current.c.short_name,
        current.c.is_done,
    )
    return (
        select(*columns)
        .join(tasks, tasks.c.container_id == table.c.id)
        .join(t.statuses, t.statuses.c.id == tasks.c.status_id)
        .join(current, current.c.id == table.c.status_id)
        .group_by(*columns)
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


def _around(parents: list[int]) -> CompoundSelect[Any]:
    """The parent tasks ``parents`` and the tasks that depend on them.

    Rows of (task id, 1 for one of ``parents``, else 0 for a dependent, its
    parent's id, its owner's id, the parent it depends on or None, its
    owner's class name or None).
    """
    tk, deps, se = t.tasks, t.task_dependencies, t.simple_entities
    return union_all(
        select(
            tk.c.id, literal(1), tk.c.parent_id, tk.c.task_of_id, null(), null()
        ).where(tk.c.id.in_(parents)),
        select(
            *(tk.c.id, literal(0), tk.c.parent_id, tk.c.task_of_id),
            *(deps.c.depends_on_id, se.c.entity_type),
        )
        .join(deps, deps.c.task_id == tk.c.id)
        .outerjoin(se, se.c.id == tk.c.task_of_id)
        .where(deps.c.depends_on_id.in_(parents)),
    )


def _above_owners(owners: list[int]) -> CompoundSelect[Any]:
    """(id, sequence id, project id) of the shots, assets and sequences ``owners``."""
    sh, a, sq = t.shots, t.assets, t.sequences
    return union_all(
        select(sh.c.id, sh.c.sequence_id, sh.c.project_id).where(sh.c.id.in_(owners)),
        select(a.c.id, null(), a.c.project_id).where(a.c.id.in_(owners)),
        select(sq.c.id, null(), sq.c.project_id).where(sq.c.id.in_(owners)),
    )


def _depth(task_id: int, above_of: dict[int, int | None]) -> int:
    """How many parents ``task_id`` has, as far as ``above_of`` knows."""
    depth, above = 0, above_of.get(task_id)
    while above is not None:
        depth, above = depth + 1, above_of.get(above)
    return depth


class RollUp:
    """One commit's bringing up to date of the containers of changed tasks.

    Locks (``Namespace.ROLL_UPS``) are taken in one order by every process:
    every parent task first, by id, then shots and assets, sequences,
    projects, each by id; so two processes adding up overlapping containers
    never wait for each other in a circle. When a parent task has dependents
    (whose change would add up more containers in the same commit), their
    task locks come first and every container is locked up front.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lists: dict[int, dict[str, int]] = {}
        self.done: set[int] = set()
        #: The parent tasks other tasks depend on, of those added up.
        self.depended_on: set[int] = set()
        #: Those whose status became done (False) or stopped being done
        #: (True), in this run.
        self.parents_done: dict[int, bool] = {}
        #: The status events of this run: (table, id, old name, new name).
        self.changed: list[tuple[Table, int, str, str]] = []

    def run(self, noted: Noted) -> dict[int, bool]:
        """Add up the parents level by level, then owners, sequences, projects.

        Returns the parent tasks whose status became done or stopped being
        done, each with whether it was done before.
        """
        self.parents_done, self.changed = {}, []
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
        above_of = self._lock_up_front(parents, noted)
        self._add_up_parents(parents, above_of)
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
        self._log_changes()
        return self.parents_done

    def _lock_up_front(self, parents: set[int], noted: Noted) -> dict[int, int | None]:
        """Lock the parents above ``parents`` and the owners ``noted`` holds.

        Returns the parent of each parent task found.
        """
        above_of: dict[int, int | None] = {}
        dependents: set[int] = set()
        owners = Noted(**{name: set(getattr(noted, name)) for _, name in _KINDS})
        # Up from the parents and over to their dependents, then up from
        # those: the parents this commit may add up. One statement a level.
        wanted = set(parents)
        while wanted:
            reached = self.session.execute(_around(sorted(wanted))).all()
            for task_id, container, parent_id, owner_id, upstream, kind in reached:
                if container:
                    above_of[task_id] = parent_id
                    continue
                dependents.add(task_id)
                self.depended_on.add(upstream)
                if owner_id is not None:
                    owners.of_kind(_class_of(kind)).add(owner_id)
            wanted = {row[2] for row in reached} - set(above_of) - {None}
        workflow.lock_tasks(self.session, dependents)
        hold(self.session, Namespace.ROLL_UPS, above_of)
        hold(self.session, Namespace.ROLL_UPS, owners.shots | owners.assets)
        if dependents:
            below = owners.shots | owners.assets | owners.sequences
            found = self.session.execute(_above_owners(sorted(below))).all()
            owners.sequences |= {row[1] for row in found} - {None}
            owners.projects |= {row[2] for row in found} - {None}
            hold(self.session, Namespace.ROLL_UPS, owners.sequences)
            hold(self.session, Namespace.ROLL_UPS, owners.projects)
        return above_of

    def _add_up_parents(
        self, parents: set[int], above_of: dict[int, int | None]
    ) -> None:
        """Add up ``parents`` and the parents above them, the deepest first.

        A parent the statement of ``_lock_up_front`` did not see (moved by
        another process meanwhile) is found by the read of its children.
        """
        todo = set(parents)
        for task_id in parents:
            above = above_of.get(task_id)
            while above is not None:
                todo.add(above)
                above = above_of.get(above)
        done: set[int] = set()
        while todo:
            depths = {task_id: _depth(task_id, above_of) for task_id in todo}
            deepest = max(depths.values())
            level = {task_id for task_id, depth in depths.items() if depth == deepest}
            read = self.read(PARENTS, level)
            self.write(PARENTS, read)
            done |= level
            todo = (todo | {rows[0][3] for rows in read.values()}) - done - {None}

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
        hold(self.session, Namespace.ROLL_UPS, wanted)
        by_container: dict[int, list[_Row]] = {}
        for row in self.session.execute(_statuses_of(level, wanted)):
            by_container.setdefault(row[0], []).append(tuple(row))
        return by_container

    def write(self, level: Level, read: dict[int, list[_Row]]) -> None:
        """Store the statuses the containers ``read`` add up to, where they differ."""
        self._read_lists({rows[0][2] for rows in read.values()})
        changes = []
        for container_id, rows in read.items():
            _, status_id, list_id, _, _, old_name, was_done = rows[0]
            new_name = self._name_for(list_id, add_up(row[4] for row in rows))
            if new_name is None:
                continue
            new = self.lists[list_id][new_name]
            if new == status_id:
                continue
            changes.append({"key": container_id, "status": new})
            self.changed.append((level.table, container_id, old_name, new_name))
            if (
                level is PARENTS
                and container_id in self.depended_on
                and (new in self.done) != bool(was_done)
            ):
                self.parents_done[container_id] = bool(was_done)
        if not changes:
            return
        table = level.table
        self.session.execute(
            update(table)
            .where(table.c.id == bindparam("key"))
            .values(status_id=bindparam("status")),
            changes,
        )

    def _log_changes(self) -> None:
        """Bump the changed containers' version counters; log their status events.

        One UPDATE for every container: a session that read one of them
        before (and edits it) is refused as stale. The loaded containers
        read their new status, key and counter when next used.
        """
        if not self.changed:
            return
        se = t.simple_entities
        types: dict[int, str] = dict(
            self.session.execute(
                update(se)
                .where(se.c.id.in_(sorted({row[1] for row in self.changed})))
                .values(version_id=se.c.version_id + 1)
                .returning(se.c.id, se.c.entity_type)
            ).all()
        )
        outbox.record_statuses(
            self.session,
            [(types[id_], id_, old, new) for _, id_, old, new in self.changed],
        )
        keys = inspect(SimpleEntity).identity_key_from_primary_key
        for id_ in types:
            obj = self.session.identity_map.get(keys((id_,)))
            if obj is not None:
                self.session.expire(obj, ["status_id", "_status", "version_id"])

    def _read_lists(self, list_ids: set[int]) -> None:
        """Read the statuses of the lists not read yet: short name -> id."""
        missing = sorted(list_ids - set(self.lists))
        if not missing:
            return
        members, statuses = t.status_list_statuses, t.statuses
        found = self.session.execute(
            select(
                members.c.status_list_id,
                statuses.c.short_name,
                statuses.c.id,
                statuses.c.is_done,
            )
            .join(statuses, statuses.c.id == members.c.status_id)
            .where(members.c.status_list_id.in_(missing))
        )
        for list_id in missing:
            self.lists[list_id] = {}
        for list_id, short_name, status_id, is_done in found:
            self.lists[list_id][short_name] = status_id
            if is_done:
                self.done.add(status_id)

    def _name_for(self, list_id: int, short_name: str) -> str | None:
        """The short name of the list's status nearest ``short_name``, or None."""
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
