"""The task workflow when several processes act on one task at once.

The processes are real ones (SQLite file or PostgreSQL). Where a rule only
holds thanks to the task's lock, the processes are made to interleave the
way that would break it without the lock: one acts and waits before
committing while the other, having read the task before, acts too.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time

import pytest
from factories import make_user
from sqlalchemy import create_engine, select
from test_concurrency import run_together

from stalker.db import tables

UTC = dt.timezone.utc
MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
#: How long the first process keeps its transaction open, holding the lock.
HOLD = 1.0

pytestmark = pytest.mark.concurrency


def _events(count: int) -> list:
    context = multiprocessing.get_context("spawn")
    return [context.Event() for _ in range(count)]


def _statuses(url: str, table, ids: list[int]) -> list[str]:
    """The short names of the statuses of rows ``ids`` of ``table``, as stored."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                select(table.c.id, tables.statuses.c.short_name)
                .join(tables.statuses, tables.statuses.c.id == table.c.status_id)
                .where(table.c.id.in_(ids))
            ).all()
        )
    engine.dispose()
    return [rows[i] for i in ids]


def _book(task, user, hour: int):
    from stalker import Booking

    start = MONDAY + dt.timedelta(hours=hour)
    return Booking(
        task=task, resource=user, start=start, end=start + dt.timedelta(hours=1)
    )


def _production(url: str, tasks: int = 1) -> dict[str, list[int]]:
    """Tasks in review by two reviewers each, and one task waiting on them all."""
    from stalker import Project, Sequence, Shot, Task, db

    db.setup(url)
    artist, lead, other = make_user("artist"), make_user("lead"), make_user("other")
    shot = Shot(
        name="SH010",
        sequence=Sequence(name="SEQ", project=Project(name="Race", lead=lead)),
    )
    reviewed = []
    for index in range(tasks):
        task = Task(name=f"Task {index}", task_of=shot, responsible=[lead, other])
        _book(task, artist, index)
        reviewed.append(task)
    waiting = Task(name="Waiting", task_of=shot, depends=reviewed)
    db.session.flush()
    reviews = [task.request_review() for task in reviewed]
    db.session.commit()
    ids = {
        "tasks": [task.id for task in reviewed],
        "lead": [pair[0].id for pair in reviews],
        "other": [pair[1].id for pair in reviews],
        "waiting": [waiting.id],
        "artist": [artist.id],
    }
    db.session.remove()
    return ids


def approve(review_ids: list[int], first, locked, hold: float) -> list[str]:
    """Approve the reviews; the first process waits before committing."""
    from stalker import Review, db

    reviews = [db.session.get(Review, review_id) for review_id in review_ids]
    assert all(review.task.status.short_name == "PREV" for review in reviews)
    if not first:
        locked.wait(timeout=60)
    for review in reviews:
        review.approve()
    if first:
        locked.set()
        time.sleep(hold)
    db.session.commit()
    return [review.task.status.short_name for review in reviews]


def test_two_reviewers_approving_at_once_complete_the_task(fresh_database_url, resetup):
    """The second approval waits for the first and counts it: CMPL, once."""
    ids = _production(fresh_database_url)
    (locked,) = _events(1)
    seen = run_together(
        fresh_database_url,
        approve,
        [(ids["lead"], True, locked, HOLD), (ids["other"], False, locked, 0.0)],
    )
    assert sorted(seen) == [["CMPL"], ["PREV"]]
    assert _statuses(fresh_database_url, tables.tasks, ids["tasks"]) == ["CMPL"]
    reviews = ids["lead"] + ids["other"]
    assert _statuses(fresh_database_url, tables.reviews, reviews) == ["APP", "APP"]
    # Completing the task it waited on opened the waiting task in the same go.
    assert _statuses(fresh_database_url, tables.tasks, ids["waiting"]) == ["RTS"]


def test_reviewers_racing_over_many_tasks_complete_every_one(
    fresh_database_url, resetup
):
    """Two reviewers approve the same six tasks as fast as they can."""
    ids = _production(fresh_database_url, tasks=6)
    run_together(
        fresh_database_url,
        approve_each,
        [(ids["lead"],), (list(reversed(ids["other"])),)],
    )
    stored = _statuses(fresh_database_url, tables.tasks, ids["tasks"])
    assert stored == ["CMPL"] * 6
    assert _statuses(fresh_database_url, tables.tasks, ids["waiting"]) == ["RTS"]


