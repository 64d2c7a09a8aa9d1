"""A project is not due before it starts, whichever is set first."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import Project
from stalker.exceptions import ValidationError

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 1, tzinfo=UTC)
BEFORE = dt.datetime(2026, 2, 1, tzinfo=UTC)


def test_the_constructor_refuses_due_before_start():
    """``Project(start=..., due=<earlier>)`` is refused, naming due and start."""
    with pytest.raises(ValidationError) as error:
        Project(name="Late", start=START, due=BEFORE)
    assert str(error.value) == (
        "Project.due should be a datetime not before start (2026-03-01 00:00), "
        "not datetime: datetime.datetime(2026, 2, 1, 0, 0, tzinfo=datetime.timezone.utc)"
    )


def test_setting_due_before_start_is_refused():
    """Due set to before the start is refused and the old due kept."""
    project = Project(name="Late", start=START)
    with pytest.raises(ValidationError, match=r"Project\.due should be a datetime"):
        project.due = BEFORE
    assert project.due is None


def test_setting_start_after_due_is_refused():
    """The other order: a start after the due date is refused."""
    project = Project(name="Late", due=BEFORE)
    with pytest.raises(ValidationError) as error:
        project.start = START
    assert str(error.value).startswith(
        "Project.start should be a datetime not after due (2026-02-01 00:00), not "
    )
    assert project.start is None


@pytest.mark.parametrize("due", [START, START + dt.timedelta(days=30), None])
def test_due_on_or_after_start_is_fine(due):
    """Due on the start, after it, or not set at all."""
    project = Project(name="Fine", start=START, due=due)
    assert (project.start, project.due) == (START, due)
