"""Valid objects for tests that need one and do not care about its details."""

from __future__ import annotations

import itertools

from stalker import Project, Sequence, Shot, Task, User, Version, db


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


_homes = itertools.count(1)


def a_project() -> Project:
    """A new project with a name of its own."""
    return Project(name=f"Home {next(_homes)}")


def a_sequence(name: str = "SEQ1") -> Sequence:
    """A new sequence in a project of its own."""
    return Sequence(name=name, project=a_project())


def a_shot() -> Shot:
    """A new shot in a sequence of a project of its own: a home for a task."""
    return Shot(name="SH010", sequence=a_sequence())
