"""One person's free working time, made a few weeks at a time as it is needed."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from stalker.scheduler.calendar import Interval, WorkingHours

#: How many days of free time are made at once.
CHUNK_DAYS = 28


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals and join those that overlap or touch."""
    result: list[Interval] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


class Timeline:
    """The free working time of one person from ``origin`` on, with no horizon.

    Working time is the studio's week minus ``holidays`` minus ``blocked``
    (vacations, bookings); :meth:`take` removes what the planner gives to a
    task. Times are whole seconds since the epoch.
    """

    def __init__(
        self,
        hours: WorkingHours,
        holidays: frozenset[dt.date],
        blocked: Iterable[Interval],
        origin: int,
    ) -> None:
        self._hours = hours
        self._holidays = holidays
        self._origin = origin
        self._blocked = [b for b in merged(blocked) if b[1] > origin]
        self._blocked_ends = [end for _, end in self._blocked]
        self._next_day = hours.date_of(origin)
        self._starts: list[int] = []
        self._ends: list[int] = []

    def _day(self, date: dt.date) -> Iterator[Interval]:
        """The free intervals of a date before anything is taken."""
        if date in self._holidays:
            return
        for start, end in self._hours.day(date):
            start = max(start, self._origin)
            index = bisect_right(self._blocked_ends, start)
            while start < end and index < len(self._blocked):
                blocked_start, blocked_end = self._blocked[index]
                if blocked_start >= end:
                    break
                if blocked_start > start:
                    yield start, blocked_start
                start = max(start, blocked_end)
                index += 1
            if start < end:
                yield start, end

    def _extend(self) -> None:
        """Make the free time of the next days."""
        for _ in range(CHUNK_DAYS):
            for start, end in self._day(self._next_day):
                if self._ends and self._ends[-1] == start:
                    self._ends[-1] = end
                else:
                    self._starts.append(start)
                    self._ends.append(end)
            self._next_day += dt.timedelta(days=1)

    def _cover(self, moment: int) -> None:
        """Make free time until some is left after ``moment``."""
        while not self._ends or self._ends[-1] <= moment:
            self._extend()

    def walk(self, moment: int) -> Iterator[Interval]:
        """Yield the free intervals after ``moment``, cut to start at it."""
        self._cover(moment)
        index = bisect_right(self._ends, moment)
        while True:
            while index >= len(self._starts):
                self._extend()
            yield max(self._starts[index], moment), self._ends[index]
            index += 1

    def take(self, start: int, end: int) -> None:
        """Mark ``start`` to ``end``, inside one free interval, as busy."""
        self._cover(start)
        index = bisect_right(self._ends, start)
        free_start, free_end = self._starts[index], self._ends[index]
        if free_start == start and free_end == end:
            del self._starts[index], self._ends[index]
        elif free_start == start:
            self._starts[index] = end
        elif free_end == end:
            self._ends[index] = start
        else:
            self._ends[index] = start
            self._starts.insert(index + 1, end)
            self._ends.insert(index + 1, free_end)

    def available(self, moment: int) -> int:
        """The first working moment from ``moment`` on, ignoring what was taken."""
        date = self._hours.date_of(moment)
        while True:
            for start, end in self._day(date):
                if end > moment:
                    return max(start, moment)
            date += dt.timedelta(days=1)


__all__ = ["CHUNK_DAYS", "Timeline", "merged"]
