"""Periods of time with a start and an end, shared by Booking and Vacation."""

from __future__ import annotations

import datetime as dt

from stalker.core.models.validation import check_datetime, refuse


class Period:
    """A mixin for objects that span ``start`` to ``end``, ``end`` after ``start``."""

    def _set_period(self, start: dt.datetime, end: dt.datetime) -> None:
        """Validate and store both ends, ``start`` first."""
        self._start = self._end = None
        self.start = start
        self.end = end

    @property
    def start(self) -> dt.datetime:
        """When the period starts (timezone-aware UTC)."""
        return self._start

    @start.setter
    def start(self, value: dt.datetime) -> None:
        start = check_datetime(self, "start", value)
        if self._end is not None and start >= self._end:
            refuse(self, "start", "a datetime before end", value)
        self._start = start

    @property
    def end(self) -> dt.datetime:
        """When the period ends (timezone-aware UTC), after ``start``."""
        return self._end

    @end.setter
    def end(self, value: dt.datetime) -> None:
        end = check_datetime(self, "end", value)
        if end <= self._start:
            refuse(self, "end", "a datetime after start", value)
        self._end = end

    @property
    def duration(self) -> dt.timedelta:
        """How long the period lasts."""
        return self._end - self._start


__all__ = ["Period"]
