"""Rules the database keeps even when several processes write at once.

* ``Version.version_number`` runs 1, 2, 3... per task and take, without
  duplicates or gaps: numbers are given at flush, under a lock per task.
* A user's bookings never overlap: checked after the rows are written, under
  a lock per user, so two processes cannot both book the same hours.
* ``Task.depends`` never forms a cycle: checked in the database, under one
  lock for the dependency graph, after the new edges are written. Nor does
  ``Task.parent``: checked the same way, under the same lock. Under the
  same lock an edge another process stored meanwhile is refused as a
  repeat, and an edge between tasks of two projects is refused.

A violation raises (``OverlappingBookingError``, ``CircularDependencyError``)
from the flush, and the whole unit of work is rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, NoReturn

from sqlalchemy import and_, func, literal, select, tuple_
from sqlalchemy.orm import PassiveFlag, Session, attributes

from stalker.core.models import Booking, Task, TaskDependency, Version
from stalker.core.models.validation import describe, message, refuse
from stalker.db import tables as t
from stalker.db.locks import Namespace, serialize
from stalker.exceptions import CircularDependencyError, OverlappingBookingError

_PENDING = "stalker.integrity.pending"
#: Why a version is refused on a task another process gave a child meanwhile.
LEAF_ONLY = "a leaf Task (another process gave it children meanwhile)"
#: At most this many ids in one ``IN (...)``, well under every backend's limit.
_IDS_PER_STATEMENT = 5000


def _persistent_id(obj: Any) -> int | None:
    identity = attributes.instance_state(obj).identity
    return None if identity is None else identity[0]


def latest_version_numbers(
    session: Session, task_ids: set[int], refuse_parent: Callable[[int], NoReturn]
) -> defaultdict[tuple[Any, str], int]:
    """Lock the saved tasks and return their latest number per (task id, take).

    The locks (one per task, in id order) are held until the transaction
    ends, so no other process numbers versions of these tasks meanwhile, nor
    gives them a child (``stalker.db.workflow`` takes the same lock). A task
    another process gave a child meanwhile is passed to ``refuse_parent``:
    only leaf tasks have versions.
    """
    ordered = sorted(task_ids)
    for task_id in ordered:
        serialize(session, Namespace.VERSION_NUMBERS, task_id)
    latest: defaultdict[tuple[Any, str], int] = defaultdict(int)
    if ordered:
        tk, v, child = t.tasks, t.versions, t.tasks.alias("child")
        has_children = select(child.c.id).where(child.c.parent_id == tk.c.id).exists()
        found = session.execute(
            select(tk.c.id, v.c.take, func.max(v.c.version_number), has_children)
            .outerjoin(v, v.c.task_id == tk.c.id)
            .where(tk.c.id.in_(ordered))
            .group_by(tk.c.id, v.c.take)
        )
        for task_id, take, number, is_parent in found:
            if is_parent:
                refuse_parent(task_id)
            if take is not None:
                latest[(task_id, take)] = number
    return latest


def _number_versions(session: Session) -> None:
    """Give each new version the next free number of its task and take."""
    versions = [
        obj
        for obj in session.new
        if isinstance(obj, Version) and obj._version_number is None
    ]
    saved = {
        task_id
        for version in versions
        if (task_id := _persistent_id(version.task)) is not None
    }

    def refuse_parent(task_id: int) -> NoReturn:
        version = next(v for v in versions if _persistent_id(v.task) == task_id)
        refuse(version, "task", LEAF_ONLY, version.task)

    latest = latest_version_numbers(session, saved, refuse_parent)
    for version in versions:
        task_id = _persistent_id(version.task)
        key = (version.task if task_id is None else task_id, version.take)
        latest[key] += 1
        version._version_number = latest[key]


def _changed(session: Session, cls: type, *attrs: str) -> list[Any]:
    """New objects of ``cls`` and persistent ones with a change in ``attrs``."""
    found = [obj for obj in session.new if isinstance(obj, cls)]
    for obj in session.dirty:
        if isinstance(obj, cls):
            state = attributes.instance_state(obj)
            if any(state.attrs[a].history.has_changes() for a in attrs):
                found.append(obj)
    return found


def _lock_bookings(session: Session) -> list[Booking]:
    bookings = _changed(session, Booking, "_start", "_end", "_resource")
    user_ids = {
        user_id
        for booking in bookings
        if (user_id := _persistent_id(booking.resource)) is not None
    }
    for user_id in sorted(user_ids):
        serialize(session, Namespace.BOOKINGS, user_id)
    return bookings


def _lock_dependencies(session: Session) -> list[tuple[Task, Task]]:
    # A dependency without its tasks is refused by the database (NOT NULL).
    edges = [
        (obj.task, obj.depends_on)
        for obj in session.new
        if isinstance(obj, TaskDependency)
        and obj.task is not None
        and obj.depends_on is not None
    ]
    if edges:
        for task, dependency in edges:
            _check_same_project(task, dependency)
        serialize(session, Namespace.DEPENDENCIES)
        _refuse_stored_edges(session, edges)
    return edges


def _project_of(task: Task) -> Any:
    return task.task_of.project if task.task_of is not None else None


def _check_same_project(task: Task, dependency: Task) -> None:
    """Refuse an edge between the tasks of two projects (now that both are known)."""
    mine, theirs = _project_of(task), _project_of(dependency)
    if mine is not None and theirs is not None and mine is not theirs:
        refuse(task, "depends", f"a list of Tasks of Project {mine.name!r}", dependency)


def _refuse_stored_edges(session: Session, edges: list[tuple[Task, Task]]) -> None:
    """Refuse a new edge another process stored meanwhile, before its insert fails."""
    pairs = {
        (_persistent_id(task), _persistent_id(dependency)): (task, dependency)
        for task, dependency in edges
    }
    saved = [pair for pair in pairs if None not in pair]
    deps = t.task_dependencies
    for i in range(0, len(saved), _IDS_PER_STATEMENT):
        found = session.execute(
            select(deps.c.task_id, deps.c.depends_on_id)
            .where(
                tuple_(deps.c.task_id, deps.c.depends_on_id).in_(
                    saved[i : i + _IDS_PER_STATEMENT]
                )
            )
            .limit(1)
        ).first()
        if found is not None:
            task, dependency = pairs[tuple(found)]
            refuse(
                task,
                "depends",
                "a list of Task instances without repeats (another process "
                "stored this one meanwhile)",
                dependency,
            )


def _lock_parents(session: Session) -> list[Task]:
    """The saved tasks this flush puts under another saved task; the lock.

    The hierarchy shares the dependency graph's lock: two processes making
    a cycle of parents at once take turns, and the second sees the first's.
    """
    moved = [
        obj
        for obj in session.dirty
        if isinstance(obj, Task)
        and _persistent_id(obj) is not None
        and any(
            parent is not None and _persistent_id(parent) is not None
            for parent in attributes.get_history(
                obj, "_parent", passive=PassiveFlag.PASSIVE_NO_INITIALIZE
            ).added
        )
    ]
    if moved:
        serialize(session, Namespace.DEPENDENCIES)
    return moved


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Number new versions and take the locks the checks after the flush need."""
    _number_versions(session)
    session.info[_PENDING] = (
        _lock_bookings(session),
        _lock_dependencies(session),
        _lock_parents(session),
    )


