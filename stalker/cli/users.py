"""``stalker user add`` and ``stalker user passwd``: accounts from the shell.

Passwords are read without echo from the terminal (asked twice), or as one
line from standard input when it is not a terminal, for scripts.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from stalker import User, db
from stalker.cli.options import connect, database_option


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_password() -> str:
    """The new password: asked twice without echo, or one line of standard input."""
    if _stdin_is_terminal():
        password: str = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        return password
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("no password on standard input")
    return password


@click.group()
def user() -> None:
    """Add users and change their passwords."""


@user.command()
@database_option
@click.argument("login")
@click.option("--email", required=True, help="The user's e-mail address.")
@click.option("--first-name", required=True, help="The user's first name.")
@click.option("--last-name", default="", help="The user's last name.")
def add(
    database: str | None, login: str, email: str, first_name: str, last_name: str
) -> None:
    """Add the user LOGIN; the password is read without echo."""
    connect(database)
    query = select(User).where(User.login_name == login)  # type: ignore[arg-type,comparison-overlap]
    if db.session.scalars(query).first():
        raise click.ClickException(f"there is already a user {login!r}")
    User(
        login_name=login,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=read_password(),
    )
    db.session.commit()
    click.echo(f"Added user {login!r}")


@user.command()
@database_option
@click.argument("login")
def passwd(database: str | None, login: str) -> None:
    """Give the user LOGIN a new password, read without echo."""
    connect(database)
    query = select(User).where(User.login_name == login)  # type: ignore[arg-type,comparison-overlap]
    found = db.session.scalars(query).first()
    if found is None:
        raise click.ClickException(f"there is no user {login!r}")
    found.password = read_password()
    db.session.commit()
    click.echo(f"Changed the password of {login!r}")


__all__ = ["read_password", "user"]
