"""The database's schema revision, read and recorded without importing Alembic.

The revision is Alembic's: one row in ``alembic_version``. ``prepare()``
(called by ``db.setup()``) creates the latest schema on an empty database and
records ``HEAD``; on a database of another revision it refuses with a
``SchemaVersionError`` that says how to upgrade. Upgrading needs Alembic and
lives in ``stalker.db.migrations``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

from stalker.db.tables import metadata
from stalker.exceptions import SchemaVersionError

#: Every revision of ``stalker/db/migrations/versions``, oldest first.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006")

#: The revision of the schema the models of this Stalker need.
HEAD = REVISIONS[-1]

#: Stalker's own tables (a studio's extra tables are not part of its schema).
STALKER_TABLES = frozenset(metadata.tables)

UPGRADE_HINT = (
    "upgrade it with `stalker upgrade --database URL` "
    "or `stalker.db.upgrade(url)` from Python"
)

#: Alembic's table, as Alembic itself creates it.
alembic_version = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def is_stalker_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether Alembic should look at ``name``: any but a table not Stalker's."""
    return type_ != "table" or name in STALKER_TABLES


def revision(connection: Connection) -> str | None:
    """The schema revision recorded in the database; None if there is none.

    Several rows (Alembic branches, which Stalker has none of) read as one
    unknown revision.
    """
    if not inspect(connection).has_table(alembic_version.name):
        return None
    found = sorted(connection.scalars(select(alembic_version.c.version_num)))
    return "+".join(found) or None


def has_stalker_tables(connection: Connection) -> bool:
    """Whether any of Stalker's tables exists in the database."""
    return not STALKER_TABLES.isdisjoint(inspect(connection).get_table_names())


def describe(connection: Connection) -> str:
    """The database's URL for messages, its password hidden."""
    return connection.engine.url.render_as_string(hide_password=True)


def check(connection: Connection, found: str | None) -> None:
    """Raise ``SchemaVersionError`` unless revision ``found`` is ``HEAD`` or empty."""
    where = describe(connection)
    if found is None and has_stalker_tables(connection):
        raise SchemaVersionError(
            f"The database {where} has Stalker's tables but no schema revision "
            f"(made by a Stalker that did not record one): {UPGRADE_HINT}"
        )
    if found is None or found == HEAD:
        return
    if found in REVISIONS:
        raise SchemaVersionError(
            f"The database {where} has schema revision {found}, older than this "
            f"Stalker's {HEAD}: {UPGRADE_HINT}"
        )
    raise SchemaVersionError(
        f"The database {where} has schema revision {found}, unknown to this "
        f"Stalker (its newest is {HEAD}): it was made by a newer Stalker; "
        "upgrade Stalker to use it"
    )


def prepare(connection: Connection) -> None:
    """Create the latest schema on an empty database, or check its revision.

    Missing tables (a studio's extra ones too) are created on a database of
    the latest revision; an empty one gets ``HEAD`` recorded.
    """
    found = revision(connection)
    check(connection, found)
    metadata.create_all(connection)
    if found is None:
        alembic_version.create(connection, checkfirst=True)
        connection.execute(insert(alembic_version).values(version_num=HEAD))


__all__ = [
    "HEAD",
    "REVISIONS",
    "STALKER_TABLES",
    "alembic_version",
    "check",
    "prepare",
    "revision",
]
