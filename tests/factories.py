"""Valid objects for tests that need one and do not care about its details."""

from __future__ import annotations

from stalker import Task, User, Version, db


def make_user(login: str = "ozgur") -> User:
    """A User with this login, its title-cased first name and an e-mail."""
    return User(
        login_name=login,
        first_name=login.title(),
        email=f"{login}@studio.com",
        password="secret",
    )


def numbered(task: Task, **kwargs) -> Version:
    """A new Version of ``task``, flushed so that it has its number."""
    version = Version(task=task, **kwargs)
    db.session.flush()
    return version
