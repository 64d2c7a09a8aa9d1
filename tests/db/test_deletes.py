"""Deletes that would take work with them are refused; nothing goes as a side effect."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_user
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import IntegrityError

from stalker import Booking, Project, Sequence, Shot, Task, Version, db
from stalker.db import tables
from stalker.exceptions import DeleteRefusedError

UTC = dt.timezone.utc
NOON = dt.datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture
def work(session):
    """A project, a sequence, a shot, a task with a version and a booking."""
    lead = make_user("lead")
    project = Project(name="Work", lead=lead)
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    task = Task(name="Layout", task_of=shot)
    Version(task=task)
    Booking(task=task, resource=lead, start=NOON, end=NOON + dt.timedelta(hours=2))
    session.commit()
    return project


def _task(project):
    return project.sequences[0].shots[0].tasks[0]


def test_deleting_a_task_with_versions_and_bookings_is_refused(work, session):
    """The task, its version and its booking all stay."""
    task = _task(work)
    session.delete(task)
    with pytest.raises(DeleteRefusedError) as error:
        session.commit()
    assert str(error.value) == (
        "Task 'Layout' cannot be deleted: its versions (1) would be deleted or "
        "orphaned with it; delete or move them first"
    )
    assert task in session.deleted  # the failed commit keeps the asked delete
    with session.no_autoflush:
        assert (db.query(Task).count(), db.query(Version).count()) == (1, 1)
        assert db.query(Booking).count() == 1


def test_db_delete_refuses_at_once(work):
    """stalker.db.delete says no before anything is marked for deletion."""
    task = _task(work)
    with pytest.raises(DeleteRefusedError, match="its versions"):
        db.delete(task)
    assert task not in db.session.deleted


def test_a_task_goes_with_its_versions_only_when_asked(work, session):
    """delete(task, with_versions=True) deletes both, once its booking is gone."""
    task = _task(work)
    with pytest.raises(DeleteRefusedError, match="its bookings"):
        db.delete(task, with_versions=True)
    session.delete(task.bookings[0])
    session.flush()
    session.expire(task)
    db.delete(task, with_versions=True)
    session.commit()
    assert (db.query(Task).count(), db.query(Version).count()) == (0, 0)


def test_a_version_deleted_first_frees_its_task(work, session):
    """Work deleted on purpose first does not hold its task back."""
    task = _task(work)
    session.delete(task.versions[0])
    session.delete(task.bookings[0])
    session.delete(task)
    session.commit()
    assert db.query(Task).count() == 0


def test_deleting_a_user_who_leads_projects_is_refused(work, session):
    """The projects it leads keep their lead."""
    lead = work.lead
    session.delete(lead.bookings[0])
    session.commit()
    session.delete(lead)
    with pytest.raises(
        DeleteRefusedError, match="'lead' cannot be deleted: its projects_lead"
    ):
        session.commit()
    assert lead in session.deleted  # the failed commit keeps the asked delete
    with session.no_autoflush:
        assert db.query(Project).one().lead.login_name == "lead"


def test_deleting_a_user_with_bookings_is_refused(work, session):
    """A user's booked time is work."""
    with pytest.raises(DeleteRefusedError, match="its bookings"):
        db.delete(work.lead)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (lambda p: p, "Project 'Work' cannot be deleted: its sequences (1)"),
        (lambda p: p.sequences[0], "Sequence 'SEQ1' cannot be deleted: its shots (1)"),
        (
            lambda p: p.sequences[0].shots[0],
            "Shot 'SH010' cannot be deleted: its tasks (1)",
        ),
    ],
)
def test_deleting_what_holds_work_is_refused(work, session, path, expected):
    """A project with sequences, a sequence with shots, a shot with tasks."""
    session.delete(path(work))
    with pytest.raises(DeleteRefusedError) as error:
        session.flush()
    assert str(error.value).startswith(expected)


def test_the_database_refuses_too(work, session):
    """A delete behind Stalker's back is refused by the foreign key."""
    task = _task(work)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(sql_delete(tables.tasks).where(tables.tasks.c.id == task.id))


@pytest.mark.parametrize("kind", ["Project", "Sequence"])
def test_a_project_or_sequence_holding_tasks_is_kept(session, kind):
    """Its own tasks are work too: refused at once and at flush, until they go."""
    project = Project(name="Pitch")
    owner = project if kind == "Project" else Sequence(name="SEQ9", project=project)
    task = Task(name="Edit", task_of=owner)
    session.commit()
    project_id = project.id
    expected = f"{kind} '{owner.name}' cannot be deleted: its tasks (1)"
    with pytest.raises(DeleteRefusedError) as error:
        db.delete(owner)
    assert str(error.value).startswith(expected)
    session.delete(owner)
    with pytest.raises(DeleteRefusedError) as error:
        session.flush()
    assert str(error.value).startswith(expected)
    session.rollback()
    db.delete(task)
    db.delete(owner)
    session.commit()
    kept = session.get(Project, project_id)
    assert kept is (None if kind == "Project" else project)