def _check_bookings(session: Session, bookings: list[Booking]) -> None:
    if not bookings:
        return
    b, other = t.bookings.alias("b"), t.bookings.alias("other")
    row = session.execute(
        select(b.c.id, other.c.id)
        .join(
            other,
            and_(
                other.c.resource_id == b.c.resource_id,
                other.c.id != b.c.id,
                other.c.start < b.c.end,
                b.c.start < other.c.end,
            ),
        )
        .where(b.c.id.in_([booking.id for booking in bookings]))
        .limit(1)
    ).first()
    if row is not None:
        booking = next(x for x in bookings if x.id == row[0])
        clash = session.get(Booking, row[1])
        assert clash is not None, row  # just read in the same transaction
        raise OverlappingBookingError(
            f"Booking.start should leave {booking.resource.login_name!r} free, "
            f"not overlap {clash.name!r} ({clash.start:%Y-%m-%d %H:%M} to "
            f"{clash.end:%Y-%m-%d %H:%M} UTC): {booking.start:%Y-%m-%d %H:%M} to "
            f"{booking.end:%Y-%m-%d %H:%M} UTC"
        )


def _reaches(session: Session, start_id: int, target_id: int) -> bool:
    """Tell whether ``target_id`` is upstream of ``start_id`` in the database."""
    deps = t.task_dependencies
    upstream = select(literal(start_id).label("id")).cte("upstream", recursive=True)
    upstream = upstream.union(
        select(deps.c.depends_on_id).join(upstream, deps.c.task_id == upstream.c.id)
    )
    found = session.execute(
        select(upstream.c.id).where(upstream.c.id == target_id).limit(1)
    ).first()
    return found is not None


