"""The engine, session and metadata Stalker works with (set by ``setup()``)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import scoped_session, sessionmaker

from stalker.db.session import StalkerSession
from stalker.db.tables import metadata

#: The Engine of the database given to ``setup()``; None before it.
engine: Engine | None = None

#: The session, one per thread; ``setup()`` binds it to the engine.
session = scoped_session(sessionmaker(class_=StalkerSession))

#: Whether new objects join the session as soon as they are constructed.
auto_add = True

__all__ = ["auto_add", "engine", "metadata", "session"]
