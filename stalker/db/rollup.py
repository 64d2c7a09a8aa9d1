"""The statuses of parent tasks, shots, assets, sequences and projects, added up.

A container shows the status its tasks add up to
(``stalker.core.models.workflow.add_up``): a parent task its children's, a
shot or an asset its tasks', a sequence the tasks of its shots, a project
the tasks of its shots and assets. The tasks a transaction creates, moves,
deletes or changes the status of are noted at each flush; at commit, after
a last flush, their containers are brought up to date in the same
transaction:

* each container's lock (``Namespace.ROLL_UPS``) is taken before it is
  read, after every task lock of the transaction (those come with the
  changes, before the commit), in one order (``RollUp``): two processes
  completing the last two tasks of a shot take turns, and the second one
  sees the first one's task;
* each level (parent tasks, a level of the hierarchy at a time, then shots
  and assets, sequences, projects) is read in one aggregate statement, the
  distinct statuses of the tasks of each container: no task is loaded;
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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
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

from stalker.core.models import Shot, SimpleEntity, Task
from stalker.core.models.workflow import NEAREST, add_up
from stalker.db import outbox, workflow
from stalker.db import tables as t
from stalker.db.locks import Namespace, hold

_NOTED = "stalker.rollup.noted"


@dataclass
class Noted:
    """What the transaction's flushes changed: the containers to add up again.

    ``tasks`` are changed tasks whose parent and owner were not at hand (read
    at commit); ``owners`` are shots or assets of unknown class.
    """

    tasks: set[int] = field(default_factory=set)
    parents: set[int] = field(default_factory=set)
    shots: set[int] = field(default_factory=set)
    assets: set[int] = field(default_factory=set)
    owners: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(vars(self).values())

    def owner(self, obj: Any) -> None:
        """Note a shot or asset (or the id of one) to add up again."""
        if obj is None:
            return
        if isinstance(obj, int):
            self.owners.add(obj)
            return
        found = _id(obj)
        if found is not None:
            (self.shots if isinstance(obj, Shot) else self.assets).add(found)


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
    for obj in session.deleted:
        if isinstance(obj, Task):
            loaded = attributes.instance_state(obj).dict
            parent = _id(loaded.get("_parent"))
            if parent is not None:
                noted.parents.add(parent)
            noted.owner(loaded.get("_task_of"))


def note_tasks(session: Session, ids: Iterable[int]) -> None:
    """Note tasks written without the ORM (``stalker.db.bulk``) for the commit."""
    _noted(session).tasks.update(ids)


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
    """Containers of one kind and how their tasks' statuses are read."""

    table: Table
    above: ColumnElement[Any] | None
    tasks: Any  # the tasks' (container id, status id) rows


def _statuses_of(level: Level, ids: list[int]) -> Select[Any]:
    """One aggregate statement: the distinct task statuses of each container."""
    table, tasks = level.table, level.tasks
    above = level.above if level.above is not None else table.c.id
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
        .where(table.c.id.in_(ids))
        .group_by(*columns)
        .order_by(table.c.id)
    )


def _tasks_by(column: ColumnElement[Any]) -> Any:
    return select(column.label("container_id"), t.tasks.c.status_id).subquery()


def _tasks_of_shots(column: ColumnElement[Any]) -> Any:
    tk, sh = t.tasks, t.shots
    return (
        select(column.label("container_id"), tk.c.status_id)
        .join(sh, sh.c.id == tk.c.task_of_id)
        .subquery()
    )


def _tasks_of_projects() -> Any:
    tk, sh, a = t.tasks, t.shots, t.assets
    return union_all(
        select(sh.c.project_id.label("container_id"), tk.c.status_id).join(
            sh, sh.c.id == tk.c.task_of_id
        ),
        select(a.c.project_id.label("container_id"), tk.c.status_id).join(
            a, a.c.id == tk.c.task_of_id
        ),
    ).subquery()


PARENTS = Level(t.tasks, t.tasks.c.parent_id, _tasks_by(t.tasks.c.parent_id))
SHOTS = Level(t.shots, t.shots.c.sequence_id, _tasks_by(t.tasks.c.task_of_id))
ASSETS = Level(t.assets, t.assets.c.project_id, _tasks_by(t.tasks.c.task_of_id))
SEQUENCES = Level(
    t.sequences, t.sequences.c.project_id, _tasks_of_shots(t.shots.c.sequence_id)
)
PROJECTS = Level(t.projects, None, _tasks_of_projects())


