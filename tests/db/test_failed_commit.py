"""A failed flush or commit keeps the user's work; its error shows no values."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, drop
from sqlalchemy import delete, event, update
from sqlalchemy.exc import OperationalError

from stalker import (
    Booking,
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
from stalker.db import errors, tables
from stalker.exceptions import (
    DatabaseError,
    DatabaseRefusedError,
    DuplicateError,
    ForeignSessionError,
    OverlappingBookingError,
    ValidationError,
)

UTC = dt.timezone.utc


def at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, 2, hour, tzinfo=UTC)


def make_user(login: str, **kwargs) -> User:
    return User(
        login_name=login,
        first_name=login.title(),
        email=kwargs.pop("email", f"{login}@studio.com"),
        password="secret",
        **kwargs,
    )


def take_meanwhile(session, user: User, login: str) -> None:
    """Another process gives ``login`` to the saved ``user`` (not yet flushed)."""
    with session.no_autoflush:
        session.execute(
            update(tables.users)
            .where(tables.users.c.id == user.id)
            .values(login_name=login)
        )


def user_of_a_vanished_department(session, login: str) -> User:
    """A new user of a department another process deletes before the flush."""
    department = Department(name=f"Gone {login}")
    session.flush()
    user = make_user(login, department=department)
    with session.no_autoflush:
        session.execute(
            delete(tables.departments).where(tables.departments.c.id == department.id)
        )
    return user


def commit_with_a_clash(session, booked: tuple[Task, User]) -> None:
    """Book the busy user over the saved booking and see the commit refused."""
    task, user = booked
    Booking(task=task, resource=user, start=at(11), end=at(13))
    with pytest.raises(OverlappingBookingError):
        session.commit()


def commit_with_a_failing_hook(session, hook: str) -> None:
    """Commit while a ``hook`` listener raises KeyError; see it raised unchanged."""

    def fail(*_: object) -> None:
        raise KeyError(hook)

    event.listen(session, hook, fail)
    try:
        with pytest.raises(KeyError):
            session.commit()
    finally:
        event.remove(session, hook, fail)


@pytest.fixture
def taken(session) -> User:
    """A saved user whose login and e-mail a new one may not take."""
    user = make_user("taken")
    session.commit()
    return user


@pytest.fixture
def booked(session) -> tuple[Task, User]:
    """A saved task and user, the user booked from 10 to 12."""
    user = make_user("busy")
    task = Task(task_of=a_shot(), name="Animation", resources=[user])
    Booking(task=task, resource=user, start=at(10), end=at(12))
    session.commit()
    return task, user


def test_a_refused_commit_keeps_every_new_object_pending(session, taken):
    """Project, sequence, shots and the faulty user all stay; fixed, all save."""
    project = Project(name="Kept Project")
    sequence = Sequence(name="Seq", project=project)
    shots = [Shot(name=f"SH{i:03d}", sequence=sequence) for i in range(10)]
    user = make_user("newcomer")
    take_meanwhile(session, taken, "newcomer")
    with pytest.raises(ValidationError) as error:
        session.commit()
    assert isinstance(error.value, DuplicateError)
    assert str(error.value) == (
        "User.login_name should be unique in the studio, not str: 'newcomer'"
    )
    assert all(obj in session.new for obj in [project, sequence, *shots, user])
    assert user.id is None and project.id is None
    user.login_name = "newest"
    session.commit()
    session.expire_all()
    assert db.query(Shot).filter(Shot.sequence == sequence).count() == 10
    assert db.query(Project).filter_by(name="Kept Project").one() is project
    assert db.query(User).filter_by(login_name="newest").one() is user


def test_an_error_never_shows_the_password_hash(session):
    """The raw error prints the row's values; Stalker's names no value at all."""
    user = user_of_a_vanished_department(session, "other")
    with pytest.raises(DatabaseRefusedError) as error:
        session.commit()
    text = str(error.value)
    assert user._password not in text
    assert "scrypt" not in text and "secret" not in text
    assert error.value.__cause__ is None and error.value.__suppress_context__


def test_a_refused_commit_keeps_the_changes_of_saved_objects(session, booked):
    """Changed scalars, references and lists of saved objects stay changed."""
    task, _ = booked
    lead = make_user("lead")
    project = Project(name="Saved")
    session.commit()
    tag = Tag(name="Urgent")
    project.name = "Renamed"
    project.lead = lead
    project.tags.append(tag)
    task.priority = 900
    commit_with_a_clash(session, booked)
    assert project in session.dirty and task in session.dirty
    assert (project.name, project.lead, project.tags) == ("Renamed", lead, [tag])
    assert task.priority == 900
    drop(next(obj for obj in session.new if isinstance(obj, Booking)))
    session.commit()
    session.expire_all()
    assert (project.name, project.lead, project.tags) == ("Renamed", lead, [tag])
    assert task.priority == 900


def test_a_refused_flush_keeps_the_work_too(session, taken):
    """``flush()`` called directly recovers like ``commit()``."""
    project = Project(name="Flushed")
    user_of_a_vanished_department(session, "again")
    with pytest.raises(DatabaseRefusedError):
        session.flush()
    assert project in session.new
    with session.no_autoflush:
        assert db.query(Project).filter_by(name="Flushed").count() == 0


def test_a_refused_autoflush_keeps_the_work_too(session, taken):
    """A query's autoflush recovers, and the session answers the next query."""
    project = Project(name="Autoflushed")
    user_of_a_vanished_department(session, "again")
    with pytest.raises(DatabaseRefusedError):
        db.query(Project).all()
    assert project in session.new
    with session.no_autoflush:
        assert db.query(User).filter_by(login_name="taken").count() == 1


