"""The studio's working week: when people work, as seconds since the epoch."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stalker.config import settings
from stalker.core.models.validation import refuse, refuse_type

Interval = tuple[int, int]


class WorkingHours:
    """The studio's week: working periods per weekday in the studio's time zone.

    ``periods`` maps a weekday (0 is Monday, 6 is Sunday) to a list of
    ``(start, end)`` times; days left out are not worked (by default the
    ``working_hours`` setting: Monday to Friday, 09:00 to 18:00). ``timezone`` is an
    IANA name (the ``studio_timezone`` setting, UTC, by default).
    ``day_length`` is how much working time a day of ``Task.bid`` stands for;
    by default the longest working day of the week (9 hours by default).
    """

    def __init__(
        self,
        periods: Mapping[int, Iterable[tuple[dt.time, dt.time]]] | None = None,
        timezone: str | None = None,
        day_length: dt.timedelta | None = None,
    ) -> None:
        self.periods = settings.working_hours.periods() if periods is None else periods
        self.timezone = settings.studio_timezone if timezone is None else timezone
        if day_length is None:
            longest = max((self._day_seconds(day) for day in self._periods), default=0)
            day_length = dt.timedelta(seconds=longest)
        self.day_length = day_length
        self._days: dict[dt.date, tuple[Interval, ...]] = {}

    def __repr__(self) -> str:
        return f"<WorkingHours {self.timezone} {self.day_length} a day>"

    @property
    def periods(self) -> dict[int, list[tuple[dt.time, dt.time]]]:
        """Working periods per weekday, sorted, never overlapping."""
        return {day: list(found) for day, found in self._periods.items()}

    @periods.setter
    def periods(self, value: Any) -> None:
        expected = "a mapping of weekday (0-6) to (start, end) times"
        if not isinstance(value, Mapping):
            refuse_type(self, "periods", expected, value)
        week: dict[int, tuple[tuple[dt.time, dt.time], ...]] = {}
        for day, found in value.items():
            if isinstance(day, bool) or day not in range(7):
                refuse(self, "periods", expected, value)
            week[day] = self._day_periods(found, value)
        if not any(week.values()):
            refuse(self, "periods", "a week with some working time", value)
        self._periods = {day: found for day, found in sorted(week.items()) if found}
        self._days = {}

    def _day_periods(
        self, found: Any, week: Any
    ) -> tuple[tuple[dt.time, dt.time], ...]:
        """One weekday's periods, sorted, checked to be ordered and apart."""
        expected = "a mapping of weekday (0-6) to lists of (start, end) times"
        try:
            pairs = sorted((start, end) for start, end in found)
        except (TypeError, ValueError):
            refuse_type(self, "periods", expected, week)
        for start, end in pairs:
            if not (isinstance(start, dt.time) and isinstance(end, dt.time)):
                refuse_type(self, "periods", expected, week)
            if start.tzinfo is not None or end.tzinfo is not None or start >= end:
                refuse(self, "periods", "naive (start, end) times, start first", week)
        for (_, end), (start, _) in itertools.pairwise(pairs):
            if start < end:
                refuse(self, "periods", "periods of a day that do not overlap", week)
        return tuple(pairs)

    def _day_seconds(self, weekday: int) -> int:
        """Working seconds of a weekday."""
        return sum(
            _seconds_of(end) - _seconds_of(start)
            for start, end in self._periods.get(weekday, ())
        )

    @property
    def week(self) -> dt.timedelta:
        """The working time of a week without holidays."""
        return dt.timedelta(
            seconds=sum(self._day_seconds(day) for day in self._periods)
        )

    @property
    def timezone(self) -> str:
        """The IANA name of the studio's time zone."""
        return self._zone.key

    @timezone.setter
    def timezone(self, value: Any) -> None:
        expected = "an IANA time zone name"
        if not isinstance(value, str):
            refuse_type(self, "timezone", expected, value)
        try:
            self._zone = ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            refuse(self, "timezone", expected, value)
        self._days = {}

    @property
    def zone(self) -> dt.tzinfo:
        """The studio's time zone."""
        return self._zone

    @property
    def day_length(self) -> dt.timedelta:
        """The working time a day of a bid stands for."""
        return dt.timedelta(seconds=self._day_length)

    @day_length.setter
    def day_length(self, value: Any) -> None:
        expected = "a positive timedelta"
        if not isinstance(value, dt.timedelta):
            refuse_type(self, "day_length", expected, value)
        if value <= dt.timedelta(0):
            refuse(self, "day_length", expected, value)
        self._day_length = int(value.total_seconds())

    def effort(self, bid: dt.timedelta) -> int:
        """The working seconds a bid stands for: days of ``day_length`` plus time."""
        return bid.days * self._day_length + bid.seconds

    def day(self, date: dt.date) -> tuple[Interval, ...]:
        """The working intervals of a date, in seconds since the epoch."""
        found = self._days.get(date)
        if found is None:
            found = tuple(
                (self._epoch(date, start), self._epoch(date, end))
                for start, end in self._periods.get(date.weekday(), ())
            )
            self._days[date] = found
        return found

    def _epoch(self, date: dt.date, time: dt.time) -> int:
        return int(dt.datetime.combine(date, time, tzinfo=self._zone).timestamp())

    def date_of(self, seconds: int) -> dt.date:
        """The studio's date at a moment given in seconds since the epoch."""
        return dt.datetime.fromtimestamp(seconds, self._zone).date()


def _seconds_of(time: dt.time) -> int:
    return time.hour * 3600 + time.minute * 60 + time.second


__all__ = ["Interval", "WorkingHours"]
