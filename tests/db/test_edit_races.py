"""Real processes racing for one code, and editing one object at once."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import create_engine, func, select
from test_concurrency import run_together

from stalker.db import tables

pytestmark = pytest.mark.concurrency

RACERS = 8


def _prepare(url: str) -> dict[str, int]:
    """A saved project with two sequences and a task on a shot."""
    from stalker import Project, Sequence, Shot, Task, db

    db.setup(url)
    project = Project(name="Race")
    sequences = [Sequence(name=f"SEQ{i}", project=project) for i in (1, 2)]
    task = Task(name="Layout", task_of=Shot(name="SH001", sequence=sequences[0]))
    db.session.commit()
    ids = {"sequences": [s.id for s in sequences], "task": task.id}
    db.session.remove()
    return ids


def create_shot(sequence_id: int) -> str:
    """Create shot SH010 in the sequence and commit; tell what happened."""
    from stalker import Sequence, Shot, db
    from stalker.exceptions import DuplicateError

    sequence = db.session.get(Sequence, sequence_id)
    try:
        Shot(name="SH010", sequence=sequence)
        db.session.commit()
    except DuplicateError as error:
        db.session.rollback()
        return str(error)
    return "saved"


def test_eight_processes_creating_one_shot_code_one_wins(fresh_database_url, resetup):
    """Exactly one SH010 is stored; every other process gets the clear error."""
    ids = _prepare(fresh_database_url)
    sequences = ids["sequences"]
    outcomes = run_together(
        fresh_database_url,
        create_shot,
        [(sequences[i % 2],) for i in range(RACERS)],
    )
    assert outcomes.count("saved") == 1
    refused = [outcome for outcome in outcomes if outcome != "saved"]
    assert refused == [
        "Shot.code should be unique in Project 'Race', not str: 'SH010'"
    ] * (RACERS - 1)
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        shots = conn.scalar(select(func.count()).where(tables.shots.c.code == "SH010"))
        entities = conn.scalar(
            select(func.count()).where(tables.simple_entities.c.code == "SH010")
        )
    engine.dispose()
    assert (shots, entities) == (1, 1)  # nothing half-written


def edit_priority(task_id: int, priority: int, first: bool, turns) -> str:
    """Read the task; the first process commits its edit while the other waits."""
    from stalker import Task, db
    from stalker.exceptions import StaleEditError

    task = db.session.get(Task, task_id)
    assert task.priority == 500
    turns.wait(timeout=60)  # both have read the task
    if not first:
        turns.wait(timeout=60)  # the other one has committed
    task.priority = priority
    try:
        db.session.commit()
        outcome = "saved"
    except StaleEditError as error:
        outcome = str(error)
    if first:
        turns.wait(timeout=60)
    return outcome


def test_a_stale_edit_is_refused_and_the_other_change_kept(fresh_database_url, resetup):
    """A reads, B changes and commits, A changes and commits: A is refused."""
    ids = _prepare(fresh_database_url)
    turns = multiprocessing.get_context("spawn").Barrier(2)
    outcomes = run_together(
        fresh_database_url,
        edit_priority,
        [(ids["task"], 700, True, turns), (ids["task"], 900, False, turns)],
    )
    assert sorted(outcomes) == [
        "Task 'Layout' was changed or deleted by another process since this "
        "session read it: the edit is refused so as not to overwrite that "
        "change; read it again (a new session, or session.refresh()) and edit "
        "it again",
        "saved",
    ]
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        priority = conn.scalar(
            select(tables.tasks.c.priority).where(tables.tasks.c.id == ids["task"])
        )
    engine.dispose()
    assert priority == 700
