"""The task hierarchy's rules hold when two processes change it at once.

Each process makes its change in memory (where the model's checks pass: the
other's change is not visible yet), meets the other at a barrier, then
commits: the database's check, under a lock, refuses the second.
"""

from __future__ import annotations

import multiprocessing

import pytest
from factories import make_user
from sqlalchemy import create_engine, func, select
from test_concurrency import run_together
from test_workflow_concurrency import _book

from stalker.db import tables

pytestmark = pytest.mark.concurrency

#: How many times the two processes race, on fresh tasks each time.
ROUNDS = 3


def _pairs(url: str) -> list[tuple[int, int]]:
    """ROUNDS pairs of top tasks on one shot, saved."""
    from stalker import Project, Sequence, Shot, Task, db

    db.setup(url)
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=Project(name="P")))
    pairs = [
        (Task(name=f"A{n}", task_of=shot), Task(name=f"B{n}", task_of=shot))
        for n in range(ROUNDS)
    ]
    db.session.commit()
    ids = [(a.id, b.id) for a, b in pairs]
    db.session.remove()
    return ids


def change_rounds(kind: str, rounds: list[tuple[int, int]], barrier) -> list[str]:
    """Each round: meet the other process, make the change ``kind``, commit.

    ``parent``: the first task of the round's pair gets the second as its
    parent; ``child``: the task gets a child; ``booking``: the artist books
    time on the task; ``version``: the artist saves a version of it. The
    outcome is "saved" or the error's message.
    """
    from stalker import Task, User, Version, db
    from stalker.exceptions import ValidationError

    outcomes = []
    for hour, (task_id, other_id) in enumerate(rounds):
        barrier.wait(timeout=60)
        try:
            task = db.session.get(Task, task_id)
            if kind == "parent":
                task.parent = db.session.get(Task, other_id)
            elif kind == "child":
                Task(name="Child", parent=task)
            elif kind == "version":
                Version(task=task, created_by=db.session.get(User, other_id))
            else:
                _book(task, db.session.get(User, other_id), hour)
            db.session.commit()
            outcomes.append("saved")
        except ValidationError as error:  # CircularDependencyError is one
            db.session.rollback()
            outcomes.append(str(error))
    return outcomes


def test_two_processes_making_a_parent_cycle_one_is_refused(
    fresh_database_url, resetup
):
    """A.parent = B here, B.parent = A there: one of the two is refused."""
    pairs = _pairs(fresh_database_url)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    first, second = run_together(
        fresh_database_url,
        change_rounds,
        [("parent", pairs, barrier), ("parent", [(b, a) for a, b in pairs], barrier)],
    )
    for mine, theirs in zip(first, second, strict=True):
        assert sorted([mine == "saved", theirs == "saved"]) == [False, True]
        refused = theirs if mine == "saved" else mine
        expected = "Task.parent should be a Task that is not one of its own children"
        assert refused.startswith(expected)
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        with_parent = conn.scalar(
            select(func.count()).where(tables.tasks.c.parent_id.is_not(None))
        )
    engine.dispose()
    assert with_parent == ROUNDS


def _leaves(url: str) -> dict[str, object]:
    """ROUNDS leaf tasks on one shot, ready, and an artist."""
    from stalker import Project, Sequence, Shot, Task, db

    db.setup(url)
    artist = make_user("artist")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=Project(name="P")))
    tasks = [Task(name=f"T{n}", task_of=shot) for n in range(ROUNDS)]
    db.session.commit()
    ids = {"tasks": [task.id for task in tasks], "artist": artist.id}
    db.session.remove()
    return ids


@pytest.mark.parametrize(
    ("work", "table"), [("booking", tables.bookings), ("version", tables.versions)]
)
def test_a_child_added_while_the_task_gets_work_one_is_refused(
    fresh_database_url, resetup, work, table
):
    """A task gets a child here and a booking or a version there: never both."""
    ids = _leaves(fresh_database_url)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    rounds = [(task_id, ids["artist"]) for task_id in ids["tasks"]]
    children, works = run_together(
        fresh_database_url,
        change_rounds,
        [("child", rounds, barrier), (work, rounds, barrier)],
    )
    for child, worked in zip(children, works, strict=True):
        assert sorted([child == "saved", worked == "saved"]) == [False, True]
        refused = worked if child == "saved" else child
        assert "a leaf Task" in refused or "without bookings, versions" in refused
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        both = conn.scalar(
            select(func.count())
            .select_from(tables.tasks)
            .where(
                tables.tasks.c.id.in_(
                    select(tables.tasks.c.parent_id).scalar_subquery()
                ),
                tables.tasks.c.id.in_(select(table.c.task_id).scalar_subquery()),
            )
        )
    engine.dispose()
    assert both == 0
