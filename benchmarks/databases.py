"""Where the benchmarks write: SQLite files, and throwaway PostgreSQL databases."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Names a PostgreSQL server to benchmark too (any database on it will do).
POSTGRESQL_VARIABLE = "STALKER_BENCH_POSTGRESQL_URL"


@contextmanager
def sqlite_folder() -> Iterator[Path]:
    """A temporary folder for the SQLite files of one run."""
    with tempfile.TemporaryDirectory(prefix="stalker-bench-") as folder:
        yield Path(folder)


def sqlite_url(folder: Path, name: str) -> str:
    """The URL of a new SQLite file ``name`` in ``folder``."""
    return f"sqlite:///{folder / name}.db"


@contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server of ``server_url``, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    name = f"stalker_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def postgresql_server(given: str | None) -> str | None:
    """The PostgreSQL server to use: the option, else the environment, else none."""
    return given or os.environ.get(POSTGRESQL_VARIABLE) or None
