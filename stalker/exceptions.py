"""The errors Stalker raises, in one tree.

::

    StalkerError
     +-- ValidationError (also ValueError)          a value Stalker refuses
     |    +-- ValidationTypeError (also TypeError)  a value of the wrong type
     |    +-- CircularDependencyError               Task.depends would form a cycle
     |    +-- OverlappingBookingError               a user booked twice at once
     +-- LoginError                                 authentication failed

Every message names the class, the attribute, what was expected and what was
given, for example ``Project.fps should be a positive number, not str: 'abc'``.
"""

from __future__ import annotations


class StalkerError(Exception):
    """Base of every error Stalker raises on purpose."""


class ValidationError(StalkerError, ValueError):
    """A value given to a Stalker object is not acceptable."""


class ValidationTypeError(ValidationError, TypeError):
    """A value given to a Stalker object has the wrong type."""


class CircularDependencyError(ValidationError):
    """Task dependencies would form a cycle."""


class OverlappingBookingError(ValidationError):
    """A user would be booked on two tasks at the same time."""


class LoginError(StalkerError):
    """Raised when authentication fails."""
