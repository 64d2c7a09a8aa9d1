"""A stalled writer blocks nobody for long (SQLite file and PostgreSQL).

A tool flushes a new version of a task, or renames the task, and then waits
on a dialog, its transaction open. Meanwhile other processes start: one that
only reads starts and reads at once; one that writes what the stalled one
holds gets ``LockTimeoutError`` after ``settings.lock_timeout`` seconds,
naming what it waited for.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
from processes import python_lines

pytestmark = pytest.mark.concurrency

#: The lock timeout of the waiting processes, short so the tests stay fast.
WAIT = 1.0

SETUP = f"""
import sys
from stalker import Task, Version, config, db
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
config.settings.admin_password = "not-the-default"
config.settings.lock_timeout = {WAIT}
db.setup(sys.argv[1])
task = db.session.get(Task, int(sys.argv[2]))
"""


def stall(url: str, task_id: int, edit: str, stalled, release) -> None:
    """Flush an edit of the task, then hold the transaction open until released."""
    from stalker import Task, Version, db

    db.setup(url)
    task = db.session.get(Task, task_id)
    if edit == "version":
        Version(task=task)
    else:
        task.name = "Renamed"
    db.session.flush()
    stalled.set()
    release.wait(timeout=120)
    db.session.rollback()


@pytest.fixture
def stalled_writer(fresh_database_url, resetup) -> Iterator:
    """Start a process that stalls after an edit: ``start(edit)`` -> (url, task id)."""
    from factories import a_shot

    from stalker import Task, db

    db.setup(fresh_database_url)
    task = Task(name="Anim", task_of=a_shot())
    db.session.commit()
    task_id = task.id
    db.session.remove()
    context = multiprocessing.get_context("spawn")
    stalled, release = context.Event(), context.Event()
    processes = []

    def start(edit: str) -> tuple[str, int]:
        process = context.Process(
            target=stall,
            args=(fresh_database_url, task_id, edit, stalled, release),
        )
        process.start()
        processes.append(process)
        assert stalled.wait(timeout=60)
        return fresh_database_url, task_id

    yield start
    release.set()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0


def test_a_reader_starts_while_a_writer_stalls(stalled_writer):
    """db.setup() and reading work at once while another process holds a write."""
    url, task_id = stalled_writer("version")
    code = SETUP + "print(task.name, db.query(Version).count())"
    assert python_lines(code, url, str(task_id)) == ["Anim 0"]


def test_a_second_save_of_the_task_waits_then_says_why(stalled_writer):
    """Saving a version of the stalled task gives up after lock_timeout, naming it."""
    url, task_id = stalled_writer("version")
    code = SETUP + (
        "from stalker.exceptions import LockTimeoutError\n"
        "version = Version(task=task)\n"
        "try:\n"
        "    db.session.commit()\n"
        "except LockTimeoutError as error:\n"
        "    print(error)\n"
        "print(version in db.session.new)\n"
        "with db.session.no_autoflush:\n"
        "    print(db.query(Version).count())\n"
    )
    assert python_lines(code, url, str(task_id)) == [
        f"waited {WAIT} s for the version numbers of Task 'Anim' (id {task_id}) "
        "held by another process",
        "True",  # the failed commit keeps the new version
        "0",
    ]


def test_an_edit_of_the_same_row_waits_then_says_why(stalled_writer, database_url):
    """Renaming the task another process renamed gives up after lock_timeout."""
    url, task_id = stalled_writer("rename")
    code = SETUP + (
        "from stalker.exceptions import LockTimeoutError\n"
        "task.name = 'Mine'\n"
        "try:\n"
        "    db.session.commit()\n"
        "except LockTimeoutError as error:\n"
        "    print(error)\n"
        "print(task.name)\n"
        "from sqlalchemy import select\n"
        "from stalker.db.tables import simple_entities as rows\n"
        "with db.session.no_autoflush:\n"
        "    print(db.session.scalar(select(rows.c.name).where(rows.c.id == task.id)))\n"
    )
    held = "the write lock of the database"
    if database_url.startswith("postgresql"):
        held = "a lock on rows or tables"
    assert python_lines(code, url, str(task_id)) == [
        f"waited {WAIT} s for {held} held by another process",
        "Mine",  # the failed commit keeps the edit
        "Anim",
    ]
