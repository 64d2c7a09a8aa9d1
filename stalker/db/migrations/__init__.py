"""Stalker's schema history: the Alembic migrations shipped with the package.

``upgrade(url)`` brings a database to the latest revision, ``downgrade(url,
revision)`` takes it back. Importing this module imports Alembic, so only
upgrades do; ``stalker.db.schema`` reads the revision without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from stalker.db import schema
from stalker.db.tables import metadata
from stalker.exceptions import SchemaVersionError

#: The folder of ``env.py``, ``script.py.mako`` and ``versions/``.
FOLDER = Path(__file__).parent

#: The migrations themselves, one file per revision.
VERSIONS = FOLDER / "versions"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for Stalker's migrations, run on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(VERSIONS))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    """Alembic's view of ``versions/``."""
    return ScriptDirectory.from_config(alembic_config())


#: The warnings of an expression index that SQLite cannot reflect.
_UNREFLECTED_INDEX = (
    "Skipped unsupported reflection of expression-based index",
    "autogenerate skipping metadata-specified expression-based index",
)


@contextmanager
def expression_indexes_unreflected() -> Iterator[None]:
    """Silence the warnings that SQLite cannot reflect an expression index.

    ``lower(email)`` is one: SQLite cannot compare it; PostgreSQL does.
    """
    with warnings.catch_warnings():
        for message in _UNREFLECTED_INDEX:
            warnings.filterwarnings("ignore", message=message)
        yield


def differences(connection: Connection) -> list[Any]:
    """What Alembic's autogenerate finds between the models and the database."""
    context = MigrationContext.configure(
        connection, opts={"include_name": schema.is_stalker_name}
    )
    with expression_indexes_unreflected():
        return compare_metadata(context, metadata)


@contextmanager
def _connected(url: str) -> Iterator[Connection]:
    """A connection to ``url`` in a transaction, committed at the end."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _adopt(connection: Connection) -> None:
    """Record ``HEAD`` in a database that has the latest schema but no revision."""
    found = differences(connection)
    if found:
        raise SchemaVersionError(
            f"The database {schema.describe(connection)} has Stalker's tables but "
            "no schema revision, and they differ from this Stalker's schema in "
            f"{len(found)} place(s), first {found[0]!r}: it cannot be upgraded "
            "automatically; copy its data into a new database"
        )
    command.stamp(alembic_config(connection), schema.HEAD)


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision`` (the latest by default)."""
    with _connected(url) as connection:
        if schema.revision(connection) is None and schema.has_stalker_tables(
            connection
        ):
            _adopt(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the database at ``url`` back to ``revision`` (``"base"``: empty)."""
    with _connected(url) as connection:
        command.downgrade(alembic_config(connection), revision)


__all__ = [
    "FOLDER",
    "VERSIONS",
    "alembic_config",
    "differences",
    "downgrade",
    "script_directory",
    "upgrade",
]
