"""Fixtures shared by the whole suite.

The suite runs on SQLite (a file in a temporary folder) unless
``STALKER_TEST_DATABASE_URL`` names another database, for example
``postgresql+psycopg://postgres@127.0.0.1:5432/stalker_test``.

Every test runs inside an outer transaction that is rolled back afterwards:
``db.session`` is bound to a connection in ``conn.begin()`` with
``join_transaction_mode="create_savepoint"``, so a test may commit freely.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from stalker import config, db
from stalker.db import meta

TEST_DATABASE_URL = os.environ.get("STALKER_TEST_DATABASE_URL")

#: Cheap hashing for speed; the real policy is tested on its own.
FAST_PASSWORDS = config.PasswordPolicy(n=2**4, r=1, p=1)

#: Not the default, so setup() does not warn about the admin's password.
TEST_ADMIN_PASSWORD = "test-admin-password"


def _sqlite_savepoint_hooks(engine) -> None:
    """Let pysqlite run SAVEPOINTs (SQLAlchemy docs, SQLite dialect)."""

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection, record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")


@contextmanager
def _new_postgresql_database(url: str) -> Iterator[str]:
    """Create an empty database on the server of ``url``; drop it afterwards."""
    server = make_url(url)
    name = f"stalker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """The URL of the database the suite runs on, new for each run."""
    if TEST_DATABASE_URL and _is_postgresql(TEST_DATABASE_URL):
        with _new_postgresql_database(TEST_DATABASE_URL) as url:
            yield url
    elif TEST_DATABASE_URL:
        yield TEST_DATABASE_URL
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'stalker.db'}"


@pytest.fixture(scope="session")
def set_up(database_url, tmp_path_factory) -> Iterator[Callable[[], None]]:
    """Yield a function that sets Stalker up on the suite's database."""
    # Never the real home's login session, here or in processes started later.
    sessions = str(tmp_path_factory.mktemp("home") / "sessions")
    os.environ["STALKER_SESSION_FOLDER"] = config.settings.session_folder = sessions

    def set_up() -> None:
        config.settings.password_policy = FAST_PASSWORDS
        config.settings.admin_password = TEST_ADMIN_PASSWORD
        db.setup(database_url)
        if meta.engine.dialect.name == "sqlite":
            _sqlite_savepoint_hooks(meta.engine)
            meta.engine.dispose()

    set_up()
    yield set_up
    meta.session.remove()
    meta.engine.dispose()


@pytest.fixture(autouse=True)
def session(set_up) -> Iterator:
    """``db.session``, inside a transaction rolled back after the test."""
    engine = meta.engine
    connection = engine.connect()
    outer = connection.begin()
    meta.session.remove()
    meta.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield meta.session
    finally:
        meta.session.remove()
        if outer.is_active:
            outer.rollback()
        if meta.engine is not engine:  # the test called setup(): the pool is gone
            connection.invalidate()
        connection.close()
        meta.session.configure(
            bind=meta.engine, join_transaction_mode="conservative_savepoint"
        )
        meta.auto_add = True


@pytest.fixture
def resetup(set_up) -> Iterator[None]:
    """For tests that call ``db.setup()`` themselves: set the suite up again after."""
    yield
    set_up()


@contextmanager
def _empty_database(database_url: str, folder) -> Iterator[str]:
    """A new, empty database on the backend of ``database_url``."""
    if _is_postgresql(database_url):
        with _new_postgresql_database(database_url) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'fresh.db'}"


@pytest.fixture
def fresh_database_url(database_url, tmp_path) -> Iterator[str]:
    """The URL of a new, empty database on the suite's backend."""
    with _empty_database(database_url, tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def module_database_url(database_url, tmp_path_factory) -> Iterator[str]:
    """The URL of a new, empty database on the suite's backend, for one module."""
    with _empty_database(database_url, tmp_path_factory.mktemp("module")) as url:
        yield url
