"""TaskDependency: finish-to-start, start-to-start or finish-to-finish, with a lag."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from factories import a_shot
from sqlalchemy import select

from stalker import Task, TaskDependency, db
from stalker.db import tables
from stalker.exceptions import (
    CircularDependencyError,
    ValidationError,
    ValidationTypeError,
)

HOUR = dt.timedelta(hours=1)


def make(name: str = "Comp", **kwargs) -> Task:
    return Task(task_of=a_shot(), name=name, **kwargs)


def reloaded(task: Task) -> Task:
    db.session.commit()
    task_id = task.id
    db.session.expunge_all()
    return db.session.get(Task, task_id)


def test_defaults_are_finish_to_start_without_lag():
    """A dependency made with task and depends_on alone is FS with no lag."""
    light, comp = make("Light"), make()
    dependency = TaskDependency(comp, light)
    assert dependency.task is comp
    assert dependency.depends_on is light
    assert dependency.kind == "FS"
    assert dependency.lag == dt.timedelta(0)
    assert comp.dependencies == [dependency]
    assert comp.depends == [light]


def test_depends_makes_finish_to_start_dependencies():
    """task.depends = [a, b] gives one FS TaskDependency per task, in order."""
    a, b = make("A"), make("B")
    task = make(depends=[a, b])
    assert [d.depends_on for d in task.dependencies] == [a, b]
    assert {d.kind for d in task.dependencies} == {"FS"}
    assert all(d.task is task for d in task.dependencies)


def test_kind_and_lag_are_kept_in_the_database():
    """SS and FF dependencies and their lags come back from the database."""
    a, b = make("A"), make("B")
    task = make()
    TaskDependency(task, a, kind="SS", lag=2 * HOUR)
    TaskDependency(task, b, "FF", dt.timedelta(days=1, minutes=5))
    again = reloaded(task)
    found = {(d.depends_on.name, d.kind, d.lag) for d in again.dependencies}
    assert found == {
        ("A", "SS", 2 * HOUR),
        ("B", "FF", dt.timedelta(days=1, minutes=5)),
    }
    assert [t.name for t in again.depends] == ["A", "B"]


def test_setting_depends_keeps_existing_kinds():
    """Listing a task again in depends keeps its dependency, kind and lag."""
    a, b = make("A"), make("B")
    task = make()
    kept = TaskDependency(task, a, kind="SS", lag=HOUR)
    task.depends = [a, b]
    assert task.dependencies[0] is kept
    assert task.dependencies[1].kind == "FS"
    again = reloaded(task)
    assert [(d.depends_on.name, d.kind) for d in again.dependencies] == [
        ("A", "SS"),
        ("B", "FS"),
    ]


def test_removed_dependencies_leave_the_database():
    """A task dropped from depends loses its row in task_dependencies."""
    a, b = make("A"), make("B")
    task = make(depends=[a, b])
    db.session.commit()
    task.depends = [b]
    db.session.commit()
    rows = db.session.execute(
        select(tables.task_dependencies.c.depends_on_id).where(
            tables.task_dependencies.c.task_id == task.id
        )
    ).all()
    assert rows == [(b.id,)]


def test_unattached_dependency_is_attached_when_appended():
    """TaskDependency(None, a) joins the task whose dependencies it is appended to."""
    a, task = make("A"), make()
    dependency = TaskDependency(None, a, kind="SS")
    assert dependency.task is None
    task.dependencies.append(dependency)
    assert dependency.task is task
    assert task.depends == [a]


def test_kind_and_lag_may_change():
    """kind and lag are settable after construction."""
    a, task = make("A"), make()
    dependency = TaskDependency(task, a)
    dependency.kind = "FF"
    dependency.lag = HOUR
    again = reloaded(task)
    assert (again.dependencies[0].kind, again.dependencies[0].lag) == ("FF", HOUR)


@pytest.mark.parametrize(
    ("kwargs", "error", "expected"),
    [
        (
            {"kind": "XX"},
            ValidationError,
            "TaskDependency.kind should be one of 'FS', 'SS', 'FF', not str: 'XX'",
        ),
        (
            {"kind": 1},
            ValidationTypeError,
            "TaskDependency.kind should be one of 'FS', 'SS', 'FF', not int: 1",
        ),
        (
            {"lag": 5},
            ValidationTypeError,
            "TaskDependency.lag should be a timedelta of zero or more, not int: 5",
        ),
        (
            {"lag": -HOUR},
            ValidationError,
            "TaskDependency.lag should be a timedelta of zero or more, "
            "not timedelta: datetime.timedelta(days=-1, seconds=82800)",
        ),
        (
            {"depends_on": "A"},
            ValidationTypeError,
            "TaskDependency.depends_on should be a Task instance, not str: 'A'",
        ),
        (
            {"task": 3},
            ValidationTypeError,
            "TaskDependency.task should be a Task instance, not int: 3",
        ),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, expected):
    """Bad kind, lag, depends_on or task raise at once with the whole message."""
    arguments = {"task": make(), "depends_on": make("A"), **kwargs}
    with pytest.raises(error) as raised:
        TaskDependency(**arguments)
    assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        ("kind", "fs", "TaskDependency.kind should be one of 'FS', 'SS', 'FF'"),
        ("lag", 1.5, "TaskDependency.lag should be a timedelta of zero or more"),
    ],
)
def test_bad_values_set_later_are_refused(attr, value, expected):
    """Setting a bad kind or lag raises and keeps the old value."""
    dependency = TaskDependency(make(), make("A"))
    with pytest.raises(ValidationError) as raised:
        setattr(dependency, attr, value)
    assert str(raised.value).startswith(expected)
    assert (dependency.kind, dependency.lag) == ("FS", dt.timedelta(0))


def test_repeated_dependency_is_refused():
    """A second dependency on the same task is refused and not attached."""
    a = make("A")
    task = make(depends=[a])
    with pytest.raises(ValidationError) as raised:
        TaskDependency(task, a, kind="SS")
    assert str(raised.value) == (
        f"Task.depends should be a list of Task instances without repeats, "
        f"not Task: {a!r}"
    )
    assert len(task.dependencies) == 1


def test_cycle_is_refused():
    """A dependency that closes a cycle raises CircularDependencyError."""
    a = make("A")
    b = make("B", depends=[a])
    with pytest.raises(CircularDependencyError):
        TaskDependency(a, b, kind="SS")
    assert a.dependencies == []


def test_non_dependency_appended_is_refused():
    """Appending something else than a TaskDependency to dependencies raises."""
    task = make()
    with pytest.raises(ValidationTypeError) as raised:
        task.dependencies.append(3)
    assert str(raised.value) == (
        "Task.dependencies should be a list of TaskDependency instances, not int: 3"
    )


def test_cycle_through_the_database_is_refused_at_flush():
    """A TaskDependency closing a cycle only the database knows fails the flush."""
    a, b = make("A"), make("B")
    db.session.commit()
    TaskDependency(a, b, kind="FF")  # no cycle as far as this session can tell
    with db.session.no_autoflush:  # meanwhile another process commits B->A
        db.session.execute(
            tables.task_dependencies.insert().values(task_id=b.id, depends_on_id=a.id)
        )
    b_id = b.id
    with pytest.raises(CircularDependencyError) as raised:
        db.session.commit()
    # The task is named as the flush saw it: its path when its shot was loaded.
    assert str(raised.value).startswith(
        "Task.depends should be a list of Tasks that do not depend on it, not Task: <Task '"
    )
    assert str(raised.value).endswith(
        f"B' id={b_id}> ('A' is upstream of it in the database)"
    )


def test_repr_names_both_tasks_and_the_kind():
    """repr shows the task, the kind, the task waited on and the lag."""
    dependency = TaskDependency(make(), make("Light"), kind="SS", lag=HOUR)
    assert repr(dependency) == "<TaskDependency 'Comp' SS 'Light' lag=1:00:00>"
    assert repr(TaskDependency(None, make("A"))) == (
        "<TaskDependency None FS 'A' lag=0:00:00>"
    )


_PLAIN = """
from stalker import Status, StatusList, Task, TaskDependency
statuses = StatusList(name="Tasks", statuses=[Status(name="New", short_name="NEW")])
a, b = Task(name="A", status_list=statuses), Task(name="B", status_list=statuses)
c = Task(name="C", depends=[a], status_list=statuses)
TaskDependency(c, b, kind="SS")
print([t.name for t in c.depends], [d.kind for d in c.dependencies])
"""


def test_dependencies_work_without_a_database():
    """Plain objects (no db.setup()) keep depends and dependencies too."""
    output = subprocess.check_output(
        [sys.executable, "-c", _PLAIN], text=True, timeout=120
    )
    assert output.strip() == "['A', 'B'] ['FS', 'SS']"