def _around(parents: list[int]) -> CompoundSelect[Any]:
    """The parent tasks ``parents`` and the tasks that depend on them.

    Rows of (task id, 1 for one of ``parents``, else 0 for a dependent, its
    parent's id, its owner's id, the parent it depends on or None).
    """
    tk, deps = t.tasks, t.task_dependencies
    return union_all(
        select(tk.c.id, literal(1), tk.c.parent_id, tk.c.task_of_id, null()).where(
            tk.c.id.in_(parents)
        ),
        select(
            tk.c.id, literal(0), tk.c.parent_id, tk.c.task_of_id, deps.c.depends_on_id
        )
        .join(deps, deps.c.task_id == tk.c.id)
        .where(deps.c.depends_on_id.in_(parents)),
    )


def _above_owners(owners: list[int]) -> CompoundSelect[Any]:
    """The (id, sequence id, project id) of the shots and assets ``owners``."""
    sh, a = t.shots, t.assets
    return union_all(
        select(sh.c.id, sh.c.sequence_id, sh.c.project_id).where(sh.c.id.in_(owners)),
        select(a.c.id, null(), a.c.project_id).where(a.c.id.in_(owners)),
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
        parents, shots, assets = noted.parents, noted.shots, noted.assets
        owners = set(noted.owners)
        if noted.tasks:
            found = self.session.execute(
                select(t.tasks.c.parent_id, t.tasks.c.task_of_id).where(
                    t.tasks.c.id.in_(sorted(noted.tasks))
                )
            ).all()
            parents |= {row.parent_id for row in found} - {None}
            owners |= {row.task_of_id for row in found} - {None}
        above_of = self._lock_up_front(parents, shots | assets | owners)
        self._add_up_parents(parents, above_of)
        # Above the tasks, no level reads another's status: read all, then write.
        levels: list[tuple[Level, dict[int, list[_Row]]]] = []
        for level, ids in ((SHOTS, shots | owners), (ASSETS, assets | owners)):
            levels.append((level, self.read(level, ids)))
        sequences = {rows[0][3] for rows in levels[0][1].values()}
        projects = {rows[0][3] for rows in levels[1][1].values()}
        levels.append((SEQUENCES, self.read(SEQUENCES, sequences - {None})))
        projects |= {rows[0][3] for rows in levels[2][1].values()}
        levels.append((PROJECTS, self.read(PROJECTS, projects - {None})))
        self._read_lists({rows[0][2] for _, read in levels for rows in read.values()})
        for level, read in levels:
            self.write(level, read)
        self._log_changes()
        return self.parents_done

    def _lock_up_front(
        self, parents: set[int], owners: set[int]
    ) -> dict[int, int | None]:
        """Lock the parents above ``parents`` and the shots and assets ``owners``.

        Returns the parent of each parent task found.
        """
        above_of: dict[int, int | None] = {}
        dependents: set[int] = set()
        # Up from the parents and over to their dependents, then up from
        # those: the parents this commit may add up. One statement a level.
        wanted = set(parents)
        while wanted:
            reached = self.session.execute(_around(sorted(wanted))).all()
            for task_id, container, parent_id, owner_id, upstream in reached:
                if container:
                    above_of[task_id] = parent_id
                else:
                    dependents.add(task_id)
                    self.depended_on.add(upstream)
                    owners = owners | {owner_id} - {None}
            wanted = {row[2] for row in reached} - set(above_of) - {None}
        workflow.lock_tasks(self.session, dependents)
        hold(self.session, Namespace.ROLL_UPS, above_of)
        hold(self.session, Namespace.ROLL_UPS, owners)
        if dependents:
            found = self.session.execute(_above_owners(sorted(owners))).all()
            for column in (1, 2):  # sequences, then projects
                ids = {row[column] for row in found} - {None}
                hold(self.session, Namespace.ROLL_UPS, ids)
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
        statuses = self.lists[list_id]
        return next((name for name in NEAREST[short_name] if name in statuses), None)


__all__ = [
    "after_flush",
    "after_rollback",
    "before_commit",
    "before_flush",
    "note_tasks",
]
