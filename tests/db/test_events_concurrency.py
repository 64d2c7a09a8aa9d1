"""The event log under concurrent writers: a poller misses nothing, sees nothing twice.

Writers flush, wait a random moment holding their transaction open, then
commit, so transactions overlap and commit in another order than they
began; with ids taken when a row is written, a poller would skip the event
of the late committer. One process polls ``events.since()`` all along.
"""

from __future__ import annotations

import random
import time

import pytest
from factories import a_shot
from sqlalchemy import create_engine, select
from test_concurrency import run_together

from stalker.db import tables

WRITERS = 3
COMMITS = 12
#: Each commit inserts a task and renames the writer's own one.
EVENTS_PER_COMMIT = 2

pytestmark = pytest.mark.concurrency


def _prepare(url: str) -> tuple[int, list[int]]:
    """A shot and one task per writer, committed; the log position after them."""
    from stalker import Task, db

    db.setup(url)
    shot = a_shot()
    tasks = [Task(name=f"Own {n}", task_of=shot) for n in range(WRITERS)]
    db.session.commit()
    ids = [task.id for task in tasks]
    cursor = db.session.scalar(select(tables.event_counters.c.last_id))
    db.session.remove()
    return cursor, ids


def write(task_id: int, seed: int) -> list[int]:
    """Commit COMMITS times, each time late; return the ids of the new tasks."""
    from stalker import Task, db

    pause = random.Random(seed)
    own = db.session.get(Task, task_id)
    made = []
    for number in range(COMMITS):
        task = Task(name=f"W{seed} T{number}", task_of=own.task_of)
        own.name = f"Own {seed} after {number}"
        db.session.flush()
        time.sleep(pause.uniform(0, 0.03))  # others commit meanwhile
        db.session.commit()
        made.append(task.id)
    return made


def poll(cursor: int, expected: int) -> list[tuple[int, str, int]]:
    """Poll since() until ``expected`` events were seen; return them as seen."""
    from stalker import events

    seen: list[tuple[int, str, int]] = []
    deadline = time.monotonic() + 240
    while len(seen) < expected and time.monotonic() < deadline:
        page = events.since(cursor, limit=7)
        for event in page:
            seen.append((event.id, event.kind, event.entity_id))
            cursor = event.id
        if not page:
            time.sleep(0.002)
    return seen


@pytest.fixture
def production(fresh_database_url, resetup):
    return fresh_database_url, *_prepare(fresh_database_url)


def test_a_poller_sees_every_event_once_in_commit_order(production):
    """Every committed event reaches the poller exactly once, ids increasing."""
    url, cursor, own_tasks = production
    expected = WRITERS * COMMITS * EVENTS_PER_COMMIT
    jobs = [("poll", cursor, expected)] + [
        ("write", task_id, seed) for seed, task_id in enumerate(own_tasks)
    ]
    outcomes = run_together(url, _run, jobs)
    polled = next(o for o in outcomes if o[0] == "poll")[1]
    made = [task for o in outcomes if o[0] == "write" for task in o[1]]
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(
            select(tables.events.c.id, tables.events.c.kind, tables.events.c.entity_id)
            .where(tables.events.c.id > cursor)
            .order_by(tables.events.c.id)
        ).all()
    engine.dispose()
    assert len(stored) == expected
    assert polled == [tuple(row) for row in stored]
    ids = [event_id for event_id, _, _ in polled]
    assert ids == sorted(set(ids))
    assert ids == list(range(cursor + 1, cursor + expected + 1))
    inserted = sorted(entity for _, kind, entity in polled if kind == "insert")
    assert inserted == sorted(made)
    updated = [entity for _, kind, entity in polled if kind == "update"]
    assert sorted(set(updated)) == sorted(own_tasks)
    assert len(updated) == WRITERS * COMMITS


def _run(role: str, *args):
    """Run the job ``role`` names; return (role, its result)."""
    job = {"poll": poll, "write": write}[role]
    return role, job(*args)
