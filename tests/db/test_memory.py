"""The in-memory database: one database for every thread, one thread at a time."""

from __future__ import annotations

import threading

import pytest

from stalker import Project, User, config, db
from stalker.exceptions import LockTimeoutError


def in_threads(work, count: int) -> list[str]:
    """Run ``work(n)`` in ``count`` threads at once; return what they raised."""
    errors: list[str] = []

    def run(n: int) -> None:
        try:
            work(n)
        except Exception as error:  # reported to the test
            errors.append(repr(error))
        finally:
            db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_threads_see_one_database(resetup):
    """What one thread committed, another one reads: the tables and the rows."""
    db.setup()
    Project(name="Seen Everywhere")
    db.session.commit()
    seen = []
    assert in_threads(lambda n: seen.append(db.query(Project.name).scalar()), 1) == []
    assert seen == ["Seen Everywhere"]


def test_threads_writing_at_once_take_turns(resetup):
    """Four threads committing projects at once all succeed; nothing is lost."""
    db.setup()

    def write(n: int) -> None:
        for i in range(25):
            Project(name=f"Project {n} {i}")
            db.session.commit()
            db.query(User).all()  # holds the connection until the next commit

    assert in_threads(write, 4) == []
    assert db.query(Project).count() == 100


def test_a_thread_waits_for_a_session_left_open_then_says_why(resetup, monkeypatch):
    """A thread waits lock_timeout for another thread's open session, then says so."""
    db.setup()
    monkeypatch.setattr(config.settings, "lock_timeout", 0.2)
    holding, done = threading.Event(), threading.Event()

    def hold(n: int) -> None:
        db.query(User).all()  # this thread's session now holds the connection
        holding.set()
        done.wait(timeout=30)

    thread = threading.Thread(target=in_threads, args=(hold, 1))
    thread.start()
    assert holding.wait(timeout=30)
    with pytest.raises(LockTimeoutError) as raised:
        db.query(User).all()
    assert str(raised.value) == (
        "waited 0.2 s for the in-memory database, used by a session of "
        "another thread (commit, roll back or close it there)"
    )
    done.set()
    thread.join()
    assert db.query(User).count() == 1


def test_one_thread_may_take_the_connection_again(resetup):
    """Two sessions of one thread share the connection instead of waiting."""
    db.setup()
    db.query(User).all()
    with db.meta.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM users").scalar() == 1
    db.session.commit()
