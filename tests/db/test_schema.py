"""The schema revision: recorded by setup(), checked without Alembic, upgraded."""

from __future__ import annotations

import types

import pytest
from processes import python_lines
from sqlalchemy import create_engine, insert, inspect, text, update
from sqlalchemy.schema import CreateTable

from stalker import db
from stalker.db import migrations, schema, tables
from stalker.exceptions import SchemaVersionError

UPGRADE_COMMANDS = ("stalker upgrade --database URL", "stalker.db.upgrade(url)")


def _revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return schema.revision(connection)
    finally:
        engine.dispose()


def _execute(url: str, *statements) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(statement)
    finally:
        engine.dispose()


def _pre_history_database(url: str) -> None:
    """The schema as a Stalker that recorded no revision left it."""
    engine = create_engine(url)
    try:
        own = [tables.metadata.tables[name] for name in schema.STALKER_TABLES]
        tables.metadata.create_all(engine, tables=own)
    finally:
        engine.dispose()


def test_head_is_alembic_head():
    """schema.HEAD and REVISIONS are what Alembic finds in versions/."""
    scripts = migrations.script_directory()
    assert scripts.get_current_head() == schema.HEAD
    oldest_first = [s.revision for s in scripts.walk_revisions()][::-1]
    assert list(schema.REVISIONS) == oldest_first


def test_setup_records_the_head_revision(fresh_database_url, resetup):
    """An empty database gets the latest schema and its revision."""
    db.setup(fresh_database_url)
    assert _revision_of(fresh_database_url) == schema.HEAD
    db.setup(fresh_database_url)  # an up-to-date database opens again
    assert _revision_of(fresh_database_url) == schema.HEAD


def test_setup_refuses_an_older_revision(fresh_database_url, resetup, monkeypatch):
    """A known older revision is refused with the two ways to upgrade."""
    db.setup(fresh_database_url)
    _execute(
        fresh_database_url, update(schema.alembic_version).values(version_num="0000")
    )
    monkeypatch.setattr(schema, "REVISIONS", ("0000", *schema.REVISIONS))
    with pytest.raises(SchemaVersionError) as raised:
        db.setup(fresh_database_url)
    message = str(raised.value)
    assert "schema revision 0000, older than this Stalker's" in message
    assert all(command in message for command in UPGRADE_COMMANDS)


def test_setup_refuses_a_newer_revision(fresh_database_url, resetup):
    """A revision this Stalker does not know comes from a newer Stalker."""
    db.setup(fresh_database_url)
    _execute(
        fresh_database_url, update(schema.alembic_version).values(version_num="9999")
    )
    with pytest.raises(SchemaVersionError, match="made by a newer Stalker"):
        db.setup(fresh_database_url)
    _execute(
        fresh_database_url,
        insert(schema.alembic_version).values(version_num=schema.HEAD),
    )
    with pytest.raises(SchemaVersionError, match=f"{schema.HEAD}\\+9999, unknown"):
        db.setup(fresh_database_url)


def test_setup_refuses_tables_without_a_revision(fresh_database_url, resetup):
    """Stalker's tables without alembic_version: made before revisions were kept."""
    _pre_history_database(fresh_database_url)
    with pytest.raises(SchemaVersionError) as raised:
        db.setup(fresh_database_url)
    assert "has Stalker's tables but no schema revision" in str(raised.value)
    assert all(command in str(raised.value) for command in UPGRADE_COMMANDS)


def test_empty_version_table_counts_as_empty_database(fresh_database_url, resetup):
    """alembic_version without a row and no tables: setup() fills it in."""
    _execute(fresh_database_url, CreateTable(schema.alembic_version))
    db.setup(fresh_database_url)
    assert _revision_of(fresh_database_url) == schema.HEAD


def test_upgrade_adopts_a_database_of_the_latest_schema(fresh_database_url, resetup):
    """upgrade() records the revision of unrecorded tables equal to the models'."""
    _pre_history_database(fresh_database_url)
    db.upgrade(fresh_database_url)
    assert _revision_of(fresh_database_url) == schema.HEAD
    db.setup(fresh_database_url)


def test_upgrade_refuses_unrecorded_tables_that_differ(fresh_database_url):
    """Unrecorded tables unlike the models cannot be upgraded, and nothing changes."""
    _pre_history_database(fresh_database_url)
    _execute(fresh_database_url, text("DROP INDEX ix_versions_filename"))
    with pytest.raises(SchemaVersionError, match="differ from this Stalker's schema"):
        db.upgrade(fresh_database_url)
    assert _revision_of(fresh_database_url) is None


def test_upgrade_of_an_up_to_date_database_changes_nothing(fresh_database_url, resetup):
    """upgrade() on the latest revision is a no-op, data kept; downgrade() undoes."""
    db.downgrade(fresh_database_url, "base")
    assert _revision_of(fresh_database_url) is None
    db.setup(fresh_database_url)
    db.upgrade(fresh_database_url)
    assert _revision_of(fresh_database_url) == schema.HEAD
    db.setup(fresh_database_url)
    assert db.query(tables.users.c.login_name).count() == 1


def test_messages_hide_the_database_password():
    """The URL in a schema message never shows the password."""
    engine = create_engine("postgresql+psycopg://artist:s3cret@server/studio")
    connection = types.SimpleNamespace(engine=engine)
    assert (
        schema.describe(connection) == "postgresql+psycopg://artist:***@server/studio"
    )


def test_reading_the_revision_does_not_import_alembic(fresh_database_url, resetup):
    """import stalker + setup() of an up-to-date database import no Alembic."""
    db.setup(fresh_database_url)
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "import stalker\n"
        "from stalker import db\n"
        "db.setup(sys.argv[1])\n"
        "print('alembic' in sys.modules, 'mako' in sys.modules)\n"
    )
    assert python_lines(code, fresh_database_url) == ["False False"]


def test_studio_tables_are_not_stalker_tables(fresh_database_url, resetup):
    """Only Stalker's tables count as its schema; others are left to the studio."""
    _execute(fresh_database_url, text("CREATE TABLE studio_notes (id INTEGER)"))
    db.setup(fresh_database_url)
    engine = create_engine(fresh_database_url)
    assert "studio_notes" in inspect(engine).get_table_names()
    engine.dispose()
    assert not schema.is_stalker_name("studio_notes", "table", {})
    assert schema.is_stalker_name("id", "column", {})
