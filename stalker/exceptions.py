"""The errors Stalker raises, in one tree.

::

    StalkerError
     +-- ValidationError (also ValueError)          a value Stalker refuses
     |    +-- ValidationTypeError (also TypeError)  a value of the wrong type
     |    +-- CircularDependencyError               Task.depends would form a cycle
     |    +-- OverlappingBookingError               a user booked twice at once
     |    +-- TemplateError                         a template cannot be rendered
     |    |    +-- TemplateSecurityError            the sandbox refused what it does
     |    +-- UnsafePathError                       a path would leave its root
     |    +-- MissingTemplateError                  nothing says where a file goes
     |    +-- DuplicateError                        a code, name or login is taken
     |    +-- OrphanError                           saved without what it belongs to
     |    +-- DatabaseRefusedError                  the database refused a row or value
     |    +-- ForeignSessionError                   an object of another session given
 |    +-- StatusError                           a step the task workflow forbids
     +-- RepositoryError                            a repository root is unusable
     +-- LoginError                                 authentication failed
     +-- PermissionDeniedError                      not a member of the needed Group
     +-- UnsafeSessionFolderError                   the login session folder is shared
     +-- NotSetUpError                              the database used before db.setup()
     +-- LockTimeoutError (also TimeoutError)       waited too long for another writer
     +-- StaleEditError                             another process changed it meanwhile
     +-- DeleteRefusedError                         the delete would take work with it
     +-- SchemaVersionError                         the database needs an upgrade
     +-- ConfigError                                a configured setting is wrong
     +-- DatabaseError                              the database failed a write

    DefaultAdminPasswordWarning (a UserWarning)     admin has the default password

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


class TemplateError(ValidationError):
    """A template stored in the database cannot be rendered."""


class TemplateSecurityError(TemplateError):
    """A template tried something the sandbox forbids, or too much work."""


class UnsafePathError(ValidationError):
    """A path would leave its repository root or cannot exist on some OS."""


class MissingTemplateError(ValidationError):
    """No Structure, TypeTemplate or Repository says where a file goes."""


class DuplicateError(ValidationError):
    """A code, name, login or e-mail is already taken where it must be unique."""


class OrphanError(ValidationError):
    """An object would be saved without the object it belongs to."""


class DatabaseRefusedError(ValidationError):
    """The database refused what a flush wrote (a constraint or a value)."""


class ForeignSessionError(ValidationError):
    """An object attached to another database session was given to this one."""


class StatusError(ValidationError):
    """A status change the task workflow does not allow (nothing was changed)."""


class RepositoryError(StalkerError):
    """A repository root cannot be used: not set for this OS, or not mounted."""


class LoginError(StalkerError):
    """Raised when authentication fails."""


class PermissionDeniedError(StalkerError):
    """Raised when the logged-in user lacks the permission a function needs."""


class UnsafeSessionFolderError(StalkerError):
    """Raised when the login session folder could be read or written by others."""


class NotSetUpError(StalkerError):
    """Raised when the database is used before ``stalker.db.setup()``."""


class LockTimeoutError(StalkerError, TimeoutError):
    """Raised when a writer waited ``settings.lock_timeout`` for another one."""

    #: How many seconds were waited.
    waited: float = 0.0


class StaleEditError(StalkerError):
    """An edit to an object that another process changed since it was read."""


class DeleteRefusedError(StalkerError):
    """A delete that would remove work hanging off the object."""


class SchemaVersionError(StalkerError):
    """The database's schema revision is not the one this Stalker works with."""


class ConfigError(StalkerError):
    """A configuration file or ``STALKER_*`` variable holds an unusable setting."""


class DatabaseError(StalkerError):
    """The database failed a write for a reason other than the values written."""


class DefaultAdminPasswordWarning(UserWarning):
    """Warned while the admin user still has the default password."""
