"""Valid objects for tests that need one and do not care about its details."""

from __future__ import annotations

import itertools
from weakref import WeakKeyDictionary

from stalker import Booking, Project, Sequence, Shot, Task, User, Version, db


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


_shots = itertools.count(1)
#: The sequence the shots of one test share, per session.
_shared_sequences: WeakKeyDictionary = WeakKeyDictionary()


def a_shot() -> Shot:
    """A new shot, a home for a task, in the one sequence of this test's shots.

    The tasks of one test are of one project, so they may depend on each other.
    """
    session = db.session()
    sequence = _shared_sequences.get(session)
    if sequence is None or sequence not in session:
        sequence = _shared_sequences[session] = a_sequence()
    return Shot(name=f"SH{next(_shots):04}", sequence=sequence)


def drop(pending: Booking | Version) -> None:
    """Take a pending booking or version out of its lists and out of the session.

    A list of work no longer takes its items away: the session would save
    them again.
    """
    with db.session.no_autoflush:
        if isinstance(pending, Booking):
            pending.resource.bookings.remove(pending)
            pending.task.bookings.remove(pending)
        else:
            pending.task.versions.remove(pending)
    db.session.expunge(pending)
