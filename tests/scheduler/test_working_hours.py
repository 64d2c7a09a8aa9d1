"""WorkingHours: the studio's week, its time zone and the length of a bid's day."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import config
from stalker.exceptions import ValidationError, ValidationTypeError
from stalker.scheduler import WorkingHours

UTC = dt.timezone.utc
NINE, NOON, ONE, SIX = dt.time(9), dt.time(12), dt.time(13), dt.time(18)
MONDAY = dt.date(2030, 1, 7)


def epoch(*args, tz=UTC) -> int:
    return int(dt.datetime(*args, tzinfo=tz).timestamp())


def test_default_week_is_monday_to_friday_nine_to_six():
    """By default Monday to Friday 09:00-18:00 in UTC, a day of 9 hours."""
    hours = WorkingHours()
    assert hours.periods == {day: [(NINE, SIX)] for day in range(5)}
    assert hours.timezone == "UTC"
    assert hours.day_length == dt.timedelta(hours=9)
    assert hours.day(MONDAY) == ((epoch(2030, 1, 7, 9), epoch(2030, 1, 7, 18)),)
    assert hours.day(MONDAY + dt.timedelta(days=5)) == ()
    assert repr(hours) == "<WorkingHours UTC 9:00:00 a day>"


def test_bid_days_are_working_days():
    """A bid's days are days of day_length; its hours and minutes are working time."""
    hours = WorkingHours()
    assert hours.effort(dt.timedelta(days=1, hours=2)) == 11 * 3600
    assert hours.effort(dt.timedelta(minutes=90)) == 5400
    short = WorkingHours(day_length=dt.timedelta(hours=7, minutes=30))
    assert short.effort(dt.timedelta(days=2)) == 15 * 3600


def test_split_days_and_weekends():
    """Several periods a day and weekend days may be given; days left out are off."""
    hours = WorkingHours({0: [(ONE, SIX), (NINE, NOON)], 5: [(NINE, NOON)]})
    assert hours.periods == {0: [(NINE, NOON), (ONE, SIX)], 5: [(NINE, NOON)]}
    assert hours.day_length == dt.timedelta(hours=8)
    assert hours.day(MONDAY) == (
        (epoch(2030, 1, 7, 9), epoch(2030, 1, 7, 12)),
        (epoch(2030, 1, 7, 13), epoch(2030, 1, 7, 18)),
    )
    assert hours.day(MONDAY + dt.timedelta(days=1)) == ()


def test_hours_are_in_the_studio_time_zone():
    """09:00 in Istanbul is 06:00 UTC; London follows its summer time."""
    istanbul = WorkingHours(timezone="Europe/Istanbul")
    assert istanbul.day(MONDAY)[0][0] == epoch(2030, 1, 7, 6)
    london = WorkingHours(timezone="Europe/London")
    assert london.day(MONDAY)[0][0] == epoch(2030, 1, 7, 9)
    assert london.day(dt.date(2030, 7, 1))[0][0] == epoch(2030, 7, 1, 8)
    assert london.date_of(epoch(2030, 7, 1, 23, 30)) == dt.date(2030, 7, 2)


def test_studio_time_zone_comes_from_the_settings(monkeypatch):
    """Without a timezone the studio_timezone setting is used."""
    monkeypatch.setattr(config.settings, "studio_timezone", "Asia/Tokyo")
    assert WorkingHours().timezone == "Asia/Tokyo"


def test_far_future_dates_work():
    """There is no horizon: years past 2038 and 2100 are working days too."""
    hours = WorkingHours()
    assert hours.day(dt.date(2150, 3, 2)) == (
        (epoch(2150, 3, 2, 9), epoch(2150, 3, 2, 18)),
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "expected"),
    [
        (
            {"periods": [(NINE, SIX)]},
            ValidationTypeError,
            "WorkingHours.periods should be a mapping of weekday (0-6) to "
            "(start, end) times, not list: [(datetime.time(9, 0), datetime.time(18, 0))]",
        ),
        (
            {"periods": {7: [(NINE, SIX)]}},
            ValidationError,
            "WorkingHours.periods should be a mapping of weekday (0-6) to "
            "(start, end) times, not dict: {7: [(datetime.time(9, 0), datetime.time(18, 0))]}",
        ),
        (
            {"periods": {0: [(9, 18)]}},
            ValidationTypeError,
            "WorkingHours.periods should be a mapping of weekday (0-6) to lists of "
            "(start, end) times, not dict: {0: [(9, 18)]}",
        ),
        (
            {"periods": {0: [NINE]}},
            ValidationTypeError,
            "WorkingHours.periods should be a mapping of weekday (0-6) to lists of "
            "(start, end) times, not dict: {0: [datetime.time(9, 0)]}",
        ),
        (
            {"periods": {0: [(SIX, NINE)]}},
            ValidationError,
            "WorkingHours.periods should be naive (start, end) times, start first, "
            "not dict: {0: [(datetime.time(18, 0), datetime.time(9, 0))]}",
        ),
        (
            {"periods": {0: [(NINE, ONE), (NOON, SIX)]}},
            ValidationError,
            "WorkingHours.periods should be periods of a day that do not overlap, "
            "not dict: {0: [(datetime.time(9, 0), datetime.time(13, 0)), "
            "(datetime.time(12, 0), date...",
        ),
        (
            {"periods": {0: []}},
            ValidationError,
            "WorkingHours.periods should be a week with some working time, not dict: {0: []}",
        ),
        (
            {"timezone": "Mars/Olympus"},
            ValidationError,
            "WorkingHours.timezone should be an IANA time zone name, not str: 'Mars/Olympus'",
        ),
        (
            {"timezone": 3},
            ValidationTypeError,
            "WorkingHours.timezone should be an IANA time zone name, not int: 3",
        ),
        (
            {"day_length": dt.timedelta(0)},
            ValidationError,
            "WorkingHours.day_length should be a positive timedelta, not timedelta: "
            "datetime.timedelta(0)",
        ),
        (
            {"day_length": 8},
            ValidationTypeError,
            "WorkingHours.day_length should be a positive timedelta, not int: 8",
        ),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, expected):
    """Wrong periods, time zone or day length raise with the whole message."""
    with pytest.raises(error) as raised:
        WorkingHours(**kwargs)
    assert str(raised.value) == expected


def test_bad_value_set_later_keeps_the_old_one():
    """Setting wrong periods later raises and keeps the week as it was."""
    hours = WorkingHours()
    with pytest.raises(ValidationError):
        hours.periods = {0: [(SIX, NINE)]}
    assert hours.periods == {day: [(NINE, SIX)] for day in range(5)}
    hours.periods = {6: [(NINE, NOON)]}
    assert hours.day(MONDAY - dt.timedelta(days=1)) == (
        (epoch(2030, 1, 6, 9), epoch(2030, 1, 6, 12)),
    )
    assert hours.day(MONDAY) == ()
