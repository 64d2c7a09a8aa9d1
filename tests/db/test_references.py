"""References of new objects to saved ones are written as keys in their INSERT."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event, inspect, select
from statements import statements_of

from stalker import (
    Department,
    Project,
    Sequence,
    Shot,
    Tag,
    Task,
    User,
    Version,
    db,
)
from stalker.db import tables
from stalker.db.references import references
from stalker.exceptions import DatabaseRefusedError

se = tables.simple_entities


def make_user(login: str, **kwargs) -> User:
    return User(
        login_name=login,
        first_name=login.title(),
        email=f"{login}@studio.com",
        password="secret",
        **kwargs,
    )


def stored(column, obj):
    """The value of ``column`` in ``obj``'s row."""
    return db.session.execute(
        select(column).where(column.table.c.id == obj.id)
    ).scalar_one()


def authors_of(obj) -> tuple[int, int]:
    """The created_by and updated_by ids stored in ``obj``'s row."""
    return db.session.execute(
        select(se.c.created_by_id, se.c.updated_by_id).where(se.c.id == obj.id)
    ).one()


def refused_user(session) -> User:
    """A new user whose saved department another process deletes: refused."""
    department = Department(name="Vanishing")
    session.flush()
    user = make_user("refused", department=department)
    with session.no_autoflush:
        session.execute(
            delete(tables.departments).where(tables.departments.c.id == department.id)
        )
    return user


@contextmanager
def sorted_one_by_one(session) -> Iterator[Callable[[], set[str]]]:
    """The relationships the unit of work had to sort object by object.

    SQLAlchemy sorts the objects of a flush one by one when the references it
    has to follow make a cycle between its per-class steps: the relationships
    are read from the cycles it found (empty when it sorted class by class).
    """
    found: set[str] = set()

    def note(session, flush_context) -> None:
        found.update(
            str(step.dependency_processor.prop)
            for step in flush_context.cycles or ()
            if hasattr(step, "dependency_processor")
        )

    event.listen(session, "after_flush", note)
    try:
        yield lambda: found
    finally:
        event.remove(session, "after_flush", note)


@pytest.fixture
def maker(session) -> User:
    user = make_user("maker")
    session.commit()
    return user


def test_many_to_ones_with_a_reverse_side_are_written_only_when_empty():
    """A version's task (a task lists its versions) is left to the unit of work."""
    written = {
        key: (column, one_way) for key, column, one_way in references(inspect(Version))
    }
    assert written["_status"] == ("status_id", True)
    assert written["_created_by"] == ("created_by_id", True)
    assert written["_task"] == ("task_id", False)


def test_a_new_user_without_a_department_is_sorted_class_by_class(session):
    """Its empty department (users are listed by their department) is a NULL key."""
    with sorted_one_by_one(session) as cycles:
        user = make_user("loner")
        session.flush()
    assert cycles() == set()
    assert user.department is None
    assert stored(tables.users.c.department_id, user) is None


def test_the_empty_parent_of_a_new_task_is_a_null_key(session):
    """A top task's parent is stored as NULL without the unit of work following it."""
    project = Project(name="Top")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))
    session.commit()
    with sorted_one_by_one(session) as cycles:
        task = Task(name="Layout", task_of=shot)
        session.flush()
    assert "Task._parent" not in cycles()
    assert "Task._task_of" in cycles()  # a shot lists its tasks: still followed
    assert vars(task)["_parent"] is None
    assert task in shot.tasks
    assert stored(tables.tasks.c.parent_id, task) is None


def test_a_parent_given_then_taken_back_leaves_no_child(session):
    """The new task is stored without a parent, and the other lists no child."""
    project = Project(name="Undo")
    shot = Shot(name="SH020", sequence=Sequence(name="SEQ", project=project))
    other = Task(name="Other", task_of=shot)
    task = Task(name="Moved", task_of=shot, parent=other)
    task.parent = None
    session.commit()
    assert other.children == []
    assert task.parent is None
    assert stored(tables.tasks.c.parent_id, task) is None


def test_a_new_object_made_by_a_saved_user_needs_no_update(session, maker):
    """Its creator is in its INSERT, and the object still holds the user."""
    tag = Tag(name="Made", created_by=maker)
    _, statements = statements_of(session.flush)
    assert [s for s in statements if s.startswith("UPDATE")] == []
    assert vars(tag)["_created_by"] is maker
    assert authors_of(tag) == (maker.id, maker.id)


def test_the_status_of_a_new_object_is_stored(session):
    """The statuses are saved: their ids go into the new rows as they are."""
    project = Project(name="Keys")
    sequence = Sequence(name="Seq", project=project, status=1)
    session.commit()
    sequences = tables.sequences
    row = session.execute(
        select(sequences.c.status_id, sequences.c.status_list_id).where(
            sequences.c.id == sequence.id
        )
    ).one()
    assert row == (sequence.status.id, sequence.status_list.id)
    assert sequence.status is sequence.status_list.statuses[1]


def test_a_reference_to_a_new_object_is_left_to_the_unit_of_work(session):
    """A user saved in the same flush gets its id first, then the tag points at it."""
    user = make_user("fresh")
    tag = Tag(name="Fresh", created_by=user)
    session.commit()
    assert authors_of(tag) == (user.id, user.id)


def test_a_refused_commit_keeps_the_references_for_the_next(session, maker):
    """The failed flush gives them back; once the cause is fixed, they are stored."""
    user = refused_user(session)
    tag = Tag(name="Kept", created_by=maker)
    with pytest.raises(DatabaseRefusedError):
        session.commit()
    assert tag.created_by is maker and tag.updated_by is maker
    user.department = None
    session.commit()
    assert authors_of(tag) == (maker.id, maker.id)


def test_a_failed_flush_in_a_savepoint_gives_the_references_back(session, maker):
    """Rolled back with its savepoint, the new object is as it was given."""
    nested = session.begin_nested()
    refused_user(session)
    tag = Tag(name="Lost", created_by=maker)
    with pytest.raises(DatabaseRefusedError):
        session.flush()
    nested.rollback()
    assert vars(tag)["_created_by"] is maker
    assert vars(tag)["_updated_by"] is maker


def test_a_new_project_made_by_a_new_user_needs_no_update(session):
    """The user's row comes first: the project's INSERT holds its id."""
    user = make_user("newhand")
    project = Project(name="Authored", created_by=user)
    _, statements = statements_of(session.flush)
    assert [s for s in statements if s.startswith("UPDATE")] == []
    assert authors_of(project) == (user.id, user.id)


def test_users_and_departments_made_by_each_other_are_stored(session):
    """Rows that refer to each other get their authors by an UPDATE after both."""
    department = Department(name="Circle")
    user = make_user("circle", department=department)
    department.created_by = user
    user.created_by = user
    session.commit()
    assert authors_of(department)[0] == authors_of(user)[0] == user.id
