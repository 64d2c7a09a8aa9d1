"""Rules kept at flush: version numbers, booking overlaps, dependency cycles."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, drop
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from stalker import Booking, Project, Task, User, Version, db
from stalker.db import tables
from stalker.exceptions import (
    CircularDependencyError,
    DuplicateError,
    OverlappingBookingError,
)

UTC = dt.timezone.utc


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 1, 5, hour, minute, tzinfo=UTC)


@pytest.fixture
def user(session) -> User:
    return User(
        login_name="artist", first_name="Art", email="art@studio.com", password="x"
    )


@pytest.fixture
def task(session, user) -> Task:
    task = Task(task_of=a_shot(), name="Animation", resources=[user])
    session.commit()
    return task


def test_versions_are_numbered_in_creation_order(session, task):
    """Versions flushed together get 1, 2, 3 in the order they were made."""
    versions = [Version(task=task) for _ in range(3)]
    assert [v.version_number for v in versions] == [None, None, None]
    session.commit()
    assert [v.version_number for v in versions] == [1, 2, 3]


def test_numbering_continues_across_commits_and_is_per_take(session, task):
    """Each take has its own numbers; later versions continue after the latest."""
    Version(task=task)
    session.commit()
    main = Version(task=task)
    retake = Version(task=task, take="RETAKE")
    session.commit()
    assert (main.version_number, retake.version_number) == (2, 1)


def test_numbering_of_a_new_task(session):
    """Versions of a task created in the same flush start at 1."""
    task = Task(task_of=a_shot(), name="Layout")
    first, second = Version(task=task), Version(task=task)
    session.flush()
    assert (first.version_number, second.version_number) == (1, 2)


def test_duplicate_version_numbers_are_refused_by_the_database(session, task):
    """The unique constraint backs the numbering up, even for raw inserts."""
    version = Version(task=task)
    session.commit()
    row = (
        session.execute(
            select(tables.versions).where(tables.versions.c.id == version.id)
        )
        .one()
        ._asdict()
    )
    twin = Version(task=task)
    session.flush()
    row.update(id=twin.id, version_number=version.version_number)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            tables.versions.update()
            .where(tables.versions.c.id == twin.id)
            .values(version_number=row["version_number"])
        )


def test_version_number_is_read_only(session, task):
    """version_number cannot be set by hand."""
    version = Version(task=task)
    with pytest.raises(AttributeError):
        version.version_number = 7


def book(task, user, start, end) -> Booking:
    return Booking(task=task, resource=user, start=start, end=end)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(10), at(12)),  # the same period
        (at(9), at(11)),  # overlaps the start
        (at(11), at(13)),  # overlaps the end
        (at(10, 30), at(11, 30)),  # inside
        (at(9), at(13)),  # contains it
    ],
)
def test_overlapping_bookings_are_refused(session, task, user, start, end):
    """A booking overlapping (or containing) another of the same user fails."""
    book(task, user, at(10), at(12))
    session.commit()
    book(task, user, start, end)
    with pytest.raises(OverlappingBookingError) as error:
        session.commit()
    assert str(error.value) == (
        "Booking.start should leave 'artist' free, not overlap 'Animation booking' "
        f"(2026-01-05 10:00 to 2026-01-05 12:00 UTC): {start:%Y-%m-%d %H:%M} to "
        f"{end:%Y-%m-%d %H:%M} UTC"
    )


def test_overlaps_within_one_flush_are_refused(session, task, user):
    """Two new overlapping bookings in the same flush fail too."""
    book(task, user, at(10), at(12))
    book(task, user, at(11), at(13))
    with pytest.raises(OverlappingBookingError):
        session.commit()


def test_moving_a_booking_onto_another_is_refused(session, task, user):
    """Changing a booking's period so that it overlaps another fails."""
    book(task, user, at(10), at(12))
    second = book(task, user, at(13), at(14))
    session.commit()
    second.start = at(11)
    with pytest.raises(OverlappingBookingError):
        session.commit()


def test_adjacent_bookings_and_other_users_are_fine(session, task, user):
    """Back-to-back bookings, and bookings of different users, are accepted."""
    other = User(login_name="other", first_name="O", email="o@studio.com", password="x")
    book(task, user, at(10), at(12))
    book(task, user, at(12), at(13))
    book(task, other, at(10), at(12))
    session.commit()
    assert db.query(Booking).count() == 3


def test_failed_commit_leaves_nothing_and_the_session_usable(session, task, user):
    """After a refused commit nothing of the unit persists; the work is kept."""
    book(task, user, at(10), at(12))
    session.commit()
    project = Project(name="Kept Pending")
    clash = book(task, user, at(11), at(12))
    with pytest.raises(OverlappingBookingError):
        session.commit()
    with session.no_autoflush:
        assert db.query(Project).filter_by(name="Kept Pending").count() == 0
        assert db.query(Booking).count() == 1
    drop(clash)
    session.commit()
    assert db.query(Project).filter_by(name="Kept Pending").one() is project


def test_integrity_error_rolls_back_the_whole_unit(session):
    """A database error at commit rolls everything back and the session goes on."""
    first = User(login_name="first", first_name="A", email="a@studio.com", password="x")
    session.commit()
    project = Project(name="Kept With The Duplicate")
    second = User(
        login_name="second", first_name="B", email="same@studio.com", password="x"
    )
    with session.no_autoflush:  # meanwhile another process takes the e-mail
        session.execute(
            update(tables.users)
            .where(tables.users.c.id == first.id)
            .values(email="same@studio.com")
        )
    with pytest.raises(DuplicateError):
        session.commit()
    with session.no_autoflush:
        assert db.query(User).filter_by(login_name="second").count() == 0
        assert db.query(Project).count() == 0
    second.email = "second@studio.com"
    session.commit()
    assert db.query(Project).one() is project


def test_a_cycle_written_by_someone_else_is_found_in_the_database(session):
    """An edge closing a cycle with edges not loaded in this session is refused."""
    a, b, c = (
        Task(task_of=a_shot(), name="A"),
        Task(task_of=a_shot(), name="B"),
        Task(task_of=a_shot(), name="C"),
    )
    session.commit()
    a.depends = [c]  # no cycle as far as this session can tell
    with session.no_autoflush:  # meanwhile another process commits B->A, C->B
        session.execute(
            insert(tables.task_dependencies),
            [
                {"task_id": b.id, "depends_on_id": a.id},
                {"task_id": c.id, "depends_on_id": b.id},
            ],
        )
    c_id = c.id
    with pytest.raises(CircularDependencyError) as error:
        session.commit()
    # The task is named as the flush saw it: its path when its shot was loaded.
    assert str(error.value).startswith(
        "Task.depends should be a list of Tasks that do not depend on it, not Task: <Task '"
    )
    assert str(error.value).endswith(
        f"C' id={c_id}> ('A' is upstream of it in the database)"
    )
    with session.no_autoflush:
        written = session.scalar(
            select(tables.task_dependencies.c.task_id).where(
                tables.task_dependencies.c.task_id == a.id
            )
        )
    assert written is None


def test_a_task_cannot_depend_on_itself_in_the_database(session):
    """The database refuses a self-dependency even when Python is bypassed."""
    a = Task(task_of=a_shot(), name="A")
    session.commit()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            insert(tables.task_dependencies).values(task_id=a.id, depends_on_id=a.id)
        )
