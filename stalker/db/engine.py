"""The Engine ``db.setup()`` connects through.

``database_url()`` reads what was given to ``setup()``; ``connect()`` makes
the Engine with what a studio needs of each backend:

* An SQLite file runs in WAL mode: readers never wait for a writer, and a
  writer waits at most ``settings.lock_timeout`` seconds for another one.
* The in-memory database (``sqlite://``) is one database for every thread
  of the process, used by one thread at a time (``stalker.db.memory``).
* PostgreSQL connections wait at most ``settings.lock_timeout`` seconds for
  a lock.
* A wait that runs out raises ``LockTimeoutError``, not the driver's error.
* A forked child never uses its parent's connections (``stalker.db.forks``).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import URL, Engine, event, make_url
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError

from stalker.config import settings
from stalker.core.models.validation import describe
from stalker.db import forks
from stalker.db.locks import timed_out
from stalker.db.memory import SharedMemoryPool
from stalker.exceptions import ValidationError, ValidationTypeError

#: What ``setup()`` accepts as its ``database``.
_EXPECTED = "a database URL or the path of an SQLite file"
#: The password of a URL in a message, hidden.
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
#: What a writer waited for when its statement ran out of time, per backend.
_WAITED_FOR = {
    "sqlite": "the write lock of the database",
    "postgresql": "a lock on rows or tables",
}


def _refusal(value: Any) -> str:
    text = f"db.setup.database should be {_EXPECTED}, not {describe(value)}"
    return _PASSWORD.sub(r"\1***@", text)


def database_url(database: str | os.PathLike[str] | URL | None) -> URL:
    """The URL ``db.setup(database)`` connects to.

    None or ``""`` is the ``database`` setting; a ``pathlib.Path`` or a
    string without ``://`` is an SQLite file; anything else that is not a
    URL is refused (``ValidationTypeError``, ``ValidationError``).
    """
    if database is None or database == "":
        return make_url(settings.database)
    if isinstance(database, URL):
        return database
    if isinstance(database, os.PathLike) or (
        isinstance(database, str) and "://" not in database
    ):
        return URL.create("sqlite", database=str(Path(database).expanduser()))
    if not isinstance(database, str):
        raise ValidationTypeError(_refusal(database))
    try:
        return make_url(database)
    except (ArgumentError, ValueError):
        raise ValidationError(_refusal(database)) from None


def _sqlite_connected(wal: bool) -> Callable[[Any, Any], None]:
    def connected(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if wal:  # a read-only file keeps the journal it has
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return connected


def _postgresql_connected(milliseconds: int) -> Callable[[Any, Any], None]:
    def connected(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {milliseconds}")
        cursor.close()
        dbapi_connection.commit()

    return connected


def _is_lock_timeout(error: BaseException) -> bool:
    """Tell whether a driver's error says a lock wait ran out of time."""
    return getattr(error, "sqlstate", None) == "55P03" or str(error).startswith(
        "database is locked"
    )


def _lock_timeouts(waited: float) -> Callable[[ExceptionContext], Any]:
    def translate(context: ExceptionContext) -> Exception | None:
        if _is_lock_timeout(context.original_exception):
            what = _WAITED_FOR[context.dialect.name]
            return timed_out(waited, f"{what} held by another process")
        return None

    return translate


def is_in_memory(url: URL) -> bool:
    """Tell whether ``url`` names an in-memory SQLite database."""
    database = url.database or ""
    return url.get_backend_name() == "sqlite" and (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or url.query.get("mode") == "memory"
    )


def connect(url: URL, engine_settings: dict[str, Any]) -> Engine:
    """Make the Engine for ``url``; ``engine_settings`` go to ``create_engine``."""
    options = dict(engine_settings)
    backend = url.get_backend_name()
    waited = settings.lock_timeout
    in_memory = is_in_memory(url)
    if backend == "sqlite":
        connect_args: dict[str, Any] = {"timeout": waited}
        if in_memory:
            connect_args["check_same_thread"] = False
            options.setdefault("poolclass", SharedMemoryPool)
        connect_args.update(options.pop("connect_args", {}))
        options["connect_args"] = connect_args
    engine = sqlalchemy.create_engine(url, **options)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_connected(wal=not in_memory))
    elif backend == "postgresql":
        milliseconds = max(1, round(waited * 1000))
        event.listen(engine, "connect", _postgresql_connected(milliseconds))
    event.listen(engine, "handle_error", _lock_timeouts(waited))
    if not in_memory:  # the child's copy of an in-memory database is its own
        forks.track(engine)
    return engine


__all__ = ["connect", "database_url", "is_in_memory"]
