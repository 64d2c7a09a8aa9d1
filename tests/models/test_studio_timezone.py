"""A naive datetime is the studio's wall-clock time; values are aware UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from stalker import (
    Booking,
    Project,
    SimpleEntity,
    Task,
    User,
    Vacation,
    config,
    db,
)

UTC = dt.timezone.utc
#: 09:00 in Istanbul (UTC+3 all year) is 06:00 UTC.
NAIVE = dt.datetime(2030, 1, 7, 9)
IN_UTC = dt.datetime(2030, 1, 7, 6, tzinfo=UTC)
LATER = dt.datetime(2030, 1, 7, 12)


@pytest.fixture(autouse=True)
def istanbul(monkeypatch):
    """The studio works in Istanbul."""
    monkeypatch.setattr(config.settings, "studio_timezone", "Europe/Istanbul")


USER = {
    "login_name": "tz",
    "first_name": "T",
    "last_name": "Z",
    "email": "tz@s.com",
    "password": "x",
}


def user() -> User:
    return User(**USER)


def task() -> Task:
    return Task(name="Comp")


#: (maker, attribute) of every datetime attribute of the models.
ATTRIBUTES = [
    (lambda: SimpleEntity(name="Thing"), "date_created"),
    (lambda: Project(name="Film"), "start"),
    (lambda: Project(name="Film"), "due"),
    (task, "computed_start"),
    (task, "computed_end"),
    (user, "last_login"),
]


@pytest.mark.parametrize(("maker", "attr"), ATTRIBUTES)
def test_naive_datetime_set_later_is_studio_time(maker, attr):
    """A naive value set on any datetime attribute is Istanbul time, stored UTC."""
    obj = maker()
    setattr(obj, attr, NAIVE)
    assert getattr(obj, attr) == IN_UTC
    assert getattr(obj, attr).tzinfo is UTC


@pytest.mark.parametrize(
    ("cls", "attr"),
    [
        (SimpleEntity, "date_created"),
        (Project, "start"),
        (Project, "due"),
        (User, "last_login"),
    ],
)
def test_naive_datetime_in_the_constructor_is_studio_time(cls, attr):
    """The constructors read naive datetimes in the studio's zone too."""
    kwargs = {"name": "Thing", attr: NAIVE}
    if cls is User:
        kwargs = {**USER, attr: NAIVE}
    assert getattr(cls(**kwargs), attr) == IN_UTC


@pytest.mark.parametrize("cls", [Booking, Vacation])
def test_periods_read_naive_start_and_end_in_studio_time(cls):
    """Booking and Vacation: a naive start and end are Istanbul time."""
    person = user()
    kwargs = (
        {"resource": person, "task": task()} if cls is Booking else {"user": person}
    )
    period = cls(start=NAIVE, end=LATER, **kwargs)
    assert (period.start, period.end) == (IN_UTC, IN_UTC + dt.timedelta(hours=3))
    assert period.start.tzinfo is UTC


def test_a_date_is_midnight_in_the_studio():
    """A date means midnight in the studio's zone."""
    project = Project(name="Film", start=dt.date(2030, 1, 7))
    assert project.start == dt.datetime(2030, 1, 6, 21, tzinfo=UTC)


def test_aware_datetimes_keep_their_moment():
    """An aware datetime is the moment it says, whatever the studio's zone."""
    tokyo = dt.datetime(2030, 1, 7, 15, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert Project(name="Film", start=tokyo).start == IN_UTC


def test_naive_values_are_stored_and_returned_as_aware_utc():
    """After a round trip through the database the value is the same UTC moment."""
    project = Project(name="Film", start=NAIVE)
    db.session.commit()
    db.session.expire(project)
    assert project.start == IN_UTC
    assert project.start.utcoffset() == dt.timedelta(0)


def test_utc_is_the_default(monkeypatch):
    """Without a studio_timezone setting, naive datetimes are UTC."""
    monkeypatch.setattr(config.settings, "studio_timezone", "UTC")
    assert Project(name="Film", start=NAIVE).start == NAIVE.replace(tzinfo=UTC)
