"""Booking: the time a user (resource) spent on a task, from start to end."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, drop, make_user

from stalker import Booking, Entity, Task, User, db
from stalker.exceptions import (
    OverlappingBookingError,
    ValidationError,
    ValidationTypeError,
)

UTC = dt.timezone.utc
ISTANBUL = dt.timezone(dt.timedelta(hours=3))
MORNING = dt.datetime(2011, 1, 13, 9, 0, tzinfo=UTC)
NOON = dt.datetime(2011, 1, 13, 12, 0, tzinfo=UTC)
EVENING = dt.datetime(2011, 1, 13, 18, 0, tzinfo=UTC)


@pytest.fixture
def task() -> Task:
    return Task(task_of=a_shot(), name="Animation")


@pytest.fixture
def user() -> User:
    return make_user()


@pytest.fixture
def make(task, user):
    def make(**kwargs) -> Booking:
        kwargs.setdefault("task", task)
        kwargs.setdefault("resource", user)
        kwargs.setdefault("start", MORNING)
        kwargs.setdefault("end", NOON)
        return Booking(**kwargs)

    return make


def test_attributes(make, task, user):
    """A booking keeps its task, resource, start and end."""
    booking = make()
    assert isinstance(booking, Entity)
    assert booking.task is task
    assert booking.resource is user
    assert booking.start == MORNING
    assert booking.end == NOON


def test_name_is_given_automatically(make):
    """Without a name a booking is named after its task."""
    booking = make()
    assert booking.name == "Animation booking"
    assert booking.code == "ANIMATION_BOOKING"


def test_automatic_name_fits_the_name_length(make):
    """A booking of a task with a very long name gets a name of at most 256 chars."""
    booking = make(task=Task(task_of=a_shot(), name="A" * 256))
    assert booking.name == "A" * 256


def test_name_given_is_kept(make):
    """A given name is kept."""
    assert make(name="Overtime").name == "Overtime"


def test_bad_name_given_is_refused(make, task):
    """A given empty name is refused, not replaced by the automatic one."""
    with pytest.raises(ValidationError) as error:
        make(name="  ")
    assert (
        str(error.value) == "Booking.name should be a non-empty string, not str: '  '"
    )
    assert task.bookings == []


def test_duration(make):
    """duration is end minus start."""
    assert make(start=MORNING, end=EVENING).duration == dt.timedelta(hours=9)
    booking = make(start=MORNING, end=NOON)
    booking.end = EVENING
    assert booking.duration == dt.timedelta(hours=9)


def test_duration_is_read_only(make):
    """duration cannot be set."""
    booking = make()
    with pytest.raises(AttributeError):
        booking.duration = dt.timedelta(hours=1)


# task and resource -----------------------------------------------------------------
def test_task_and_resource_list_the_booking(make, task, user):
    """A booking shows in its task's bookings and its resource's bookings."""
    booking = make()
    assert task.bookings == [booking]
    assert user.bookings == [booking]


def test_task_and_resource_set_later(make, task, user):
    """Setting the task or resource later moves the booking."""
    booking = make()
    other_task, other_user = Task(task_of=a_shot(), name="Lighting"), make_user("kutlu")
    booking.task = other_task
    booking.resource = other_user
    assert booking.task is other_task
    assert booking.resource is other_user
    assert task.bookings == []
    assert user.bookings == []
    assert other_task.bookings == [booking]
    assert other_user.bookings == [booking]


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        ("task", None, "Booking.task should be a Task instance, not NoneType: None"),
        (
            "task",
            "Animation",
            "Booking.task should be a Task instance, not str: 'Animation'",
        ),
        (
            "resource",
            None,
            "Booking.resource should be a User instance, not NoneType: None",
        ),
        (
            "resource",
            "ozgur",
            "Booking.resource should be a User instance, not str: 'ozgur'",
        ),
    ],
)
def test_task_and_resource_are_required(make, attr, value, expected):
    """A booking without a Task or a User raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == expected


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        ("task", None, "Booking.task should be a Task instance, not NoneType: None"),
        ("task", 1, "Booking.task should be a Task instance, not int: 1"),
        (
            "resource",
            None,
            "Booking.resource should be a User instance, not NoneType: None",
        ),
        (
            "resource",
            ["ozgur"],
            "Booking.resource should be a User instance, not list: ['ozgur']",
        ),
    ],
)
def test_bad_task_or_resource_set_later(make, task, user, attr, value, expected):
    """Setting a bad task or resource later raises and keeps the old one."""
    booking = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(booking, attr, value)
    assert str(error.value) == expected
    assert booking.task is task
    assert booking.resource is user