def approve_each(review_ids: list[int]) -> int:
    """Approve each review in its own transaction."""
    from stalker import Review, db

    for review_id in review_ids:
        db.session.get(Review, review_id).approve()
        db.session.commit()
    return len(review_ids)


def test_siblings_completed_at_once_open_the_task_waiting_on_both(
    fresh_database_url, resetup
):
    """Each process completes one of two tasks; the task waiting on both opens."""
    from stalker import db

    ids = _production(fresh_database_url, tasks=2)
    approve_each(ids["other"])  # the other reviewer approved already
    db.session.remove()
    (locked,) = _events(1)
    run_together(
        fresh_database_url,
        approve,
        [
            ([ids["lead"][0]], True, locked, HOLD),
            ([ids["lead"][1]], False, locked, 0.0),
        ],
    )
    assert _statuses(fresh_database_url, tables.tasks, ids["tasks"]) == ["CMPL"] * 2
    assert _statuses(fresh_database_url, tables.tasks, ids["waiting"]) == ["RTS"]


def book_while_held(task_id: int, user_id: int, booked, held) -> str:
    """Book the task read as WIP, but commit only after the other process held it."""
    from stalker import Task, User, db
    from stalker.exceptions import StatusError

    task, user = db.session.get(Task, task_id), db.session.get(User, user_id)
    assert task.status.short_name == "WIP"
    _book(task, user, 5)
    booked.set()
    held.wait(timeout=60)
    try:
        db.session.commit()
    except StatusError as error:
        return str(error)
    return "booked"


def hold_when_booked(task_id: int, booked, held) -> str:
    """Hold the task once the other process made its booking (not committed)."""
    from stalker import Task, db

    booked.wait(timeout=60)
    task = db.session.get(Task, task_id)
    task.hold()
    db.session.commit()
    held.set()
    return task.status.short_name


def test_a_booking_racing_a_hold_is_refused(fresh_database_url, resetup):
    """The hold commits first: the booking read as WIP is refused at commit."""
    from stalker import Task, db

    db.setup(fresh_database_url)
    artist = make_user("artist")
    task = Task(name="Anim", task_of=_a_shot())
    _book(task, artist, 0)
    db.session.commit()
    task_id, user_id = task.id, artist.id
    db.session.remove()
    booked, held = _events(2)
    outcomes = run_together(
        fresh_database_url,
        _either,
        [
            (book_while_held, (task_id, user_id, booked, held)),
            (hold_when_booked, (task_id, booked, held)),
        ],
    )
    status, refusal = sorted(outcomes, key=len)  # in the order they finished
    assert status == "OH"
    assert refusal.startswith(f"Task 'Anim' (id {task_id}) is OH in the database")
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        count = len(
            conn.execute(
                select(tables.bookings.c.id).where(tables.bookings.c.task_id == task_id)
            ).all()
        )
    engine.dispose()
    assert count == 1
    assert _statuses(fresh_database_url, tables.tasks, [task_id]) == ["OH"]


def _either(job, args):
    """Run ``job(*args)``: lets run_together start two different jobs."""
    return job(*args)


def _a_shot():
    from factories import a_shot

    return a_shot()


def book_at_once(task_id: int, user_id: int, hour: int) -> str:
    """Book a ready task: every process moves it to WIP, none fails."""
    from stalker import Task, User, db

    task, user = db.session.get(Task, task_id), db.session.get(User, user_id)
    _book(task, user, hour)
    db.session.commit()
    return task.status.short_name


def test_artists_booking_a_ready_task_at_once_all_succeed(fresh_database_url, resetup):
    """Four artists book one RTS task at once: WIP, four bookings, no stale edit."""
    from stalker import Task, db

    db.setup(fresh_database_url)
    artists = [make_user(f"artist{i}") for i in range(4)]
    task = Task(name="Layout", task_of=_a_shot())
    db.session.commit()
    task_id, user_ids = task.id, [artist.id for artist in artists]
    db.session.remove()
    seen = run_together(
        fresh_database_url,
        book_at_once,
        [(task_id, user_id, 0) for user_id in user_ids],
    )
    assert seen == ["WIP"] * 4
    assert _statuses(fresh_database_url, tables.tasks, [task_id]) == ["WIP"]
