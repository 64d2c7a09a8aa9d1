"""Who changed what: the audit fields filled in without the caller's help.

While a user is logged in (``stalker.db.auth``), a newly constructed object
gets that user as ``created_by`` and ``updated_by``; at each flush every
changed ``SimpleEntity`` gets ``date_updated`` set to now and, while someone
is logged in, ``updated_by`` set to that user. Values the caller set
explicitly are left as they are, and a change of only those two fields is
not a change to record, nor is work added under an object (a booking in a
user's list): the new row holds the link, so the object's row, stamp and
version counter stay.

The process remembers the logged-in user's id; it is read from the login
session on disk the first time it is needed after ``setup()``, and
``login()``, ``logout()`` and ``get_user()`` bring it up to date. A session
folder that is not private counts as nobody logged in here (logged once):
only the login functions refuse it, so plain scripts keep working.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from sqlalchemy.orm import ONETOMANY, Mapper, Session, attributes

from stalker.core.models import SimpleEntity, User
from stalker.core.models.entity import hooks
from stalker.core.models.validation import utc_now
from stalker.db import meta
from stalker.exceptions import UnsafeSessionFolderError

_log = logging.getLogger(__name__)

_UNKNOWN = "unknown"
#: Attributes whose change alone is not a change to record.
_AUDIT_KEYS = frozenset({"_date_updated", "_updated_by"})
_state: dict[str, Any] = {"user_id": _UNKNOWN}


def remember(user: User | None) -> None:
    """Record who is logged in for this process (None: nobody)."""
    _state["user_id"] = None if user is None else user.id


def forget() -> None:
    """Forget who is logged in; the login session is read again when needed."""
    _state["user_id"] = _UNKNOWN


def _read_login() -> None:
    """Remember the user of the login session on disk; an unsafe folder is nobody."""
    from stalker.db import auth

    try:
        auth.get_user()
    except UnsafeSessionFolderError as error:
        _log.warning("objects are recorded as made by nobody: %s", error)
        remember(None)


def current_user_id() -> int | None:
    """Return the id of the logged-in User (None: nobody), without loading it."""
    if _state["user_id"] == _UNKNOWN:
        _read_login()
    user_id: int | None = _state["user_id"]
    return user_id


def current_user(session: Session | None = None) -> User | None:
    """Return the logged-in User, loaded in ``session`` (default ``db.session``)."""
    user_id = current_user_id()
    if user_id is None:
        return None
    return (session or meta.session()).get(User, user_id)


@functools.cache
def lists_linked_from_items(mapper: Mapper[Any]) -> frozenset[str]:
    """The one-to-many lists of ``mapper``: their items' rows hold the link."""
    return frozenset(r.key for r in mapper.relationships if r.direction is ONETOMANY)


def _is_changed(obj: SimpleEntity) -> bool:
    """Tell whether anything but the audit fields really changed.

    Work added under an object (a booking of a user, a shot of a sequence)
    changes the new item's row, not the object's.
    """
    state = attributes.instance_state(obj)
    ignored = _AUDIT_KEYS | lists_linked_from_items(state.mapper)
    return any(
        key not in ignored and state.attrs[key].history.has_changes()
        for key in state.committed_state
    )


def _changed(session: Session) -> list[SimpleEntity]:
    return [
        obj
        for obj in session.dirty
        if isinstance(obj, SimpleEntity) and _is_changed(obj)
    ]


def _set_by_caller(obj: SimpleEntity, key: str) -> bool:
    return attributes.instance_state(obj).attrs[key].history.has_changes()


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Stamp each changed object with the time and the logged-in user."""
    changed = _changed(session)
    if not changed:
        return
    user = current_user(session)
    now = utc_now()
    for obj in changed:
        if not _set_by_caller(obj, "_date_updated"):
            obj.date_updated = max(now, obj.date_created)
        if user is not None and not _set_by_caller(obj, "_updated_by"):
            obj.updated_by = user


def install() -> None:
    """Make new objects ask who is logged in; forget the previous database's user."""
    forget()
    hooks.current_user = current_user


__all__ = [
    "before_flush",
    "current_user",
    "current_user_id",
    "forget",
    "install",
    "lists_linked_from_items",
    "remember",
]
