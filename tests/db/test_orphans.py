"""Objects are never saved without the object they belong to."""

from __future__ import annotations

import pytest

from stalker import Project, Sequence, Shot, Task, Version
from stalker.exceptions import OrphanError, ValidationError


def test_an_orphan_error_is_a_validation_error():
    """Code catching ValueError catches it."""
    assert issubclass(OrphanError, ValidationError)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Shot(name="SH010"), "Shot.sequence should be a Sequence"),
        (
            lambda: Task(name="Loose"),
            "Task.task_of should be a Project, Sequence, Shot or Asset",
        ),
    ],
)
def test_an_orphan_is_refused_at_commit(session, make, expected):
    """Built without its owner is fine; saved without it is not."""
    make()
    with pytest.raises(OrphanError) as error:
        session.commit()
    assert str(error.value) == f"{expected} when it is saved, not NoneType: None"


def test_a_task_given_its_shot_before_the_flush_is_saved(session):
    """The tutorial makes a task on its own and gives it a shot later."""
    task = Task(name="Layout")
    project = Project(name="Orphans")
    task.task_of = Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    session.commit()
    assert task.id is not None


def test_a_task_of_a_project_or_sequence_is_no_orphan(session):
    """A task done for the whole project or a sequence is saved."""
    project = Project(name="Whole")
    tasks = [
        Task(name="Pitch", task_of=project),
        Task(name="Edit", task_of=Sequence(name="SEQ1", project=project)),
    ]
    session.commit()
    assert all(task.id is not None for task in tasks)


def test_taking_a_saved_task_from_its_shot_is_refused(session):
    """A saved task that loses its shot is refused like a new one."""
    project = Project(name="Orphans")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    task = Task(name="Layout", task_of=shot)
    version = Version(task=task)
    session.commit()
    task.task_of = None
    with pytest.raises(OrphanError, match=r"Task\.task_of"):
        session.commit()
    shot.tasks.remove(task)
    with pytest.raises(OrphanError):
        session.commit()
    task.versions.remove(version)
    with pytest.raises(OrphanError, match=r"Version\.task should be a Task"):
        session.commit()


def test_a_shot_of_a_sequence_of_no_project_is_refused(session):
    """Shot codes are unique in the project: a shot needs one through its sequence."""
    Shot(name="SH010", sequence=Sequence(name="SEQ1"))
    with pytest.raises(OrphanError) as error:
        session.commit()
    assert str(error.value) == (
        "Shot.sequence should be a Sequence of a Project when it is saved, "
        "not Sequence: <Sequence 'SEQ1'>"
    )
