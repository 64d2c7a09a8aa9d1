"""A task depends only on tasks of its own project: refused at once or at flush."""

from __future__ import annotations

import pytest
from factories import a_shot
from sqlalchemy import insert

from stalker import Asset, Project, Task, TaskDependency, db
from stalker.db import tables
from stalker.exceptions import ValidationError

OTHER_PROJECT = (
    "Task.depends should be a list of Tasks of Project 'Mine', "
    "not Task: <Task 'VILLAIN/Theirs'>"
)


@pytest.fixture
def tasks() -> tuple[Task, Task]:
    """A task of project 'Mine' and one of project 'Theirs'."""
    mine = Task(name="Mine", task_of=Asset(name="Hero", project=Project(name="Mine")))
    theirs = Task(
        name="Theirs", task_of=Asset(name="Villain", project=Project(name="Theirs"))
    )
    return mine, theirs


def test_setting_a_task_of_another_project_is_refused(tasks):
    """``depends = [...]`` refuses a task of another project, naming both."""
    mine, theirs = tasks
    with pytest.raises(ValidationError) as error:
        mine.depends = [theirs]
    assert str(error.value) == OTHER_PROJECT
    assert mine.depends == []


def test_appending_or_constructing_one_is_refused_too(tasks):
    """``depends.append`` and ``TaskDependency(...)`` refuse it the same way."""
    mine, theirs = tasks
    with pytest.raises(ValidationError, match="of Project 'Mine'"):
        mine.depends.append(theirs)
    with pytest.raises(ValidationError, match="of Project 'Mine'"):
        TaskDependency(mine, theirs)
    assert mine.depends == []


def test_the_constructor_refuses_it(tasks):
    """``Task(depends=..., task_of=...)`` checks with the project already known."""
    _, theirs = tasks
    asset = Asset(name="Prop", project=Project(name="Mine"))
    with pytest.raises(ValidationError, match="of Project 'Mine'"):
        Task(name="New", task_of=asset, depends=[theirs])


def test_tasks_of_one_project_may_depend_on_each_other(session, tasks):
    """The same project, or a task not yet given to anything, is fine."""
    mine, _ = tasks
    sibling = Task(name="Sibling", task_of=mine.task_of)
    loose = Task(name="Loose")
    mine.depends = [sibling, loose]
    loose.task_of = mine.task_of  # a home before it is saved
    session.commit()
    assert {task.name for task in mine.depends} == {"Sibling", "Loose"}


def test_a_dependency_made_before_the_project_is_known_is_refused_at_flush(
    session, tasks
):
    """Tasks given to their shots and assets later are checked at flush."""
    mine, theirs = tasks
    first, second = Task(name="First"), Task(name="Second")
    second.depends = [first]
    first.task_of, second.task_of = theirs.task_of, mine.task_of
    with pytest.raises(ValidationError) as error:
        session.commit()
    assert str(error.value) == (
        f"Task.depends should be a list of Tasks of Project 'Mine', not Task: {first!r}"
    )


def test_an_edge_stored_meanwhile_is_refused_as_a_repeat(session):
    """Another process stored the same edge: a clear error, not the primary key's."""
    a, b = Task(name="A", task_of=a_shot()), Task(name="B", task_of=a_shot())
    session.commit()
    a.depends.append(b)
    with session.no_autoflush:  # meanwhile another process stores A -> B
        session.execute(
            insert(tables.task_dependencies).values(task_id=a.id, depends_on_id=b.id)
        )
    b_id = b.id
    with pytest.raises(ValidationError) as error:
        session.flush()
    # The task is named as the flush saw it: its path when its shot was loaded.
    assert str(error.value).startswith(
        "Task.depends should be a list of Task instances without repeats (another process stored this one meanwhile), not Task: <Task '"
    )
    assert str(error.value).endswith(f"B' id={b_id}>")
    assert db.query(Task).filter_by(name="A").one() is a