def _upstream_of_itself(session: Session, task_ids: list[int]) -> bool:
    """Tell whether any of ``task_ids`` is upstream of itself: one statement."""
    deps = t.task_dependencies
    walk = (
        select(deps.c.task_id.label("origin"), deps.c.depends_on_id.label("id"))
        .where(deps.c.task_id.in_(task_ids))
        .cte("walk", recursive=True)
    )
    walk = walk.union(
        select(walk.c.origin, deps.c.depends_on_id).join(
            walk, deps.c.task_id == walk.c.id
        )
    )
    found = session.execute(
        select(walk.c.origin).where(walk.c.origin == walk.c.id).limit(1)
    ).first()
    return found is not None


def _check_dependencies(session: Session, edges: list[tuple[Task, Task]]) -> None:
    task_ids = sorted({task.id for task, _ in edges})
    chunks = range(0, len(task_ids), _IDS_PER_STATEMENT)
    if not any(
        _upstream_of_itself(session, task_ids[i : i + _IDS_PER_STATEMENT])
        for i in chunks
    ):
        return
    # The database held no cycle before, so one of the new edges closes it.
    task, dependency = next(
        (task, dependency)
        for task, dependency in edges
        if _reaches(session, dependency.id, task.id)
    )
    raise CircularDependencyError(
        f"Task.depends should be a list of Tasks that do not depend on "
        f"it, not {describe(dependency)} ({task.name!r} is upstream of "
        f"it in the database)"
    )


def _check_parents(session: Session, moved: list[Task]) -> None:
    """Refuse a task that is above itself in the database: one statement."""
    if not moved:
        return
    tk = t.tasks
    walk = (
        select(tk.c.id.label("origin"), tk.c.parent_id.label("id"))
        .where(tk.c.id.in_(sorted(task.id for task in moved)))
        .cte("walk", recursive=True)
    )
    walk = walk.union(
        select(walk.c.origin, tk.c.parent_id).join(walk, tk.c.id == walk.c.id)
    )
    found = session.execute(
        select(walk.c.origin).where(walk.c.origin == walk.c.id).limit(1)
    ).first()
    if found is not None:
        task = next(task for task in moved if task.id == found[0])
        raise CircularDependencyError(
            message(
                task,
                "parent",
                "a Task that is not one of its own children (another process "
                "made it one of them meanwhile, in the database)",
                task.parent,
            )
        )


def after_flush(session: Session, flush_context: Any) -> None:
    """Check the rows just written against those of every other process."""
    bookings, edges, moved = session.info.pop(_PENDING, ((), (), ()))
    _check_bookings(session, bookings)
    _check_dependencies(session, edges)
    _check_parents(session, moved)


__all__ = ["after_flush", "before_flush"]
