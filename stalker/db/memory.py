"""The pool of the in-memory database: one connection, one thread at a time.

An in-memory SQLite database lives in one connection, so every thread of the
process must use that connection to see the same database. Two threads
using it at once would share one transaction (one's commit or rollback would
end the other's work), so the connection is lent to one thread at a time,
from checkout to return: a session has it from its first statement until
its commit, rollback or close. Another thread waits for it at most
``settings.lock_timeout`` seconds, then gets ``LockTimeoutError``. The
thread that has it may take it again (its sessions share the transaction).
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from stalker.config import settings
from stalker.db.locks import timed_out


class SharedMemoryPool(StaticPool):
    """A StaticPool that lends its one connection to one thread at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turn = threading.Condition()
        self._holder: int | None = None

    def _do_get(self) -> ConnectionPoolEntry:
        me = threading.get_ident()
        waited = settings.lock_timeout
        with self._turn:
            if not self._turn.wait_for(
                lambda: self._holder in (None, me), timeout=waited
            ):
                raise timed_out(
                    waited,
                    "the in-memory database, used by a session of another "
                    "thread (commit, roll back or close it there)",
                )
            self._holder = me
        return super()._do_get()

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        with self._turn:
            self._holder = None
            self._turn.notify_all()


__all__ = ["SharedMemoryPool"]
