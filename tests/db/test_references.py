"""References of new objects to saved ones are written as keys in their INSERT."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, inspect, select
from statements import statements_of

from stalker import Department, Project, Sequence, Tag, User, Version, db
from stalker.db import tables
from stalker.db.references import plain_references
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


@pytest.fixture
def maker(session) -> User:
    user = make_user("maker")
    session.commit()
    return user


def test_only_one_way_many_to_ones_are_written_as_keys():
    """A reference whose object lists it back (a version's task) is not."""
    written = dict(plain_references(inspect(Version)))
    assert written["_status"] == "status_id"
    assert written["_created_by"] == "created_by_id"
    assert "_task" not in written


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
