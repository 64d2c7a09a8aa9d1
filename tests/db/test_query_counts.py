"""Loading related rows takes a fixed number of SQL statements, whatever the count."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from stalker import (
    Asset,
    Project,
    Sequence,
    Shot,
    SimpleEntity,
    Task,
    User,
    Version,
    db,
)
from stalker.db import queries


@contextmanager
def count_statements(session) -> Iterator[list[str]]:
    """Collect the SQL statements the session's connection runs inside the block."""
    statements: list[str] = []
    connection = session.connection()

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def build(size: int) -> dict[str, int]:
    """A production with ``size`` shots, tasks per shot, and versions per task."""
    artist = User(
        login_name=f"artist{size}", first_name="A", email=f"a{size}@s.com", password="x"
    )
    project = Project(name=f"Project {size}")
    sequence = Sequence(name="Seq", project=project)
    shots = [Shot(name=f"Shot {i}", sequence=sequence) for i in range(size)]
    assets = [Asset(name=f"Asset {i}", project=project) for i in range(size)]
    tasks = []
    for shot in shots + assets:
        for step in ("Layout", "Animation"):
            tasks.append(Task(name=step, task_of=shot, resources=[artist]))
    versions = [Version(task=task) for task in tasks[:2] for _ in range(size)]
    db.session.commit()
    ids = {
        "user": artist.id,
        "shot": shots[0].id,
        "task": tasks[0].id,
        "sequence": sequence.id,
        "project": project.id,
        "tasks": len(tasks),
        "versions": size,
        "rows": len(shots) + len(assets) + len(tasks) + len(versions),
    }
    db.session.expunge_all()
    return ids


def statements_for(session, size: int, load) -> int:
    ids = build(size)
    with count_statements(session) as statements:
        load(ids)
    session.rollback()
    return len(statements)


def list_everything(ids) -> None:
    entities = db.query(SimpleEntity).all()
    assert len(entities) >= ids["rows"]
    for entity in entities:
        _ = entity.name, type(entity).__name__


def users_tasks(ids) -> None:
    user = db.session.get(User, ids["user"])
    assert len(user.tasks) >= 4
    for task in user.tasks:
        _ = task.status.short_name, task.status_list.name


def shots_tasks_with_statuses(ids) -> None:
    shot = db.session.get(Shot, ids["shot"])
    assert len(shot.tasks) == 2
    for task in shot.tasks:
        _ = task.name, task.status.short_name


def tasks_versions(ids) -> None:
    task = db.session.get(Task, ids["task"])
    assert len(task.versions) >= 3
    for version in task.versions:
        _ = version.version_number, version.status.short_name


def names_and_statuses(items) -> list[tuple[str, str]]:
    """Read each item's name and status, as a listing does."""
    return [(item.name, item.status.short_name) for item in items]


def users_open_tasks(ids) -> None:
    tasks = queries.open_tasks(db.session.get(User, ids["user"]))
    assert len(names_and_statuses(tasks)) == ids["tasks"]


def shots_of_sequence(ids) -> None:
    sequence = db.session.get(Sequence, ids["sequence"])
    assert len(names_and_statuses(sequence.shots)) >= 3


def latest_version_of_each_task_of_shot(ids) -> None:
    versions = queries.latest_versions(db.session.get(Shot, ids["shot"]))
    assert [version.version_number for version in versions] == [ids["versions"]] * 2
    assert {name for name, _ in names_and_statuses(v.task for v in versions)} == {
        "Layout",
        "Animation",
    }
    assert {status for _, status in names_and_statuses(versions)} == {"NEW"}


def latest_version_of_each_task_plain_idiom(ids) -> None:
    """The newest of each task's versions, by the relationships alone."""
    shot = db.session.get(Shot, ids["shot"])
    latest = [
        (
            task.name,
            task.status.short_name,
            max(v.version_number for v in task.versions),
        )
        for task in shot.tasks
    ]
    assert sorted(latest) == [
        ("Animation", "RTS", ids["versions"]),
        ("Layout", "RTS", ids["versions"]),
    ]


def status_counts_of_project(ids) -> None:
    counts = queries.status_counts(db.session.get(Project, ids["project"]))
    assert counts == {"RTS": ids["tasks"]}


@pytest.mark.parametrize(
    ("load", "expected"),
    [
        # one query per class present, plus each statused class's statuses
        # but the versions' (read on use)
        (list_everything, 17),
        # the owner and its status, the rows and their statuses; users_tasks
        # also reads the task StatusList: its row, entries and statuses
        (users_tasks, 6),
        (shots_tasks_with_statuses, 4),
        (tasks_versions, 4),
        # the user, then the open tasks and their statuses
        (users_open_tasks, 3),
        (shots_of_sequence, 4),
        # the shot and its status, the versions, their statuses and tasks,
        # and the tasks' statuses
        (latest_version_of_each_task_of_shot, 6),
        # the shot and its status, its tasks and their statuses, then each
        # task's versions, without their statuses (never read)
        (latest_version_of_each_task_plain_idiom, 6),
        # the project and its status, then one statement for every count
        (status_counts_of_project, 3),
    ],
)
def test_statement_count_does_not_grow_with_rows(session, load, expected):
    """Ten times the rows costs exactly the same, expected number of statements."""
    small = statements_for(session, 3, load)
    large = statements_for(session, 30, load)
    assert small == large
    assert large == expected