def test_user_bookings_refuse_other_objects(user):
    """Appending a non-Booking to User.bookings or Task.bookings raises our error."""
    with pytest.raises(ValidationTypeError) as error:
        user.bookings.append("9 to 5")
    assert str(error.value) == (
        "User.bookings should be a list of Booking instances, not str: '9 to 5'"
    )


def test_failed_construction_leaves_no_trace(task):
    """A booking refused for its resource is not left in its task's bookings."""
    with pytest.raises(ValidationTypeError):
        Booking(task=task, resource="ozgur", start=MORNING, end=NOON)
    assert task.bookings == []


# start and end --------------------------------------------------------------------------
def test_naive_datetimes_are_taken_as_utc(make):
    """Naive start and end are read as UTC."""
    booking = make(start=dt.datetime(2011, 1, 13, 9), end=dt.datetime(2011, 1, 13, 12))
    assert booking.start == MORNING
    assert booking.end == NOON
    assert booking.start.tzinfo is UTC
    assert booking.end.tzinfo is UTC


def test_aware_datetimes_are_converted_to_utc(make):
    """Aware start and end are converted to UTC."""
    booking = make(
        start=dt.datetime(2011, 1, 13, 12, 0, tzinfo=ISTANBUL),
        end=dt.datetime(2011, 1, 13, 15, 0, tzinfo=ISTANBUL),
    )
    assert booking.start == MORNING
    assert booking.start.hour == 9
    assert booking.end.hour == 12
    assert booking.end.tzinfo is UTC


