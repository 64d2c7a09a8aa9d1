"""Events, history and callbacks: what happened to the objects of the studio.

``listen(cls, kind, fn)`` and ``remove(cls, kind, fn)`` call a function when
objects are inserted, updated, deleted or committed
(``stalker.db.callbacks``); ``since(cursor, limit)`` and ``history(obj)``
read the event log, written in the same transaction as each change
(``stalker.db.outbox``). A daemon that polls it::

    import time

    from stalker import db, events

    db.setup("postgresql+psycopg://studio-db/stalker")
    cursor = 0
    while True:
        for event in events.since(cursor):
            print(event.id, event.kind, event.entity_type, event.entity_id)
            cursor = event.id
        time.sleep(1)

Importing this module sets up nothing; it imports ``stalker.db`` (and so
SQLAlchemy), which ``import stalker`` alone does not.
"""

from __future__ import annotations

from stalker.db.callbacks import KINDS, listen, remove
from stalker.db.outbox import SECRET_ATTRIBUTES, Event, history, since

__all__ = [
    "KINDS",
    "SECRET_ATTRIBUTES",
    "Event",
    "history",
    "listen",
    "remove",
    "since",
]
