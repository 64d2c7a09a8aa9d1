"""Vacation: a period in which a user does not work."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import Entity, User, Vacation, db
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc
MONDAY = dt.datetime(2030, 7, 1, tzinfo=UTC)
FRIDAY = dt.datetime(2030, 7, 5, 18, tzinfo=UTC)


@pytest.fixture
def user() -> User:
    return User(
        login_name="ozgur", first_name="Ozgur", email="o@studio.com", password="x"
    )


def test_attributes(user):
    """A vacation keeps its user, start and end and names itself."""
    vacation = Vacation(user=user, start=MONDAY, end=FRIDAY)
    assert isinstance(vacation, Entity)
    assert vacation.user is user
    assert (vacation.start, vacation.end) == (MONDAY, FRIDAY)
    assert vacation.duration == FRIDAY - MONDAY
    assert vacation.name == "ozgur vacation"


def test_positional_arguments_follow_the_contract(user):
    """Vacation(user, start, end) as the contract writes it."""
    vacation = Vacation(user, MONDAY.date(), FRIDAY, name="Summer")
    assert vacation.start == MONDAY
    assert vacation.name == "Summer"


def test_round_trip(user):
    """A vacation comes back from the database with its user and period."""
    vacation = Vacation(user=user, start=MONDAY, end=FRIDAY)
    db.session.commit()
    vacation_id = vacation.id
    db.session.expunge_all()
    again = db.session.get(Vacation, vacation_id)
    assert again.user.login_name == "ozgur"
    assert (again.start, again.end) == (MONDAY, FRIDAY)


@pytest.mark.parametrize(
    ("kwargs", "error", "expected"),
    [
        (
            {"user": "ozgur"},
            ValidationTypeError,
            "Vacation.user should be a User instance, not str: 'ozgur'",
        ),
        (
            {"start": "monday"},
            ValidationTypeError,
            "Vacation.start should be a datetime, not str: 'monday'",
        ),
        (
            {"end": MONDAY},
            ValidationError,
            f"Vacation.end should be a datetime after start, not datetime: {MONDAY!r}",
        ),
    ],
)
def test_bad_arguments_are_refused(user, kwargs, error, expected):
    """A wrong user, start or end raises at once with the whole message."""
    arguments = {"user": user, "start": MONDAY, "end": FRIDAY, **kwargs}
    with pytest.raises(error) as raised:
        Vacation(**arguments)
    assert str(raised.value) == expected
    assert db.session.query(Vacation).count() == 0


def test_start_set_after_end_is_refused(user):
    """Moving start to or past end raises and keeps the old start."""
    vacation = Vacation(user=user, start=MONDAY, end=FRIDAY)
    with pytest.raises(ValidationError) as raised:
        vacation.start = FRIDAY
    assert str(raised.value) == (
        f"Vacation.start should be a datetime before end, not datetime: {FRIDAY!r}"
    )
    assert vacation.start == MONDAY
