"""The database module of Stalker.

``setup()`` connects to a database (an in-memory SQLite one by default),
maps the model classes, creates the missing tables and the defaults, and
binds ``stalker.db.session``; ``stalker.db.query`` is its ``query``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import URL, event, inspect
from sqlalchemy.orm import Session, configure_mappers

from stalker.db import (
    admin_password,
    audit,
    callbacks,
    codes,
    deletes,
    detached,
    engine,
    errors,
    integrity,
    lifecycle,
    messages,
    meta,
    orphans,
    outbox,
    placing,
    references,
    rollup,
    schema,
    staleness,
    uniqueness,
    workflow,
)
from stalker.db.defaults import ensure_defaults, missing_defaults
from stalker.db.locks import Namespace, serialize
from stalker.db.mapper import keep_docs, map_classes, mapper_registry
from stalker.db.session import StalkerSession, after_commit_hooks

#: The scoped SQLAlchemy session of this thread, bound by ``setup()``.
session = meta.session
#: ``session.query``: ``db.query(Project).filter_by(code="FILM").one()``.
query = meta.session.query
delete = deletes.delete

_log = logging.getLogger(__name__)

_extra_mappers_called: set[Callable[..., Any]] = set()


def _tables_missing(session: Session) -> bool:
    existing = set(inspect(session.connection()).get_table_names())
    return not set(meta.metadata.tables) <= existing


def _prepare_database(session: Session) -> None:
    """Create the missing tables and defaults, one process at a time.

    A database that has them all is only read: a process starts even while
    another one holds the write lock.
    """
    if _tables_missing(session) or missing_defaults(session):
        serialize(session, Namespace.DEFAULTS)
        schema.prepare(session.connection())
        ensure_defaults(session)
        session.flush()  # read back by plain statements, which need not autoflush


def setup(
    database: str | os.PathLike[str] | URL | None = None,
    mappers: Iterable[Callable[..., Any]] = (),
    engine_settings: dict[str, Any] | None = None,
    auto_add: bool = True,
) -> None:
    """Connect to ``database`` and make it ready for Stalker.

    ``database`` is an SQLAlchemy URL, or the path (a ``pathlib.Path`` or a
    file name) of an SQLite file; None is the ``database`` setting, an
    in-memory SQLite database by default. The classes are mapped once per
    process; each callable of ``mappers`` is called once as
    ``fn(registry, metadata)`` to map a studio's own classes. An empty
    database gets the latest schema; one made by an older or newer Stalker
    is refused (``SchemaVersionError``: see ``upgrade()``). Missing tables
    are created, then the admin user, default statuses and StatusLists, one
    process at a time; a database that has them is only read. With
    ``auto_add`` new objects are pending in ``session`` as soon as they are
    constructed. Calling it again rebinds to ``database`` and closes the
    connections of the previous engine; objects of the previous session stay
    loaded (printable) but detached.
    ``DefaultAdminPasswordWarning`` is warned while admin has the default password.
    """
    url = engine.database_url(database)
    map_classes()
    for extra in mappers:
        if extra not in _extra_mappers_called:
            extra(mapper_registry, meta.metadata)
            _extra_mappers_called.add(extra)
    configure_mappers()
    keep_docs()  # also for the studio's own classes
    new_engine = engine.connect(url, engine_settings or {})
    try:
        with new_engine.connect() as connection:
            schema.check(connection, schema.revision(connection))
    except BaseException:
        new_engine.dispose()
        raise
    if meta.session.registry.has():
        detached.keep_printable(meta.session())
    meta.session.remove()
    meta.session.configure(bind=new_engine)
    if meta.engine is not None:
        meta.engine.dispose()
    meta.engine = new_engine
    meta.auto_add = auto_add
    lifecycle.install()
    uniqueness.install()
    audit.install()
    workflow.install()
    messages.install()
    _prepare_database(meta.session())
    admin_password.warn_if_default(meta.session())
    meta.session.commit()  # and hold no connection: other threads may use it
    _log.info("set up on %s", new_engine.url.render_as_string(hide_password=True))


def upgrade(database: str) -> None:
    """Upgrade the schema of the database at URL ``database`` to this Stalker's."""
    from stalker.db import migrations

    migrations.upgrade(database)


def downgrade(database: str, revision: str) -> None:
    """Take the schema of the database at ``database`` back to ``revision``."""
    from stalker.db import migrations

    migrations.downgrade(database, revision)


# First: task locks come before the others (stalker.db.workflow).
event.listen(StalkerSession, "before_flush", workflow.before_flush)
event.listen(StalkerSession, "before_flush", integrity.before_flush)
event.listen(StalkerSession, "before_flush", placing.before_flush)  # once numbered
event.listen(StalkerSession, "after_flush", integrity.after_flush)
event.listen(StalkerSession, "before_flush", audit.before_flush)
event.listen(StalkerSession, "before_flush", uniqueness.before_flush)
event.listen(StalkerSession, "after_flush", uniqueness.after_flush)
event.listen(StalkerSession, "before_flush", staleness.before_flush)
event.listen(StalkerSession, "after_flush", staleness.after_flush)
event.listen(StalkerSession, "before_flush", orphans.before_flush)
event.listen(StalkerSession, "before_commit", orphans.before_commit)
event.listen(StalkerSession, "after_commit", orphans.forget)
event.listen(StalkerSession, "after_rollback", orphans.forget)
event.listen(StalkerSession, "before_flush", rollup.before_flush)
event.listen(StalkerSession, "after_flush", rollup.after_flush)
event.listen(StalkerSession, "before_commit", rollup.before_commit)
event.listen(StalkerSession, "after_rollback", rollup.after_rollback)
event.listen(StalkerSession, "before_flush", deletes.before_flush)
event.listen(StalkerSession, "before_flush", messages.before_flush)
event.listen(StalkerSession, "before_attach", uniqueness.before_attach)
event.listen(StalkerSession, "pending_to_persistent", codes.pending_to_persistent)
event.listen(
    StalkerSession, "after_transaction_create", outbox.after_transaction_create
)
event.listen(StalkerSession, "after_soft_rollback", outbox.after_soft_rollback)
event.listen(StalkerSession, "before_flush", outbox.before_flush)
event.listen(StalkerSession, "after_flush", outbox.after_flush)
event.listen(StalkerSession, "before_commit", outbox.before_commit)  # the last one
# Last before and first after the flush: the others see the objects as given.
event.listen(StalkerSession, "before_flush", references.before_flush)
event.listen(StalkerSession, "after_flush", references.put_back, insert=True)
event.listen(StalkerSession, "after_soft_rollback", references.put_back)
after_commit_hooks.append(callbacks.committed)
errors.translators += [uniqueness.translate, staleness.translate]

__all__ = ["delete", "downgrade", "meta", "query", "session", "setup", "upgrade"]
