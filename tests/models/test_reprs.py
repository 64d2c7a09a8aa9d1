"""Reprs tell objects apart and never touch the database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm.exc import DetachedInstanceError
from statements import statements_of

from stalker import (
    Asset,
    Project,
    Sequence,
    Shot,
    SimpleEntity,
    Status,
    StatusList,
    Task,
    Version,
    db,
)
from stalker.scheduler import schedule

NOW = dt.datetime(2030, 1, 7, 8, tzinfo=dt.timezone.utc)


@pytest.fixture
def sequence() -> Sequence:
    return Sequence(name="Sequence 1", code="SEQ1", project=Project(name="Film"))


def comp_tasks(sequence: Sequence) -> list[Task]:
    """Three tasks called Comp, one in each of three shots."""
    return [
        Task(name="Comp", task_of=Shot(name=code, code=code, sequence=sequence))
        for code in ("SH010", "SH020", "SH030")
    ]


def test_unsaved_objects_show_class_and_name():
    """An unsaved object shows its class and name, as before."""
    assert repr(SimpleEntity(name="Thing")) == "<SimpleEntity 'Thing'>"
    assert repr(Status(name="Ready", short_name="RDY")) == "<Status 'Ready'>"


def test_tasks_of_the_same_name_show_their_owners(sequence):
    """Three tasks called Comp print apart: the path of their shot comes first."""
    assert [repr(task) for task in comp_tasks(sequence)] == [
        "<Task 'SEQ1/SH010/Comp'>",
        "<Task 'SEQ1/SH020/Comp'>",
        "<Task 'SEQ1/SH030/Comp'>",
    ]
    assert repr(Task(name="Comp")) == "<Task 'Comp'>"
    asset = Asset(name="Bob", code="BOB", project=Project(name="Other"))
    assert repr(Task(name="Model", task_of=asset)) == "<Task 'BOB/Model'>"


def test_saved_objects_show_their_id(sequence):
    """Once flushed, the id tells objects apart whatever their names."""
    first, second = Task(name="Comp"), Task(name="Comp")
    db.session.flush()
    assert repr(first) == f"<Task 'Comp' id={first.id}>"
    assert repr(second) == f"<Task 'Comp' id={second.id}>"
    assert repr(first) != repr(second)


def test_versions_show_task_take_and_number(sequence):
    """Versions 1 and 2 of a task print apart: path, take and number."""
    task = comp_tasks(sequence)[0]
    first, second = Version(task=task), Version(task=task, take="Fix")
    assert repr(first) == "<Version 'SEQ1/SH010/Comp' MAIN>"
    db.session.flush()
    assert repr(first) == f"<Version 'SEQ1/SH010/Comp' MAIN v1 id={first.id}>"
    assert repr(second) == f"<Version 'SEQ1/SH010/Comp' Fix v1 id={second.id}>"
    third = Version(task=task)
    db.session.flush()
    assert repr(third) == f"<Version 'SEQ1/SH010/Comp' MAIN v2 id={third.id}>"


def test_unscheduled_tasks_print_apart(sequence):
    """plan.unscheduled names each of three tasks called Comp differently."""
    comp_tasks(sequence)
    plan = schedule(sequence.project, now=NOW)
    shown = sorted(repr(task) for task in plan.unscheduled)
    assert shown == [
        f"<Task 'SEQ1/{code}/Comp' id={task.id}>"
        for code, task in zip(
            ("SH010", "SH020", "SH030"),
            sorted(plan.unscheduled, key=lambda task: task.task_of.code),
            strict=True,
        )
    ]


def test_expired_objects_print_without_a_query(sequence):
    """Once everything is expired, repr runs no statement and keeps the id."""
    task = comp_tasks(sequence)[0]
    version = Version(task=task)
    status_list = task.status_list
    db.session.commit()
    db.session.expire_all()
    shown, statements = statements_of(
        lambda: [repr(task), repr(version), repr(sequence), repr(status_list)]
    )
    assert statements == []
    assert shown == [
        f"<Task id={task.id}>",
        f"<Version id={version.id}>",
        f"<Sequence id={sequence.id}>",
        f"<StatusList id={status_list.id}>",
    ]


def test_partly_loaded_objects_show_what_is_loaded(sequence):
    """A refreshed version shows its take and number; its task is not loaded."""
    version = Version(task=comp_tasks(sequence)[0])
    db.session.commit()
    db.session.refresh(version)
    shown, statements = statements_of(lambda: repr(version))
    assert statements == []
    assert shown == f"<Version MAIN v1 id={version.id}>"


def test_detached_expired_objects_print(sequence):
    """An expired object cut from its session (a re-run script) prints, no error."""
    task = comp_tasks(sequence)[0]
    db.session.flush()
    ident = task.id
    db.session.expire(task)
    db.session.expunge(task)
    with pytest.raises(DetachedInstanceError):
        _ = task.name
    assert repr(task) == f"<Task id={ident}>"
    assert str(task) == repr(task)


def test_status_list_repr():
    """A StatusList shows its name like every entity."""
    status_list = StatusList(
        name="Review", statuses=[Status(name="Ready", short_name="RDY")]
    )
    assert repr(status_list) == "<StatusList 'Review'>"
