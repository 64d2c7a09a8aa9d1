"""Added-up statuses when several processes complete a container's tasks at once.

The first process adds its shot up at commit, then waits before the COMMIT
itself; the second completes the shot's other task meanwhile. Without the
shot's lock each would add up the shot seeing the other's task still in
review, and the shot would stay WIP with every task complete.
"""

from __future__ import annotations

import multiprocessing
import time

import pytest
from factories import make_user
from test_concurrency import run_together
from test_workflow_concurrency import _book, _statuses

from stalker.db import tables

#: How long the first process waits between its roll-up and its COMMIT.
HOLD = 1.0

pytestmark = pytest.mark.concurrency


def _production(url: str) -> dict[str, list[int]]:
    """A shot whose two tasks are in review, one reviewer each, under a parent."""
    from stalker import Project, Review, Sequence, Shot, Task, db

    db.setup(url)
    artist, lead = make_user("artist"), make_user("lead")
    project = Project(name="Race", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    shot = Shot(name="SH010", sequence=sequence)
    parent = Task(name="Character", task_of=shot)
    tasks = [Task(name=name, parent=parent, responsible=[lead]) for name in ("A", "B")]
    for hour, task in enumerate(tasks):
        _book(task, artist, hour)
    db.session.flush()
    reviews: list[Review] = [task.request_review()[0] for task in tasks]
    db.session.commit()
    ids = {
        "reviews": [review.id for review in reviews],
        "tasks": [parent.id],
        "shots": [shot.id],
        "sequences": [sequence.id],
        "projects": [project.id],
    }
    db.session.remove()
    return ids


def approve_last(review_id: int, first: bool, added_up) -> str:
    """Approve the review; the first process waits after adding up, before COMMIT."""
    from sqlalchemy import event

    from stalker import Review, db
    from stalker.db.session import StalkerSession

    def hold(session) -> None:
        added_up.set()
        time.sleep(HOLD)

    if first:
        event.listen(StalkerSession, "before_commit", hold)
    else:
        added_up.wait(timeout=60)
    review = db.session.get(Review, review_id)
    review.approve()
    db.session.commit()
    return review.task.status.short_name


def test_completing_the_last_two_tasks_at_once_completes_the_shot(
    fresh_database_url, resetup
):
    """The second roll-up waits for the first and sees its task: CMPL everywhere."""
    ids = _production(fresh_database_url)
    added_up = multiprocessing.get_context("spawn").Event()
    first, second = ids["reviews"]
    done = run_together(
        fresh_database_url,
        approve_last,
        [(first, True, added_up), (second, False, added_up)],
    )
    assert done == ["CMPL", "CMPL"]
    url = fresh_database_url
    assert _statuses(url, tables.tasks, ids["tasks"]) == ["CMPL"]
    assert _statuses(url, tables.shots, ids["shots"]) == ["CMPL"]
    assert _statuses(url, tables.sequences, ids["sequences"]) == ["CMPL"]
    assert _statuses(url, tables.projects, ids["projects"]) == ["CMPL"]


def _sequence_production(url: str) -> dict[str, list[int]]:
    """A sequence whose own task and its shot's task are in review."""
    from stalker import Project, Review, Sequence, Shot, Task, db

    db.setup(url)
    artist, lead = make_user("artist"), make_user("lead")
    project = Project(name="Race", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    shot = Shot(name="SH010", sequence=sequence)
    tasks = [
        Task(name="Edit", task_of=sequence, responsible=[lead]),
        Task(name="Layout", task_of=shot, responsible=[lead]),
    ]
    for hour, task in enumerate(tasks):
        _book(task, artist, hour)
    db.session.flush()
    reviews: list[Review] = [task.request_review()[0] for task in tasks]
    db.session.commit()
    ids = {
        "reviews": [review.id for review in reviews],
        "sequences": [sequence.id],
        "projects": [project.id],
    }
    db.session.remove()
    return ids


@pytest.mark.parametrize("first", ["sequence", "shot"])
def test_a_sequence_task_and_a_shot_task_completed_at_once(
    fresh_database_url, resetup, first
):
    """A sequence's own task and its shot's complete together: the sequence does."""
    ids = _sequence_production(fresh_database_url)
    added_up = multiprocessing.get_context("spawn").Event()
    edit, layout = ids["reviews"]
    order = [edit, layout] if first == "sequence" else [layout, edit]
    done = run_together(
        fresh_database_url,
        approve_last,
        [(order[0], True, added_up), (order[1], False, added_up)],
    )
    assert done == ["CMPL", "CMPL"]
    url = fresh_database_url
    assert _statuses(url, tables.sequences, ids["sequences"]) == ["CMPL"]
    assert _statuses(url, tables.projects, ids["projects"]) == ["CMPL"]
