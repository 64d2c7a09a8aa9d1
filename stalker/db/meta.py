"""The engine, session and metadata Stalker works with (set by ``setup()``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import scoped_session, sessionmaker

from stalker.db.session import StalkerSession
from stalker.db.tables import metadata
from stalker.exceptions import NotSetUpError


class _Sessions(sessionmaker[StalkerSession]):
    """Makes each thread's session once ``setup()`` gave a database to bind to.

    Asked before (``db.query(User)`` first thing in a shell), it says what to
    do. It is asked only when a thread's session is made, never per query.
    """

    def __call__(self, **local_kw: Any) -> StalkerSession:
        if local_kw.get("bind", self.kw["bind"]) is None:
            raise NotSetUpError(
                "stalker.db.session was used before the database was set up: "
                "call stalker.db.setup() first"
            )
        return super().__call__(**local_kw)


#: The Engine of the database given to ``setup()``; None before it.
engine: Engine | None = None

#: The session, one per thread; ``setup()`` binds it to the engine. A commit
#: expires only what it wrote (``stalker.db.expiry``), not every loaded object.
session = scoped_session(_Sessions(class_=StalkerSession, expire_on_commit=False))

#: Whether new objects join the session as soon as they are constructed.
auto_add = True

__all__ = ["auto_add", "engine", "metadata", "session"]
