"""A forked child never touches the connections of its parent.

Multiprocessing workers and render-farm wrappers fork a process that has
Stalker set up. The child inherits the parent's open connections, and a
word on them from the child (a rollback, a close) reaches the parent's
server session or file locks and breaks them. Right after ``os.fork()`` the
child lets go of every connection its engines made, without using it
(SQLAlchemy's guidance on pools and ``os.fork()``): the engines open new
connections when next used, and ``db.session``, if it was in a transaction,
is rolled back in the child only (the parent's uncommitted work is not the
child's to see).
"""

from __future__ import annotations

import os
import weakref
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from stalker.db import meta

#: The engines of this process whose connections a child must not use.
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
#: Every connection those engines made, as their pools' entries.
_made: weakref.WeakSet[ConnectionPoolEntry] = weakref.WeakSet()
#: The connections lent out by those pools (those not returned yet matter).
_lent: weakref.WeakSet[PoolProxiedConnection] = weakref.WeakSet()
#: In a child, the parent's connections: kept, never closed (a close talks).
_inherited: list[Any] = []


def _made_connection(dbapi_connection: Any, entry: ConnectionPoolEntry) -> None:
    _made.add(entry)


def _lent_connection(
    dbapi_connection: Any, entry: ConnectionPoolEntry, proxy: PoolProxiedConnection
) -> None:
    _lent.add(proxy)


def track(engine: Engine) -> None:
    """Make a forked child let go of the connections ``engine`` makes."""
    _engines.add(engine)
    event.listen(engine, "connect", _made_connection)
    event.listen(engine, "checkout", _lent_connection)


def forget_parent_connections() -> None:
    """Let go of every connection made before the fork, without using it."""
    for proxy in list(_lent):
        proxy.dbapi_connection = None  # type: ignore[misc]  # a slot of the concrete class
    for entry in list(_made):
        _inherited.append(entry.dbapi_connection)
        entry.dbapi_connection = None  # type: ignore[misc]  # a slot of the concrete class
    _lent.clear()
    _made.clear()
    for engine in list(_engines):
        engine.dispose(close=False)
    if meta.session.registry.has() and meta.session().in_transaction():
        meta.session().rollback()


os.register_at_fork(after_in_child=forget_parent_connections)

__all__ = ["forget_parent_connections", "track"]
