"""The database module of Stalker.

``setup()`` connects to a database (an in-memory SQLite one by default),
maps the model classes, creates the missing tables and the defaults, and
binds ``stalker.db.session``; ``stalker.db.query`` is its ``query``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import configure_mappers

from stalker.config import settings
from stalker.db import admin_password, audit, integrity, lifecycle, meta
from stalker.db.defaults import ensure_defaults
from stalker.db.mapper import map_classes, mapper_registry
from stalker.db.session import StalkerSession

#: The scoped SQLAlchemy session of this thread, bound by ``setup()``.
session = meta.session
#: ``session.query``: ``db.query(Project).filter_by(code="FILM").one()``.
query = meta.session.query

_log = logging.getLogger(__name__)

_extra_mappers_called: set[Callable[..., Any]] = set()


def _enable_sqlite_foreign_keys(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _create_engine(database: str, engine_settings: dict[str, Any]) -> Engine:
    settings_ = dict(engine_settings)
    is_sqlite = database.startswith("sqlite")
    if is_sqlite:
        connect_args = {"timeout": settings.sqlite_busy_timeout}
        connect_args.update(settings_.pop("connect_args", {}))
        settings_["connect_args"] = connect_args
    engine = create_engine(database, **settings_)
    if is_sqlite:
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def setup(
    database: str | None = None,
    mappers: Iterable[Callable[..., Any]] = (),
    engine_settings: dict[str, Any] | None = None,
    auto_add: bool = True,
) -> None:
    """Connect to ``database`` and make it ready for Stalker.

    ``database`` is an SQLAlchemy URL (None: an in-memory SQLite database).
    The classes are mapped once per process; each callable of ``mappers`` is
    called once as ``fn(registry, metadata)`` to map a studio's own classes.
    Missing tables are created, then the admin user, default statuses and
    StatusLists. With ``auto_add`` new objects are pending in ``session`` as
    soon as they are constructed. Calling it again rebinds to ``database``
    and closes the connections of the previous engine.
    ``DefaultAdminPasswordWarning`` is warned while admin has the default password.
    """
    map_classes()
    for extra in mappers:
        if extra not in _extra_mappers_called:
            extra(mapper_registry, meta.metadata)
            _extra_mappers_called.add(extra)
    configure_mappers()
    engine = _create_engine(database or settings.database, engine_settings or {})
    meta.metadata.create_all(engine)
    meta.session.remove()
    meta.session.configure(bind=engine)
    if meta.engine is not None:
        meta.engine.dispose()
    meta.engine = engine
    meta.auto_add = auto_add
    lifecycle.install()
    audit.install()
    ensure_defaults(meta.session())
    admin_password.warn_if_default(meta.session())
    _log.info("set up on %s", engine.url.render_as_string(hide_password=True))


event.listen(StalkerSession, "before_flush", integrity.before_flush)
event.listen(StalkerSession, "after_flush", integrity.after_flush)
event.listen(StalkerSession, "before_flush", audit.before_flush)

__all__ = ["meta", "query", "session", "setup"]
