"""Task fields the scheduler reads and writes: alternatives and computed values."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot

from stalker import Task, User, db
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc
START = dt.datetime(2030, 1, 7, 9, tzinfo=UTC)
END = dt.datetime(2030, 1, 8, 18, tzinfo=UTC)


def make_user(login: str) -> User:
    return User(
        login_name=login, first_name=login, email=f"{login}@s.com", password="x"
    )


def reloaded(task: Task) -> Task:
    """The task read back from the database after a commit."""
    db.session.commit()
    db.session.expire_all()
    return task


def test_defaults():
    """A new task has no alternatives and nothing computed."""
    task = Task(task_of=a_shot(), name="Comp")
    assert task.alternative_resources == []
    assert task.computed_start is None
    assert task.computed_end is None
    assert task.computed_resources == []


def test_values_round_trip():
    """Alternatives and computed values come back from the database."""
    ann, bob, cem = make_user("ann"), make_user("bob"), make_user("cem")
    task = Task(
        task_of=a_shot(), name="Comp", resources=[ann], alternative_resources=[bob, cem]
    )
    task.computed_start = START
    task.computed_end = END
    task.computed_resources = [bob]
    again = reloaded(task)
    assert [u.login_name for u in again.alternative_resources] == ["bob", "cem"]
    assert [u.login_name for u in again.computed_resources] == ["bob"]
    assert (again.computed_start, again.computed_end) == (START, END)
    assert [u.login_name for u in again.resources] == ["ann"]


def test_computed_dates_become_utc():
    """A computed date in another zone is kept as the same instant in UTC."""
    task = Task(task_of=a_shot(), name="Comp")
    task.computed_start = dt.datetime(
        2030, 1, 7, 12, tzinfo=dt.timezone(dt.timedelta(hours=3))
    )
    assert task.computed_start == START
    assert task.computed_start.tzinfo is UTC


@pytest.mark.parametrize("attr", ["computed_start", "computed_end"])
def test_bad_computed_dates_are_refused(attr):
    """A computed date that is not a datetime raises and keeps the old value."""
    task = Task(task_of=a_shot(), name="Comp")
    with pytest.raises(ValidationTypeError) as raised:
        setattr(task, attr, "tomorrow")
    assert str(raised.value) == (
        f"Task.{attr} should be a datetime or None, not str: 'tomorrow'"
    )
    assert getattr(task, attr) is None


@pytest.mark.parametrize("attr", ["alternative_resources", "computed_resources"])
def test_bad_user_lists_are_refused(attr):
    """Lists of something else than users raise in every way they can be given."""
    ann = make_user("ann")
    with pytest.raises(ValidationTypeError) as raised:
        Task(task_of=a_shot(), name="Comp", alternative_resources=["ann"])
    assert str(raised.value) == (
        "Task.alternative_resources should be a list of User instances, not str: 'ann'"
    )
    task = Task(task_of=a_shot(), name="Comp")
    with pytest.raises(ValidationTypeError) as raised:
        setattr(task, attr, [ann, 3])
    assert (
        str(raised.value)
        == f"Task.{attr} should be a list of User instances, not int: 3"
    )
    with pytest.raises(ValidationTypeError):
        getattr(task, attr).append(3)
    getattr(task, attr).append(ann)
    with pytest.raises(ValidationError) as raised:
        getattr(task, attr).append(ann)
    assert str(raised.value) == (
        f"Task.{attr} should be a list of User instances without repeats, "
        f"not User: {ann!r}"
    )
    assert getattr(task, attr) == [ann]
