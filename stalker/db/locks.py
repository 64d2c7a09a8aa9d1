"""Transaction-long locks that make concurrent writers take turns.

A check that reads the database and then writes (is this booking free? which
version number comes next?) is only safe if no other process can write in
between. ``serialize()`` holds a lock until the transaction ends:

* PostgreSQL: a transaction-level advisory lock on ``(namespace, key)``; the
  next statement sees everything committed by the previous holder.
* SQLite: the database write lock, taken with ``BEGIN IMMEDIATE`` before the
  transaction reads anything (SQLite has one writer at a time anyway).

Callers take locks in ascending ``(namespace, key)`` order, so two processes
never wait for each other in a circle.
"""

from __future__ import annotations

import enum

from sqlalchemy import text
from sqlalchemy.orm import Session


class Namespace(enum.IntEnum):
    """What a lock protects; the first half of the lock's key."""

    VERSION_NUMBERS = 1
    BOOKINGS = 2
    DEPENDENCIES = 3
    DEFAULTS = 4


def serialize(session: Session, namespace: Namespace, key: int = 0) -> None:
    """Hold the lock ``(namespace, key)`` until the session's transaction ends."""
    connection = session.connection()
    dialect = connection.dialect.name
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


__all__ = ["Namespace", "serialize"]
