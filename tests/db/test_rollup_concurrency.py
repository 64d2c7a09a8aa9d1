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


def _in_review(url: str, tasks_of) -> dict[str, list[int]]:
    """A project, a sequence and a shot; ``tasks_of`` makes the tasks put in review.

    ``tasks_of(sequence, shot, lead)`` returns the tasks (one reviewer each:
    the lead) and the ids of the tasks to check, under ``"tasks"``.
    """
    from stalker import Project, Review, Sequence, Shot, db

    db.setup(url)
    artist, lead = make_user("artist"), make_user("lead")
    project = Project(name="Race", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    shot = Shot(name="SH010", sequence=sequence)
    tasks, checked = tasks_of(sequence, shot, lead)
    for hour, task in enumerate(tasks):
        _book(task, artist, hour)
    db.session.flush()
    reviews: list[Review] = [task.request_review()[0] for task in tasks]
    db.session.commit()
    ids = {
        "reviews": [review.id for review in reviews],
        "tasks": [task.id for task in checked],
        "shots": [shot.id],
        "sequences": [sequence.id],
        "projects": [project.id],
    }
    db.session.remove()
    return ids


def _parent_of_two(sequence, shot, lead) -> tuple[list, list]:
    """Two tasks of the shot under a parent; the parent is checked."""
    from stalker import Task

    parent = Task(name="Character", task_of=shot)
    children = [Task(name=name, parent=parent, responsible=[lead]) for name in "AB"]
    return children, [parent]


def _production(url: str) -> dict[str, list[int]]:
    """A shot whose two tasks are in review, one reviewer each, under a parent."""
    return _in_review(url, _parent_of_two)


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


def _sequence_and_shot_tasks(sequence, shot, lead) -> tuple[list, list]:
    """The sequence's own Edit and its shot's Layout."""
    from stalker import Task

    return [
        Task(name="Edit", task_of=sequence, responsible=[lead]),
        Task(name="Layout", task_of=shot, responsible=[lead]),
    ], []


def _sequence_production(url: str) -> dict[str, list[int]]:
    """A sequence whose own task and its shot's task are in review."""
    return _in_review(url, _sequence_and_shot_tasks)


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


#: How many times the two processes race, on fresh tasks each time.
ROUNDS = 4


def _two_shots(url: str, name: str) -> tuple:
    """Set up on ``url``: an artist, a lead, a project and two shots of it."""
    from stalker import Project, Sequence, Shot, db

    db.setup(url)
    artist, lead = make_user("artist"), make_user("lead")
    project = Project(name=name, lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    shots = [Shot(name=f"SH0{index}0", sequence=sequence) for index in (1, 2)]
    return artist, lead, project, shots


def _hierarchies(url: str) -> dict[str, list]:
    """ROUNDS times, on two shots: Top (Middle (M1, M2), T1), all in review.

    Per round, the first process approves M1 (shot 1), T1 (shot 1) and the
    same on shot 2; the second M2 on shot 2, then M2 on shot 1: their roll-ups
    overlap (Middle, Top, the shots, the sequence, the project), and the
    parents each notes differ (Middle and Top, or Middle alone).
    """
    from stalker import Task, db

    artist, lead, project, shots = _two_shots(url, "Overlap")
    rounds, tops, hour = [], [], 0
    for number in range(ROUNDS):
        first, second = [], []
        for shot in shots:
            top = Task(name=f"Top{number}", task_of=shot)
            middle = Task(name="Middle", parent=top)
            leaves = [
                Task(name=name, parent=above, responsible=[lead])
                for name, above in (("M1", middle), ("M2", middle), ("T1", top))
            ]
            for leaf in leaves:
                _book(leaf, artist, hour)
                hour += 1
            db.session.flush()
            reviews = [leaf.request_review()[0] for leaf in leaves]
            first += [reviews[0], reviews[2]]
            second.insert(0, reviews[1])
            tops += [top, middle]
        rounds.append((first, second))
    db.session.commit()
    ids = {
        "rounds": [([r.id for r in one], [r.id for r in two]) for one, two in rounds],
        "tasks": [task.id for task in tops],
        "shots": [shot.id for shot in shots],
        "projects": [project.id],
    }
    db.session.remove()
    return ids


def _pause_after_locks(conn, cursor, statement: str, *args) -> None:
    """Wait a little after each lock: two commits' lock takings interleave."""
    if "pg_advisory_xact_lock" in statement:
        time.sleep(0.05)


def approve_rounds(rounds: list[list[int]], barrier) -> list[str]:
    """Each round: approve the reviews, commit when the other process does too.

    On SQLite, whose first approval holds the database's write lock until
    the commit, the processes meet before approving instead.
    """
    from sqlalchemy import event

    from stalker import Review, db

    engine = db.session.get_bind()
    event.listen(engine, "after_cursor_execute", _pause_after_locks)
    postgresql = engine.dialect.name == "postgresql"
    done = []
    for review_ids in rounds:
        if not postgresql:
            barrier.wait(timeout=60)
        reviews = [db.session.get(Review, review_id) for review_id in review_ids]
        for review in reviews:
            review.approve()
        if postgresql:
            barrier.wait(timeout=60)
        db.session.commit()
        done += [review.task.status.short_name for review in reviews]
    return done


def test_overlapping_roll_ups_in_opposite_orders_never_deadlock(
    fresh_database_url, resetup
):
    """Every round both commits go through, and everything ends complete."""
    ids = _hierarchies(fresh_database_url)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    first = [one for one, _ in ids["rounds"]]
    second = [other for _, other in ids["rounds"]]
    done = run_together(
        fresh_database_url,
        approve_rounds,
        [(first, barrier), (second, barrier)],
    )
    # In the order the processes finished.
    assert sorted(done, key=len) == [["CMPL"] * 2 * ROUNDS, ["CMPL"] * 4 * ROUNDS]
    url = fresh_database_url
    assert _statuses(url, tables.tasks, ids["tasks"]) == ["CMPL"] * 4 * ROUNDS
    assert _statuses(url, tables.shots, ids["shots"]) == ["CMPL", "CMPL"]
    assert _statuses(url, tables.projects, ids["projects"]) == ["CMPL"]


def _dependents_of_parents(url: str) -> dict[str, list]:
    """ROUNDS times: Comp on shot 2 waits on Character (Model) and Layout, in review.

    The first process approves Model (Character completes at its commit, and
    Comp with it if Layout is done); the second approves Layout (Comp's lock
    at once, as Layout's dependent). Both add up shot 2, the sequence and the
    project.
    """
    from stalker import Task, db

    artist, lead, _, shots = _two_shots(url, "Dependents")
    rounds, comps, hour = [], [], 0
    for number in range(ROUNDS):
        character = Task(name=f"Character{number}", task_of=shots[0])
        model = Task(name="Model", parent=character, responsible=[lead])
        layout = Task(name=f"Layout{number}", task_of=shots[1], responsible=[lead])
        comp = Task(name=f"Comp{number}", task_of=shots[1], depends=[character, layout])
        for task in (model, layout):
            _book(task, artist, hour)
            hour += 1
        db.session.flush()
        rounds.append((model.request_review()[0], layout.request_review()[0]))
        comps.append(comp)
    db.session.commit()
    ids = {
        "rounds": [([one.id], [other.id]) for one, other in rounds],
        "comps": [comp.id for comp in comps],
    }
    db.session.remove()
    return ids


def test_a_parent_completing_while_its_dependent_is_opened_never_deadlocks(
    fresh_database_url, resetup
):
    """The dependent's lock comes before the roll-ups': every Comp ends ready."""
    ids = _dependents_of_parents(fresh_database_url)
    barrier = multiprocessing.get_context("spawn").Barrier(2)
    done = run_together(
        fresh_database_url,
        approve_rounds,
        [
            ([one for one, _ in ids["rounds"]], barrier),
            ([other for _, other in ids["rounds"]], barrier),
        ],
    )
    assert done == [["CMPL"] * ROUNDS, ["CMPL"] * ROUNDS]
    assert _statuses(fresh_database_url, tables.tasks, ids["comps"]) == (
        ["RTS"] * ROUNDS
    )
