"""``stalker check``: whether this database and this machine are ready for Stalker.

Each check prints one line, ``ok`` or ``PROBLEM``, and the exit code is 1 when
any problem was found.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import click
from sqlalchemy import create_engine, select
from sqlalchemy.exc import DBAPIError

from stalker import Repository, User, db
from stalker.cli.options import database_error, database_option, shown, url_of
from stalker.config import DEFAULT_ADMIN_PASSWORD, settings
from stalker.db import schema
from stalker.db.session_folder import private_folder, session_folder
from stalker.exceptions import SchemaVersionError, UnsafeSessionFolderError

#: (True for ok, what was found)
Finding = tuple[bool, str]


def _schema(url: str) -> Finding:
    """Whether the database is at this Stalker's revision (read without Alembic)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = schema.revision(connection)
            schema.check(connection, found)
    except SchemaVersionError as error:
        return False, str(error)
    except DBAPIError as error:
        return False, f"{shown(url)}: {database_error(error)}"
    finally:
        engine.dispose()
    if found is None:
        return False, f"{shown(url)} is empty: create it with `stalker init`"
    return True, f"schema revision {found} (the latest)"


def _admin_password() -> Finding:
    admin = db.session.scalars(
        select(User).where(User.login_name == settings.admin_login)  # type: ignore[arg-type,comparison-overlap]
    ).one()
    if admin.check_password(DEFAULT_ADMIN_PASSWORD):
        return False, (
            f"{admin.login_name!r} has the default password: change it with "
            f"`stalker user passwd {admin.login_name}`"
        )
    return True, f"{admin.login_name!r} has a password of its own"


def _repositories() -> Iterator[Finding]:
    for repository in db.query(Repository).order_by(Repository.name):  # type: ignore[arg-type]
        root = repository.path
        if not root:
            yield (
                False,
                (
                    f"repository {repository.name!r} has no root for this operating "
                    f"system: set its path or {repository.env_variable}"
                ),
            )
        elif not Path(root).is_dir():
            yield (
                False,
                (f"repository {repository.name!r} root {root} is not mounted here"),
            )
        else:
            yield True, f"repository {repository.name!r} root {root} is mounted"


def _session_folder() -> Finding:
    try:
        folder = private_folder(create=False)
    except UnsafeSessionFolderError as error:
        return False, str(error)
    if folder is None:
        return True, f"session folder {session_folder()} does not exist yet"
    return True, f"session folder {folder} is private"


def findings(url: str) -> Iterator[Finding]:
    """Every check's finding, in order; the database ones need its schema."""
    schema_ok, found = _schema(url)
    yield schema_ok, found
    if schema_ok:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the admin check below reports it
            db.setup(url)
        yield _admin_password()
        yield from _repositories()
    yield _session_folder()


@click.command()
@database_option
def check(database: str | None) -> None:
    """Check the database and this machine; exit code 1 on a problem.

    The schema revision, admin's password, the repository roots mounted here
    and the login session folder's safety, one line each.
    """
    problems = 0
    for ok, text in findings(url_of(database)):
        click.echo(f"{'ok' if ok else 'PROBLEM':8} {text}")
        problems += not ok
    if problems:
        raise click.exceptions.Exit(1)


__all__ = ["check", "findings"]
