"""What a lock that ran out of time is said to protect (stalker.db.locks)."""

from __future__ import annotations

from factories import a_shot
from statements import statements_of

from stalker import Task, User, db
from stalker.db.locks import Namespace, describe_lock


def test_a_loaded_object_is_named(session):
    """The task or user of a lock is named with its class, name and id."""
    task = Task(name="Anim", task_of=a_shot())
    session.commit()
    session.refresh(task)
    user = db.query(User).filter_by(login_name="admin").one()
    assert describe_lock(session, Namespace.VERSION_NUMBERS, task.id) == (
        f"the version numbers of Task 'Anim' (id {task.id})"
    )
    assert describe_lock(session, Namespace.BOOKINGS, user.id) == (
        f"the bookings of User 'admin' (id {user.id})"
    )


def test_an_object_not_loaded_is_named_by_id_without_reading(session):
    """An expired or absent object is named by its id; nothing is read."""
    task = Task(name="Anim", task_of=a_shot())
    session.flush()
    task_id = task.id
    session.commit()  # expires the task
    described, statements = statements_of(
        lambda: describe_lock(session, Namespace.VERSION_NUMBERS, task_id)
    )
    assert described == f"the version numbers of the Task with id {task_id}"
    assert statements == []
    assert describe_lock(session, Namespace.VERSION_NUMBERS, 10**9) == (
        "the version numbers of the Task with id 1000000000"
    )


def test_locks_of_no_object_are_named_by_what_they_protect(session):
    """The dependency graph and the defaults are named by words alone."""
    assert (
        describe_lock(session, Namespace.DEPENDENCIES, 0)
        == "the task dependencies and hierarchy"
    )
    assert describe_lock(session, Namespace.DEFAULTS, 0) == (
        "the set-up of the database"
    )