def test_work_flushed_earlier_in_the_transaction_is_kept(session, booked):
    """Objects a successful flush wrote are pending again after a later failure."""
    task, user = booked
    first = Project(name="First")
    session.flush()
    first.name = "First Renamed"
    Booking(task=task, resource=user, start=at(9), end=at(11))
    with pytest.raises(OverlappingBookingError):
        session.commit()
    assert first in session.new and first.id is None
    assert first.name == "First Renamed"


@pytest.mark.parametrize("renamed_first", [False, True])
def test_deleted_objects_stay_deleted(session, booked, renamed_first):
    """An object deleted (after a change or not) in the failed unit stays deleted."""
    project = Project(name="To Delete")
    session.commit()
    if renamed_first:
        project.name = "Renamed First"
    session.delete(project)
    commit_with_a_clash(session, booked)
    assert project in session.deleted


def test_an_explicit_rollback_still_discards(session, taken):
    """``rollback()`` asked for by the caller forgets the unsaved work."""
    project = Project(name="Discarded")
    session.flush()
    session.rollback()
    assert project not in session
    session.commit()
    assert db.query(Project).filter_by(name="Discarded").count() == 0


def test_a_failure_inside_a_savepoint_is_translated(session, taken):
    """In ``begin_nested()`` the error is Stalker's; the caller rolls back."""
    nested = session.begin_nested()
    user_of_a_vanished_department(session, "inner")
    with pytest.raises(DatabaseRefusedError):
        session.flush()
    nested.rollback()


def test_an_error_of_python_code_in_the_flush_is_raised_as_it_is(session):
    """Errors that are not the database's pass unchanged, the work kept."""
    tag = Tag(name="Kept")
    commit_with_a_failing_hook(session, "before_flush")
    assert tag in session.new


def test_other_database_failures_become_database_errors(session):
    """A failure that is not about the values names the reason, never them."""
    raw = OperationalError(
        "UPDATE users SET password=?", ("scrypt$hash",), Exception("disk I/O error")
    )
    error = errors.translate(session, raw)
    assert isinstance(error, DatabaseError)
    assert str(error) == ("A write failed in the database: Exception: disk I/O error")


def test_a_translator_can_answer_first(session):
    """Functions in ``errors.translators`` are asked before the general rule."""
    raw = OperationalError("SELECT 1", (), Exception("locked"))
    specific = DatabaseError("locked by someone")
    errors.translators.extend(
        [lambda session, error: None, lambda session, error: specific]
    )
    try:
        assert errors.translate(session, raw) is specific
    finally:
        del errors.translators[-2:]


def test_a_failed_commit_leaves_no_gap_in_version_numbers(session, booked):
    """Two versions, a refused booking, one version kept: it is number 1."""
    task, user = booked
    first, second = Version(task=task), Version(task=task)
    booking = Booking(task=task, resource=user, start=at(11), end=at(13))
    with pytest.raises(OverlappingBookingError):
        session.commit()
    drop(booking)
    drop(first)
    assert first not in session and second in session.new
    session.commit()
    assert second.version_number == 1


def test_an_object_of_another_session_is_refused_clearly(session):
    """Giving this session an object another one holds raises Stalker's error."""
    project = Project(name="Elsewhere")
    session.commit()
    other = db.meta.session.session_factory(bind=session.connection())
    try:
        theirs = other.get(Project, project.id)
        with pytest.raises(ForeignSessionError) as error:
            session.add(theirs)
        assert str(error.value) == (
            f"Project: {project!r} belongs to another session: bring it "
            "into this one with session.merge(), or close the other session first"
        )
        assert isinstance(error.value, ValidationError)
        with pytest.raises(ForeignSessionError):
            Sequence(name="Seq", project=theirs)  # attached through the relation
    finally:
        other.close()


def test_the_audit_stamp_of_the_failed_flush_is_not_kept(session, booked):
    """``date_updated`` set at the failed flush goes back to the saved value."""
    project = Project(name="Stamped")
    session.commit()
    saved_stamp = project.date_updated
    project.description = "changed"
    commit_with_a_clash(session, booked)
    with session.no_autoflush:
        assert project.date_updated == saved_stamp
    assert project.description == "changed"


def test_a_new_object_in_a_loaded_list_is_there_once(session, booked):
    """A sequence added to a project's loaded list is back in it, once."""
    project = Project(name="Loaded")
    session.commit()
    assert project.sequences == []
    sequence = Sequence(name="Seq", project=project)
    commit_with_a_clash(session, booked)
    assert project.sequences == [sequence]
    assert sequence in session.new and project in session.dirty


def test_an_error_at_commit_with_nothing_written_leaves_the_session_usable(session):
    """A failure before anything was flushed still rolls back and goes on."""
    commit_with_a_failing_hook(session, "before_commit")
    Tag(name="After")
    session.commit()
    assert db.query(Tag).filter_by(name="After").count() == 1
