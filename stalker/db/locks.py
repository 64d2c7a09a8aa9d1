"""Transaction-long locks that make concurrent writers take turns.

A check that reads the database and then writes (is this booking free? which
version number comes next?) is only safe if no other process can write in
between. ``serialize()`` holds a lock until the transaction ends:

* PostgreSQL: a transaction-level advisory lock on ``(namespace, key)``; the
  next statement sees everything committed by the previous holder.
* SQLite: the database write lock, taken with ``BEGIN IMMEDIATE`` before the
  transaction reads anything (SQLite has one writer at a time anyway).

Callers take locks in ascending ``(namespace, key)`` order, so two processes
never wait for each other in a circle. A lock another process holds for
longer than ``settings.lock_timeout`` seconds raises ``LockTimeoutError``
naming what was waited for.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.orm.util import identity_key

from stalker.core.models import Task, User
from stalker.exceptions import LockTimeoutError


class Namespace(enum.IntEnum):
    """What a lock protects; the first half of the lock's key."""

    #: Taken before the others; among themselves, a task before its
    #: dependents (stalker.db.workflow).
    TASK_STATUSES = 0
    VERSION_NUMBERS = 1
    BOOKINGS = 2
    DEPENDENCIES = 3
    DEFAULTS = 4
    #: A container's added-up status (stalker.db.rollup), taken at commit.
    ROLL_UPS = 5


#: What each lock protects, for messages: (words, class of the key's object).
_PROTECTS: dict[Namespace, tuple[str, type | None]] = {
    Namespace.TASK_STATUSES: ("the status of", Task),
    Namespace.VERSION_NUMBERS: ("the version numbers of", Task),
    Namespace.BOOKINGS: ("the bookings of", User),
    Namespace.DEPENDENCIES: ("the task dependencies and hierarchy", None),
    Namespace.DEFAULTS: ("the set-up of the database", None),
    Namespace.ROLL_UPS: (
        "the added-up statuses of tasks, shots, assets, sequences and projects",
        None,
    ),
}


def timed_out(waited: float, what: str) -> LockTimeoutError:
    """The error of a writer that waited ``waited`` seconds for ``what``."""
    error = LockTimeoutError(f"waited {waited} s for {what}")
    error.waited = waited
    return error


def describe_lock(session: Session, namespace: Namespace, key: int) -> str:
    """Name what the lock ``(namespace, key)`` protects, from loaded state only.

    It runs after a lock wait ran out, when the transaction may refuse every
    statement, so it never reads the database.
    """
    words, cls = _PROTECTS[namespace]
    if cls is None:
        return words
    obj = session.identity_map.get(identity_key(cls, key))
    name: str | None = None if obj is None else instance_state(obj).dict.get("_name")
    if name is None:
        return f"{words} the {cls.__name__} with id {key}"
    return f"{words} {type(obj).__name__} {name!r} (id {key})"


def serialize(session: Session, namespace: Namespace, key: int = 0) -> None:
    """Hold the lock ``(namespace, key)`` until the session's transaction ends."""
    connection = session.connection()
    dialect = connection.dialect.name
    try:
        if dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
                {"namespace": int(namespace), "key": key},
            )
        elif (
            dialect == "sqlite"
            # A connection in use has its DBAPI connection.
            and not connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
        ):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    except LockTimeoutError as error:
        what = describe_lock(session, namespace, key)
        raise timed_out(error.waited, f"{what} held by another process") from error


_HELD = "stalker.locks.held"


def hold(session: Session, namespace: Namespace, keys: Iterable[int]) -> None:
    """Hold the locks ``(namespace, key)`` of ``keys`` (in key order) until the end.

    A lock this transaction already holds is not asked for again.
    """
    transaction = session.get_transaction()
    held_in, held = session.info.get(_HELD, (None, set()))
    if held_in is not transaction:
        held = set()
        session.info[_HELD] = (transaction, held)
    for key in sorted({key for key in keys if (namespace, key) not in held}):
        serialize(session, namespace, key)
        held.add((namespace, key))


__all__ = ["Namespace", "describe_lock", "hold", "serialize", "timed_out"]
