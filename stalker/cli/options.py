"""What the sub-commands share: --database, connecting, progress bars, lookups."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from stalker import Project, db
from stalker.config import settings

#: ``--database URL`` on every command.
database_option = click.option(
    "--database",
    metavar="URL",
    help="SQLAlchemy URL of the database (default: the `database` setting).",
)


def url_of(database: str | None) -> str:
    """The database to use: the option's, else the ``database`` setting."""
    return database or settings.database


def shown(url: str) -> str:
    """``url`` for printing, its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def database_error(error: DBAPIError) -> str:
    """What the database driver said, without the SQL statement and parameters."""
    return f"the database refused: {str(error.orig).strip()}"


def connect(database: str | None) -> str:
    """``db.setup()`` the database; its warnings are printed, not raised."""
    url = url_of(database)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        db.setup(url)
    for warning in caught:
        click.echo(f"Warning: {warning.message}", err=True)
    return url


def projects_by_code(codes: tuple[str, ...]) -> list[Project]:
    """The projects with these codes, in order; a missing one is an error."""
    query = db.query(Project).filter(Project.code.in_(codes))  # type: ignore[attr-defined]
    found = {p.code: p for p in query}
    missing = [code for code in codes if code not in found]
    if missing:
        raise click.ClickException(f"no project with code {', '.join(missing)}")
    return [found[code] for code in codes]


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback drawing a bar on standard error.

    The bar appears with the first call, when the total is known; on a
    standard error that is not a terminal only the label is printed.
    """
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


__all__ = [
    "connect",
    "database_error",
    "database_option",
    "progress_bar",
    "projects_by_code",
    "shown",
    "url_of",
]
