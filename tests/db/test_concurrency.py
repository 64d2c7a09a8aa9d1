"""Integrity when several processes write at once (SQLite file or PostgreSQL).

Each test starts PROCESSES processes that meet at a barrier and then write to
the same database as fast as they can; the parent counts what landed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from factories import a_shot, drop
from sqlalchemy import create_engine, func, select

from stalker.db import tables

PROCESSES = 4
UTC = dt.timezone.utc
DAY = dt.datetime(2026, 2, 2, tzinfo=UTC)

pytestmark = pytest.mark.concurrency


def _worker(job: Callable[..., Any], url: str | None, barrier, results, *args) -> None:
    """Set Stalker up in this process (unless no url), wait for the others, run the job."""
    try:
        from stalker import db

        if url is not None:
            db.setup(url)
        barrier.wait(timeout=60)
        results.put(("ok", job(*args)))
    except BaseException:  # report everything to the parent
        results.put(("error", traceback.format_exc()))


def run_together(
    url: str | None, job: Callable[..., Any], args: list[tuple]
) -> list[Any]:
    """Run ``job(*args[i])`` in one process each, all starting at once.

    Each process sets Stalker up on ``url`` first; with None the job does.
    """
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(args))
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(job, url, barrier, results, *arg))
        for arg in args
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert errors == [], "\n".join(errors)
    return [detail for _, detail in outcomes]


def _prepare(url: str) -> dict[str, int]:
    """Create a user and two tasks, committed, and return their ids."""
    from stalker import Task, User, db

    db.setup(url)
    user = User(
        login_name="busy", first_name="Busy", email="busy@studio.com", password="x"
    )
    shot = a_shot()
    tasks = [
        Task(name="Animation", resources=[user], task_of=shot),
        Task(name="Lighting", task_of=shot),
    ]
    db.session.commit()
    ids = {"user": user.id, "task": tasks[0].id, "other_task": tasks[1].id}
    db.session.remove()
    return ids


@pytest.fixture
def production(fresh_database_url, resetup) -> tuple[str, dict[str, int]]:
    return fresh_database_url, _prepare(fresh_database_url)


def save_versions(task_id: int, count: int) -> list[int]:
    """Save ``count`` versions of one task, one commit each, like artists do."""
    from stalker import Task, Version, db

    task = db.session.get(Task, task_id)
    numbers = []
    for _ in range(count):
        version = Version(task=task)
        db.session.commit()
        numbers.append(version.version_number)
    return numbers


def test_version_numbers_have_no_duplicates_and_no_gaps(production):
    """Processes saving versions of one task get 1..N, each number once."""
    url, ids = production
    per_process = 8
    returned = run_together(
        url, save_versions, [(ids["task"], per_process)] * PROCESSES
    )
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.scalars(
            select(tables.versions.c.version_number).where(
                tables.versions.c.task_id == ids["task"]
            )
        ).all()
    engine.dispose()
    expected = list(range(1, PROCESSES * per_process + 1))
    assert sorted(stored) == expected
    assert sorted(n for numbers in returned for n in numbers) == expected
    assert all(numbers == sorted(numbers) for numbers in returned)


def book_slots(
    user_id: int, task_id: int, slots: list[tuple[int, int]]
) -> dict[str, int]:
    """Try to book the user for each (start hour, hours); count what was refused."""
    from stalker import Booking, Task, User, db
    from stalker.exceptions import OverlappingBookingError

    user, task = db.session.get(User, user_id), db.session.get(Task, task_id)
    booked = refused = 0
    for hour, hours in slots:
        start = DAY + dt.timedelta(hours=hour)
        booking = Booking(
            task=task, resource=user, start=start, end=start + dt.timedelta(hours=hours)
        )
        try:
            db.session.commit()
            booked += 1
        except OverlappingBookingError:
            refused += 1
            drop(booking)
    return {"booked": booked, "refused": refused}


def test_a_user_is_never_booked_twice_at_once(production):
    """Processes booking the same hours (and hours containing them) never overlap."""
    url, ids = production
    hourly = [(hour, 1) for hour in range(12)]
    plans = [
        (ids["user"], ids["task"], hourly),
        (ids["user"], ids["other_task"], list(reversed(hourly))),
        (ids["user"], ids["task"], [(hour, 2) for hour in range(0, 12, 2)]),
        (ids["user"], ids["other_task"], [(hour, 3) for hour in range(0, 12, 3)]),
    ]
    counts = run_together(url, book_slots, plans)
    attempted = sum(len(plan[2]) for plan in plans)
    assert sum(c["booked"] + c["refused"] for c in counts) == attempted
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(tables.bookings.c.start, tables.bookings.c.end)
            .where(tables.bookings.c.resource_id == ids["user"])
            .order_by(tables.bookings.c.start)
        ).all()
    engine.dispose()
    assert len(rows) == sum(c["booked"] for c in counts)
    assert all(
        earlier.end <= later.start for earlier, later in itertools.pairwise(rows)
    )
    booked = sum((row.end - row.start for row in rows), dt.timedelta(0))
    booked_hours = booked / dt.timedelta(hours=1)
    assert booked_hours == 12  # every hour of the day ends up booked once


def link_tasks(task_ids: list[int], forward: bool) -> int:
    """Make each task depend on its neighbour, in one direction; count refusals.

    A cycle is refused, and so is an edge a twin process already added, also
    when both add it at the same moment: always with Stalker's own error. A
    task another process changed meanwhile is read again and the edge tried
    again.
    """
    from stalker import Task, db
    from stalker.exceptions import StaleEditError, ValidationError

    tasks = [db.session.get(Task, task_id) for task_id in task_ids]
    refused = 0
    for left, right in itertools.pairwise(tasks):
        later, earlier = (right, left) if forward else (left, right)
        while True:
            try:
                later.depends.append(earlier)
                db.session.commit()
            except StaleEditError:
                db.session.rollback()
                continue
            except ValidationError:
                refused += 1
                with db.session.no_autoflush:  # a refused edge is still pending
                    for dependency in list(later.dependencies):
                        if dependency in db.session.new:
                            later.dependencies.remove(dependency)
            break
    return refused


def test_dependencies_never_form_a_cycle(fresh_database_url, resetup):
    """Processes adding opposite dependencies at once never close a cycle."""
    from stalker import Task, db

    db.setup(fresh_database_url)
    shot = a_shot()
    tasks = [Task(name=f"Task {i}", task_of=shot) for i in range(10)]
    db.session.commit()
    ids = [task.id for task in tasks]
    db.session.remove()
    refused = run_together(
        fresh_database_url,
        link_tasks,
        [(ids, True), (ids, False), (ids, True), (ids, False)],
    )
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        edges = conn.execute(
            select(
                tables.task_dependencies.c.task_id,
                tables.task_dependencies.c.depends_on_id,
            )
        ).all()
    engine.dispose()
    graph: dict[int, set[int]] = {}
    for task_id, depends_on in edges:
        graph.setdefault(task_id, set()).add(depends_on)
    assert len(edges) == len(ids) - 1  # each neighbour pair linked one way only
    assert sum(refused) == 4 * (len(ids) - 1) - len(edges)

    def reaches(start: int, target: int, seen: set[int]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == target or (
                nxt not in seen and reaches(nxt, target, seen | {nxt})
            ):
                return True
        return False

    assert not any(reaches(task_id, task_id, set()) for task_id in graph)


def set_up_repeatedly(url: str, times: int) -> int:
    """Call db.setup(url) ``times`` times, as tools starting together do."""
    from stalker import config, db

    config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
    config.settings.admin_password = "not-the-default"

    for _ in range(times):
        db.setup(url)
    return times


def test_processes_setting_up_a_new_database_together_all_succeed(
    fresh_database_url,
):
    """Eight processes set up one empty database at once, five times each."""
    calls = run_together(None, set_up_repeatedly, [(fresh_database_url, 5)] * 8)
    assert sum(calls) == 40
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        admins = conn.scalar(
            select(func.count()).where(tables.users.c.login_name == "admin")
        )
        statuses = conn.scalar(select(func.count()).select_from(tables.statuses))
        lists = conn.scalar(select(func.count()).select_from(tables.status_lists))
    engine.dispose()
    assert (admins, statuses, lists) == (1, 13, 7)


def test_a_version_kept_after_a_failed_commit_takes_the_next_free_number(
    production,
):
    """Another process takes number 1 meanwhile: the kept version gets 2."""
    from stalker import Booking, Task, User, Version, db
    from stalker.exceptions import OverlappingBookingError

    url, ids = production
    task, user = db.session.get(Task, ids["task"]), db.session.get(User, ids["user"])
    Booking(task=task, resource=user, start=DAY, end=DAY + dt.timedelta(hours=2))
    db.session.commit()
    dropped = Version(task=task)
    kept = Version(task=task)
    clash = Booking(
        task=task, resource=user, start=DAY, end=DAY + dt.timedelta(hours=1)
    )
    with pytest.raises(OverlappingBookingError):
        db.session.commit()
    drop(clash)
    drop(dropped)
    assert run_together(url, save_versions, [(ids["task"], 1)]) == [[1]]
    db.session.commit()
    assert kept.version_number == 2
