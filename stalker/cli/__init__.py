"""The ``stalker`` command (also ``python -m stalker``).

One module per group of sub-commands: ``database`` (init, upgrade, demo),
``check``, ``projects`` (create-structure, schedule) and ``users`` (user add,
user passwd). Exit codes: 0 done, 1 a problem found or a failure, 2 wrong
usage. Importing ``stalker`` never imports this package or click.
"""

from __future__ import annotations

from collections.abc import Sequence

import click
from sqlalchemy.exc import DBAPIError

from stalker import __version__
from stalker.cli import check, database, projects, users
from stalker.cli.options import database_error
from stalker.exceptions import StalkerError


class _StalkerGroup(click.Group):
    """A command group that reports Stalker's and the database's errors (exit 1)."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the sub-command; a refusal becomes ``Error: <message>``, exit 1."""
        try:
            return super().invoke(ctx)
        except StalkerError as error:
            raise click.ClickException(str(error)) from error
        except DBAPIError as error:
            raise click.ClickException(database_error(error)) from error


@click.group(
    "stalker",
    cls=_StalkerGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="stalker")
def cli() -> None:
    """Stalker: manage a studio's production database from the shell.

    Every command takes --database URL (an SQLAlchemy URL; default: the
    `database` setting, from STALKER_DATABASE or ~/.stalker/config.toml).
    Exit codes: 0 done, 1 a problem found or a failure, 2 wrong usage.
    """


for command in (
    database.init,
    database.upgrade,
    database.demo,
    check.check,
    projects.create_structure,
    projects.schedule,
    users.user,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``stalker`` command with ``argv`` (default: the process's arguments)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="stalker")


__all__ = ["cli", "main"]
