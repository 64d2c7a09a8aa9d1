"""The task workflow kept by the database, also when several processes act at once.

* A workflow action (``task.hold()``, ``review.approve()``...) first takes the
  task's lock (``Namespace.TASK_STATUSES``, held until the transaction ends)
  and reads the task and its reviews again, so it decides on what is
  committed, not on what this session read earlier: two reviewers approving
  at once both count, and the task completes once.
* When a task's status change reaches its dependents, they are found in the
  database, locked one by one (a task before its dependents: the dependency
  graph has no cycle, so two processes never wait for each other in a
  circle) and read again with the statuses they wait on.
* A new booking locks its task at flush and is refused (``StatusError``) if
  another process meanwhile put the task where no time may be booked.
* A flush that changes a task's status takes the task's lock too, so that a
  status written early (an autoflush) never waits in a circle with a
  process holding another lock.
* An answered Review is never changed or deleted.

Task locks come before every other lock of a flush (they are the first
namespace), so a transaction that acts on a task and then books never waits
in a circle with one that books.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, union_all
from sqlalchemy.orm import PassiveFlag, Session, attributes, object_session

from stalker.core.models import Booking, Review, Task
from stalker.core.models.entity import hooks
from stalker.core.models.validation import refuse
from stalker.core.models.workflow import BOOKABLE, NEXT, name_of, refuse_step
from stalker.db import tables as t
from stalker.db.integrity import LEAF_ONLY
from stalker.db.locks import Namespace, hold
from stalker.exceptions import DeleteRefusedError, StatusError


def _saved_id(obj: Any) -> int | None:
    identity = attributes.instance_state(obj).identity
    return None if identity is None else identity[0]


def _fresh(session: Session, ids: Iterable[int]) -> list[Task]:
    """The tasks ``ids`` as committed (or flushed by this session), in id order."""
    found = session.scalars(
        select(Task)
        .where(t.tasks.c.id.in_(sorted(ids)))
        .order_by(t.tasks.c.id)
        .execution_options(populate_existing=True)
    )
    return list(found)


def lock_tasks(session: Session, task_ids: Iterable[int]) -> None:
    """Hold the locks of the tasks ``task_ids`` (in id order) until the end."""
    hold(session, Namespace.TASK_STATUSES, task_ids)


def lock_task(task: Task) -> None:
    """Hold ``task``'s lock until the transaction ends, then read it again."""
    session = object_session(task)
    task_id = _saved_id(task)
    if session is None or task_id is None:
        return  # a new task: no other process knows it
    lock_tasks(session, [task_id])
    session.flush()
    _fresh(session, [task_id])
    reviews = session.scalars(
        select(Review)
        .where(t.reviews.c.task_id == task_id)
        .order_by(t.reviews.c.id)
        .execution_options(populate_existing=True)
    )
    # Flushed just before: the list read is the whole of it.
    attributes.set_committed_value(task, "_reviews", list(reviews))


def dependents(task: Task) -> list[Task]:
    """The tasks that depend on ``task``, locked and read again.

    The statuses of the tasks they wait on are read again too, so that
    ``is_blocked()`` sees what the other processes committed.
    """
    session = object_session(task)
    if session is None:
        return []
    session.flush()
    deps = t.task_dependencies
    ids = list(
        session.scalars(
            select(deps.c.task_id)
            .where(deps.c.depends_on_id == task.id)
            .order_by(deps.c.task_id)
        )
    )
    if not ids:
        return []
    lock_tasks(session, ids)
    upstream = session.scalars(
        select(deps.c.depends_on_id).where(deps.c.task_id.in_(ids)).distinct()
    )
    _fresh(session, set(upstream) - set(ids))
    found = _fresh(session, ids)
    for dependent in found:
        session.expire(dependent, ["_dependencies", "_bookings"])
    return found


def parents_done(session: Session, was_done: dict[int, bool]) -> None:
    """The dependents of parent tasks whose added-up status changed follow it.

    ``was_done`` maps each parent task whose status became done (False) or
    stopped being done (True) to whether it was done before: as for a leaf,
    its dependents waiting only for it become ready, or go back to waiting
    (``RTS`` -> ``WFD``, started or done -> ``DREV``). Their task locks were
    taken before the roll-up's (``stalker.db.rollup``).
    """
    for task in _fresh(session, was_done):
        task._dependents_follow(revised=was_done[task.id])


def _lock_changed_statuses(session: Session, also: Iterable[int]) -> None:
    """Lock the saved tasks whose status this flush changes, and ``also``."""
    lock_tasks(
        session,
        [
            *also,
            *(
                task_id
                for obj in session.dirty
                if isinstance(obj, Task)
                and (task_id := _saved_id(obj)) is not None
                and attributes.get_history(obj, "_status").has_changes()
            ),
        ],
    )


