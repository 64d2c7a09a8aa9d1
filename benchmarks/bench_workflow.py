"""How fast the task workflow's actions are, and that they do not grow with the project.

Run from the repository root: ``python benchmarks/bench_workflow.py``
(``--url`` adds a PostgreSQL database, ``--shots`` sets the sizes). For each
size it builds a project (shots of five chained tasks, through
``stalker.db.bulk``) and times, on tasks spread over the project, each action
with its commit: the first booking (RTS -> WIP), ``hold()``, ``resume()``,
``request_review()``, ``approve()`` (CMPL, which opens the next task) and
``request_revision()`` (CMPL -> HREV; the next task waits again). It prints
the median milliseconds and SQL statements of each: both should stay flat
as the project grows. ``python -m benchmarks`` runs the same actions as its
``workflow`` phase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks.measure import statements, stopwatch
from stalker import Booking, Project, Review, Sequence, Task, User, config, db
from stalker.db import bulk

STEPS = ("Layout", "Animation", "Lighting", "FX", "Compositing")
MONDAY = dt.datetime(2030, 1, 7, 9, tzinfo=dt.timezone.utc)
SAMPLES = 20


def build(shots: int) -> tuple[list[int], int]:
    """A project of ``shots`` shots, five chained tasks each; the first task ids."""
    lead, artist = (
        User(login_name=f"{who}{shots}", first_name=who, email=f"{who}{shots}@b.com")
        for who in ("lead", "artist")
    )
    project = Project(name=f"Bench {shots}", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    db.session.commit()
    batch = bulk.Import()
    firsts = []
    for index in range(shots):
        shot = batch.shot(name=f"SH{index:05}", sequence=sequence)
        previous = None
        for step in STEPS:
            task = batch.task(
                name=step,
                task_of=shot,
                resources=[artist],
                bid=dt.timedelta(hours=8),
                depends=[previous] if previous is not None else [],
            )
            firsts += [task] if previous is None else []
            previous = task
    batch.save()
    db.session.commit()
    step = max(1, len(firsts) // SAMPLES)
    return [task.id for task in firsts[::step][:SAMPLES]], artist.id


def timed(action: Callable[[], Any]) -> tuple[float, float, int]:
    """Milliseconds, CPU milliseconds and statements of ``action()`` and its commit."""
    with statements(db.session.get_bind()) as sent, stopwatch() as clock:
        action()
        db.session.commit()
    db.session.expire_all()
    return clock["seconds"] * 1000, clock["cpu"] * 1000, len(sent)


def actions(artist_id: int) -> dict[str, Callable[[int, int], Any]]:
    """Each action, given a task id and its number among the samples."""

    def task(task_id: int) -> Task:
        return db.session.get(Task, task_id)

    def book(task_id: int, number: int) -> None:
        start = MONDAY + dt.timedelta(hours=number)
        Booking(
            task=task(task_id),
            resource=db.session.get(User, artist_id),
            start=start,
            end=start + dt.timedelta(minutes=30),
        )

    def approve(task_id: int, number: int) -> None:
        review: Review = task(task_id).reviews[-1]
        review.approve()

    return {
        "first booking": book,
        "hold": lambda task_id, _: task(task_id).hold(),
        "resume": lambda task_id, _: task(task_id).resume(),
        "request_review": lambda task_id, _: task(task_id).request_review(),
        "approve (opens the next)": approve,
        "request_revision": lambda task_id, _: task(task_id).request_revision(
            db.session.get(User, artist_id)
        ),
    }


def measure(shots: int) -> dict[str, dict[str, float]]:
    """Build ``shots`` shots on the set-up database; the medians of each action."""
    ids, artist_id = build(shots)
    found = {}
    for name, action in actions(artist_id).items():
        figures = [timed(lambda i=i, n=n, a=action: a(i, n)) for n, i in enumerate(ids)]
        found[name] = {
            key: statistics.median(figure[column] for figure in figures)
            for column, key in enumerate(("median_ms", "median_cpu_ms", "statements"))
        }
    return found


def run(url: str, shots: int) -> None:
    """Build one size on ``url`` and print the median of each action."""
    db.setup(url)
    for name, figures in measure(shots).items():
        print(
            f"  {name:<26} {figures['median_ms']:8.2f} ms"
            f"  {figures['statements']:4.0f} statements"
        )
    db.session.remove()


def main() -> None:
    """Parse the options and run every size on every database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="also run on this (PostgreSQL) database")
    parser.add_argument("--shots", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
    config.settings.admin_password = "benchmark"
    with tempfile.TemporaryDirectory() as folder:
        for shots in args.shots:
            urls = [f"sqlite:///{folder}/workflow-{shots}.db"]
            for url in urls + ([args.url] if args.url else []):
                print(
                    f"{shots} shots ({shots * len(STEPS)} tasks), {url.split(':')[0]}"
                )
                run(url, shots)


if __name__ == "__main__":
    main()
