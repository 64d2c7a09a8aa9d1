"""The database's own checks of the hierarchy, for what this session did not see.

Another process's change is played here by making the session forget it
(``set_committed_value``) or by writing it with plain SQL: the model's checks pass on what the session
knows, and the check at flush, under the lock, reads the database.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import attributes
from test_rollup import Production

from stalker import Booking, Task, Version, db
from stalker.db import bulk, tables
from stalker.exceptions import CircularDependencyError, ValidationError


@pytest.fixture
def film() -> Production:
    return Production()


def test_a_parent_cycle_stored_meanwhile_is_refused(film):
    a, b = Task(name="A", task_of=film.shot), Task(name="B", task_of=film.shot)
    db.session.commit()
    assert a.parent is None  # as read here; "another process" then:
    db.session.execute(
        update(tables.tasks).where(tables.tasks.c.id == a.id).values(parent_id=b.id)
    )
    with pytest.raises(CircularDependencyError) as error:
        b.parent = a  # its own checks pass; its flush is refused
        db.session.flush()
    assert str(error.value).startswith(
        "Task.parent should be a Task that is not one of its own children "
        "(another process made it one of them meanwhile, in the database), not "
    )
    db.session.rollback()


def test_a_booking_on_a_task_given_a_child_meanwhile_is_refused(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    Task(name="Child", parent=task)
    db.session.flush()
    attributes.set_committed_value(task, "_children", [])  # not seen here
    film.book(task)
    with pytest.raises(ValidationError) as error:
        db.session.flush()
    assert "Booking.task should be a leaf Task (another process gave it " in str(
        error.value
    )
    db.session.rollback()


@pytest.mark.parametrize("in_bulk", [False, True])
def test_a_version_of_a_task_given_a_child_meanwhile_is_refused(film, in_bulk):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    Task(name="Child", parent=task)
    db.session.flush()
    attributes.set_committed_value(task, "_children", [])  # not seen here
    with pytest.raises(ValidationError) as error:
        if in_bulk:
            batch = bulk.Import()
            batch.version(task=task)
            batch.save()
        else:
            Version(task=task)
            db.session.flush()
    assert "Version.task should be a leaf Task (another process gave it " in str(
        error.value
    )
    db.session.rollback()


def test_a_child_of_a_task_booked_meanwhile_is_refused(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    film.book(task)
    db.session.flush()
    attributes.set_committed_value(task, "_bookings", [])  # not seen here
    Task(name="Child", parent=task)
    with pytest.raises(ValidationError) as error:
        db.session.flush()
    assert "Task.parent should be a Task without bookings, versions or reviews" in (
        str(error.value)
    )
    db.session.rollback()


def test_a_booking_on_a_leaf_is_taken(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    film.book(task)
    db.session.commit()
    assert [booking.task for booking in db.session.query(Booking)] == [task]