def _check_bookings(session: Session) -> None:
    """Lock the tasks of new bookings; refuse one put out of work meanwhile.

    Also refused: a booking on a task another process meanwhile gave a
    child (only leaf tasks are booked).
    """
    bookings = {
        task_id: obj
        for obj in session.new
        if isinstance(obj, Booking)
        and obj.task is not None
        and (task_id := _saved_id(obj.task)) is not None
    }
    if not bookings:
        return
    lock_tasks(session, bookings)
    tk, children = t.tasks, t.tasks.alias("children")
    found = session.execute(
        select(
            tk.c.id,
            t.statuses.c.short_name,
            t.simple_entities.c.version_id,
            select(children.c.id).where(children.c.parent_id == tk.c.id).exists(),
        )
        .join(t.statuses, t.statuses.c.id == tk.c.status_id)
        .join(t.simple_entities, t.simple_entities.c.id == tk.c.id)
        .where(tk.c.id.in_(sorted(bookings)))
    ).all()
    for task_id, short_name, version, has_children in found:
        task = bookings[task_id].task
        if has_children:
            refuse(bookings[task_id], "task", LEAF_ONLY, task)
        if attributes.instance_state(task).dict.get("version_id") == version:
            continue  # as this session read it: the booking was checked then
        _catch_up(session, task)
        if short_name in NEXT and short_name not in BOOKABLE:
            raise StatusError(
                f"{name_of(task)} is {short_name} in the database (another "
                f"process changed it meanwhile): booking time is not allowed "
                f"(booking needs {' or '.join(BOOKABLE)})"
            )


def _new_parents(session: Session) -> dict[int, tuple[Task, Task]]:
    """The saved tasks this flush gives a child: id -> (the task, the child)."""
    found: dict[int, tuple[Task, Task]] = {}
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Task):
            history = attributes.get_history(
                obj, "_parent", passive=PassiveFlag.PASSIVE_NO_INITIALIZE
            )
            for parent in history.added:
                parent_id = None if parent is None else _saved_id(parent)
                if parent_id is not None:
                    found[parent_id] = (parent, obj)
    return found


def _check_new_parents(session: Session, parents: dict[int, tuple[Task, Task]]) -> None:
    """Refuse a child of a task another process meanwhile gave work (locked)."""
    if not parents:
        return
    ids = sorted(parents)
    worked = session.execute(
        union_all(
            select(t.bookings.c.task_id).where(t.bookings.c.task_id.in_(ids)),
            select(t.versions.c.task_id).where(t.versions.c.task_id.in_(ids)),
            select(t.reviews.c.task_id).where(t.reviews.c.task_id.in_(ids)),
        ).limit(1)
    ).first()
    if worked is not None:
        parent, child = parents[worked[0]]
        refuse(
            child,
            "parent",
            "a Task without bookings, versions or reviews (another process "
            "gave it some meanwhile; only leaf tasks have them)",
            parent,
        )


#: What booking changes on a task: another process's change of it is taken
#: in (the booking made again on it) instead of refusing the booking as stale.
_BOOKING_CHANGES = frozenset({"_status", "_bookings"})


def _catch_up(session: Session, task: Task) -> None:
    """Read again a task another process changed, if only a booking changed it here.

    Two artists booking a ready task at once both move it to WIP: the second
    takes the first one's change instead of failing as a stale edit.
    """
    state = attributes.instance_state(task)
    if set(state.committed_state) <= _BOOKING_CHANGES:
        with session.no_autoflush:
            session.refresh(task)
            task._booked()


def _answered(review: Review) -> bool:
    """Whether the review was answered before this session changed it."""
    state = attributes.instance_state(review)
    status = state.committed_state.get("_status", review.status)
    return status is not None and status.short_name != "NEW"


def _check_reviews(session: Session) -> None:
    """Refuse a change or delete of an answered review."""
    for review in session.deleted:
        if isinstance(review, Review) and _answered(review):
            raise DeleteRefusedError(
                f"{name_of(review)} of {name_of(review.task)} cannot be deleted: "
                f"an answered review is history"
            )
    for review in session.dirty:
        if (
            isinstance(review, Review)
            and session.is_modified(review, include_collections=False)
            and _answered(review)
        ):
            refuse_step(review, "changing it", "an answered review is history")


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Lock the tasks whose status changes or that get a child; check them.

    New children and bookings are checked against the database; answered
    reviews are kept.
    """
    parents = _new_parents(session)
    _lock_changed_statuses(session, parents)
    # A version being numbered on one of them waits, or is waited for.
    hold(session, Namespace.VERSION_NUMBERS, parents)
    _check_new_parents(session, parents)
    _check_bookings(session)
    _check_reviews(session)


def install() -> None:
    """Connect the workflow's hooks of the model to the database."""
    hooks.lock_task = lock_task
    hooks.dependents = dependents


__all__ = [
    "before_flush",
    "dependents",
    "install",
    "lock_task",
    "lock_tasks",
    "parents_done",
]
