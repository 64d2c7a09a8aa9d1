"""Functions called when objects are inserted, updated, deleted or committed.

``listen(cls, kind, fn)`` calls ``fn(obj)`` for each object of ``cls`` (or
of a subclass) the session writes:

* ``before_insert``, ``before_update``, ``before_delete``: during the flush,
  just before the object's row is written. An exception raised by ``fn``
  aborts the flush: the transaction is rolled back, nothing of it is stored,
  the user's objects stay in the session as they were (see
  ``stalker.db.session``) and the exception reaches the caller of
  ``flush()`` or ``commit()``.
* ``after_insert``, ``after_update``, ``after_delete``: during the flush,
  just after the row is written, still inside the transaction (an exception
  aborts it the same way).
* ``after_commit``: once the transaction that wrote the object is committed,
  for each object it inserted, updated or deleted, in the order they were
  first written; the session is usable again (``fn`` may read, change and
  commit). An exception propagates to the caller of ``commit()``, whose
  change stays committed.

The flush-time kinds are SQLAlchemy's mapper events (``fn`` gets only the
object): an update is any object the flush found changed. Objects written
by ``stalker.db.bulk`` bypass the ORM and call no function (their events are
in the log). A kind nobody listens to costs nothing: the dispatcher is
attached only while it has listeners.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session

from stalker.core.models.validation import describe
from stalker.db import outbox
from stalker.exceptions import ValidationError, ValidationTypeError

#: The flush-time kinds, SQLAlchemy's mapper events of the same names.
FLUSH_KINDS = (
    "before_insert",
    "after_insert",
    "before_update",
    "after_update",
    "before_delete",
    "after_delete",
)

#: Every kind ``listen()`` accepts.
KINDS = (*FLUSH_KINDS, "after_commit")

Callback = Callable[[Any], Any]

_listeners: dict[str, list[tuple[type, Callback]]] = {kind: [] for kind in KINDS}


def _call(kind: str, obj: Any) -> None:
    """Call each function listening at ``kind`` for the class of ``obj``."""
    for cls, fn in list(_listeners[kind]):
        if isinstance(obj, cls):
            fn(obj)


def _mapper_dispatcher(kind: str) -> Callable[[Any, Any, Any], None]:
    def dispatch(mapper: Any, connection: Any, target: Any) -> None:
        _call(kind, target)

    dispatch.__name__ = f"dispatch_{kind}"
    return dispatch


_dispatchers = {kind: _mapper_dispatcher(kind) for kind in FLUSH_KINDS}


def _checked(cls: Any, kind: Any, fn: Any, function: str) -> tuple[type, str]:
    """The arguments of ``listen`` or ``remove``, refused when they are wrong."""
    if not isinstance(cls, type):
        raise ValidationTypeError(
            f"events.{function}.cls should be a class, not {describe(cls)}"
        )
    if kind not in KINDS:
        raise ValidationError(
            f"events.{function}.kind should be one of {', '.join(KINDS)}, not {kind!r}"
        )
    if not callable(fn):
        raise ValidationTypeError(
            f"events.{function}.fn should be a callable, not {describe(fn)}"
        )
    return cls, kind


def listen(cls: type, kind: str, fn: Callback) -> None:
    """Call ``fn(obj)`` at ``kind`` for every object of ``cls`` or a subclass."""
    cls, kind = _checked(cls, kind, fn, "listen")
    if not _listeners[kind] and kind in _dispatchers:
        event.listen(Mapper, kind, _dispatchers[kind])
    _listeners[kind].append((cls, fn))


def remove(cls: type, kind: str, fn: Callback) -> None:
    """Stop calling ``fn`` at ``kind`` for ``cls`` (one ``listen()`` undone)."""
    cls, kind = _checked(cls, kind, fn, "remove")
    entry = (cls, fn)
    if entry not in _listeners[kind]:
        raise ValidationError(
            f"events.remove: {describe(fn)} is not listening at {kind} "
            f"for {cls.__name__}"
        )
    _listeners[kind].remove(entry)
    if not _listeners[kind] and kind in _dispatchers:
        event.remove(Mapper, kind, _dispatchers[kind])


def committed(session: Session) -> None:
    """Call the ``after_commit`` functions for what the commit just stored."""
    objects = outbox.written(session)
    if not _listeners["after_commit"]:
        return
    for obj in dict.fromkeys(objects):
        _call("after_commit", obj)


__all__ = ["FLUSH_KINDS", "KINDS", "committed", "listen", "remove"]