def test_start_and_end_set_later(make):
    """Setting start and end later keeps them when start stays before end."""
    booking = make(start=MORNING, end=NOON)
    booking.end = EVENING
    booking.start = NOON
    assert booking.start == NOON
    assert booking.end == EVENING
    booking.start = dt.datetime(2011, 1, 13, 11)
    assert booking.start == dt.datetime(2011, 1, 13, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attr", "value", "shown"),
    [
        ("start", None, "NoneType: None"),
        ("start", "2011-01-13 09:00", "str: '2011-01-13 09:00'"),
        ("end", None, "NoneType: None"),
        ("end", 12, "int: 12"),
    ],
)
def test_bad_datetime_type_in_constructor(make, attr, value, shown):
    """A start or end that is not a datetime raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == f"Booking.{attr} should be a datetime, not {shown}"


@pytest.mark.parametrize(
    ("attr", "value", "shown"),
    [("start", None, "NoneType: None"), ("end", "noon", "str: 'noon'")],
)
def test_bad_datetime_type_set_later(make, attr, value, shown):
    """Setting a start or end that is not a datetime raises and keeps the old one."""
    booking = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(booking, attr, value)
    assert str(error.value) == f"Booking.{attr} should be a datetime, not {shown}"
    assert booking.start == MORNING
    assert booking.end == NOON


@pytest.mark.parametrize(
    ("end", "shown"),
    [
        (MORNING, "datetime.datetime(2011, 1, 13, 9, 0, tzinfo=datetime.timezone.utc)"),
        (
            dt.datetime(2011, 1, 13, 8, 59),
            "datetime.datetime(2011, 1, 13, 8, 59)",
        ),
        (
            dt.datetime(2011, 1, 13, 11, 0, tzinfo=ISTANBUL),
            # long values are shortened to 80 characters
            "datetime.datetime(2011, 1, 13, 11, 0, tzinfo=datetime.timezone(datetime.timed...",
        ),
    ],
)
def test_end_not_after_start_in_constructor(make, end, shown):
    """An end at or before start raises in the constructor."""
    with pytest.raises(ValidationError) as error:
        make(start=MORNING, end=end)
    assert (
        str(error.value)
        == f"Booking.end should be a datetime after start, not datetime: {shown}"
    )
    assert not isinstance(error.value, TypeError)


def test_end_not_after_start_set_later(make):
    """Setting end at or before start raises and keeps the old end."""
    booking = make(start=MORNING, end=NOON)
    with pytest.raises(ValidationError) as error:
        booking.end = MORNING
    assert str(error.value) == (
        "Booking.end should be a datetime after start, "
        "not datetime: datetime.datetime(2011, 1, 13, 9, 0, tzinfo=datetime.timezone.utc)"
    )
    assert booking.end == NOON


def test_start_not_before_end_set_later(make):
    """Setting start at or after end raises and keeps the old start."""
    booking = make(start=MORNING, end=NOON)
    with pytest.raises(ValidationError) as error:
        booking.start = EVENING
    assert str(error.value) == (
        "Booking.start should be a datetime before end, "
        "not datetime: datetime.datetime(2011, 1, 13, 18, 0, tzinfo=datetime.timezone.utc)"
    )
    with pytest.raises(ValidationError):
        booking.start = NOON
    assert booking.start == MORNING


# persistence ----------------------------------------------------------------------------
def test_round_trip(session, make, task, user):
    """A committed booking reads back with aware UTC datetimes and its relations."""
    booking = make(
        start=dt.datetime(2011, 1, 13, 12, 0, tzinfo=ISTANBUL),
        end=dt.datetime(2011, 1, 13, 20, 30, tzinfo=ISTANBUL),
    )
    session.commit()
    booking_id = booking.id
    session.expire_all()
    loaded = db.query(Booking).filter_by(id=booking_id).one()
    assert loaded.name == "Animation booking"
    assert loaded.task is task
    assert loaded.resource is user
    assert loaded.start == MORNING
    assert loaded.end == dt.datetime(2011, 1, 13, 17, 30, tzinfo=UTC)
    assert loaded.start.utcoffset() == dt.timedelta(0)
    assert loaded.duration == dt.timedelta(hours=8, minutes=30)
    assert task.bookings == [loaded]
    assert user.bookings == [loaded]


def test_bookings_are_ordered_by_start(session, make, task, user):
    """A task's and a user's bookings read back ordered by start."""
    late = make(start=NOON, end=EVENING)
    early = make(start=MORNING, end=NOON)
    session.commit()
    session.expire_all()
    assert task.bookings == [early, late]
    assert user.bookings == [early, late]


def test_back_to_back_bookings_do_not_overlap(session, make, user):
    """A booking may start when the user's previous one ends."""
    make(start=MORNING, end=NOON)
    make(task=Task(task_of=a_shot(), name="Lighting"), start=NOON, end=EVENING)
    session.commit()
    session.expire_all()
    assert [b.duration for b in user.bookings] == [
        dt.timedelta(hours=3),
        dt.timedelta(hours=6),
    ]


def test_overlapping_bookings_of_one_user_are_refused(session, make, user):
    """Two overlapping bookings of one user raise at commit; the work is kept."""
    session.commit()
    make(start=MORNING, end=NOON)
    clash = make(
        task=Task(task_of=a_shot(), name="Lighting"),
        start=dt.datetime(2011, 1, 13, 11),
        end=EVENING,
    )
    with pytest.raises(OverlappingBookingError) as error:
        session.commit()
    assert isinstance(error.value, ValidationError)
    assert str(error.value).startswith(
        "Booking.start should leave 'ozgur' free, not overlap "
    )
    with session.no_autoflush:
        assert db.query(Booking).count() == 0
    drop(clash)
    session.commit()
    session.expire_all()
    assert db.query(Booking).count() == 1
    assert [b.duration for b in user.bookings] == [dt.timedelta(hours=3)]


def test_overlapping_bookings_of_two_users_are_fine(session, make):
    """Two users may be booked at the same time."""
    make(start=MORNING, end=NOON)
    make(resource=make_user("kutlu"), start=MORNING, end=NOON)
    session.commit()
    assert db.query(Booking).count() == 2
