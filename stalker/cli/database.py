"""``stalker init``, ``stalker upgrade`` and ``stalker demo``: make a database ready."""

from __future__ import annotations

from pathlib import Path

import click

from stalker import db
from stalker.cli.options import connect, database_option, shown, url_of
from stalker.db import schema


@click.command()
@database_option
def init(database: str | None) -> None:
    """Create the latest schema and the defaults (admin, statuses) if missing."""
    url = connect(database)
    click.echo(f"{shown(url)} is ready (schema revision {schema.HEAD})")


@click.command()
@database_option
def upgrade(database: str | None) -> None:
    """Upgrade the database's schema to this Stalker's (needs Alembic)."""
    url = url_of(database)
    db.upgrade(url)
    click.echo(f"{shown(url)} is at schema revision {schema.HEAD}")


@click.command()
@database_option
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the project's files (default: a new temporary folder).",
)
def demo(database: str | None, root: Path | None) -> None:
    """Build a small production and print what was done.

    Without --database it goes into an SQLite file in a new temporary folder.
    """
    from stalker import demo as demo_module

    arguments = ["--database", database] if database else []
    arguments += ["--root", str(root)] if root else []
    demo_module.main(arguments)


__all__ = ["demo", "init", "upgrade"]
