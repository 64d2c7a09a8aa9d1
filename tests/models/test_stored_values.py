"""Setters refuse at once what the database would refuse at commit."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot

from stalker import Project, Status, Task, TaskDependency, User, db
from stalker.core.models.validation import INT32_MAX, LONGEST_DURATION
from stalker.exceptions import ValidationError

UTC = dt.timezone.utc
AHEAD, BEHIND = dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-1))


def saved(obj):
    """Commit, forget and read ``obj`` back from the database."""
    db.session.commit()
    db.session.expire_all()
    return obj


def test_a_name_whose_derived_code_is_too_long_is_refused():
    """256 characters of "aB" make a 383-character code: refused, not at commit."""
    with pytest.raises(ValidationError) as error:
        Project(name="aB" * 128)
    assert str(error.value).startswith(
        "Project.name should be a name whose code has at most 256 characters, "
        "not str: 'aBaB"
    )


def test_a_renaming_to_such_a_name_is_refused_and_keeps_the_old_one():
    """The attribute refuses it too and leaves name and code as they were."""
    project = Project(name="Short")
    with pytest.raises(ValidationError, match="whose code has at most 256"):
        project.name = "aB" * 128
    assert (project.name, project.code) == ("Short", "SHORT")


def test_a_login_too_long_in_lower_case_is_refused():
    """``"\\u0130"`` doubles when lower-cased: the length is checked after it."""
    with pytest.raises(ValidationError) as error:
        User(login_name="\u0130" * 256, first_name="I", email="i@x.com", password="x")
    assert str(error.value).startswith(
        "User.login_name should be a string of at most 256 characters in lower "
        "case, not str: '\u0130\u0130"
    )


def test_a_short_name_too_long_in_upper_case_is_refused():
    """``"ß".upper()`` is ``"SS"``: the length is checked after upper-casing."""
    with pytest.raises(ValidationError) as error:
        Status(name="Sharp", short_name="ß" * 200)
    assert str(error.value).startswith(
        "Status.short_name should be a string of at most 256 characters in upper "
        "case, not str: 'ßß"
    )


def test_a_login_that_fits_in_lower_case_is_stored(session):
    """128 of them make 256 characters: stored and read back."""
    user = User(
        login_name="\u0130" * 128, first_name="I", email="i@x.com", password="x"
    )
    assert len(saved(user).login_name) == 256


@pytest.mark.parametrize("given", [INT32_MAX + 1, 2**63])
def test_a_priority_beyond_the_column_is_refused(given):
    """``priority`` is an int32 column: larger values are refused when given."""
    task = Task(name="Comp")
    with pytest.raises(ValidationError) as error:
        task.priority = given
    assert str(error.value) == (
        f"Task.priority should be an integer of at most {INT32_MAX}, not int: {given}"
    )
    with pytest.raises(ValidationError, match="of at most"):
        Task(name="Comp", priority=given)


def test_the_largest_priority_is_stored(session):
    """The column's largest value goes in and comes back."""
    assert (
        saved(Task(name="Comp", task_of=a_shot(), priority=INT32_MAX)).priority
        == INT32_MAX
    )


def test_a_bid_beyond_what_the_database_stores_is_refused():
    """``timedelta.max`` is refused when given, not at commit."""
    with pytest.raises(ValidationError) as error:
        Task(name="Comp", bid=dt.timedelta.max)
    assert str(error.value) == (
        f"Task.bid should be a timedelta of at most {LONGEST_DURATION}, "
        f"not timedelta: {dt.timedelta.max!r}"
    )


def test_the_longest_bid_is_stored(session):
    """The longest accepted bid goes in and comes back on every backend."""
    longest = dt.timedelta(days=LONGEST_DURATION.days)
    assert saved(Task(name="Comp", task_of=a_shot(), bid=longest)).bid == longest


def test_a_lag_beyond_the_seconds_column_is_refused():
    """A lag is kept in whole seconds of an int32 column."""
    with pytest.raises(ValidationError, match=r"TaskDependency\.lag should be"):
        TaskDependency(None, Task(name="A"), lag=dt.timedelta(seconds=INT32_MAX + 1))


@pytest.mark.parametrize(
    ("make", "attr"),
    [
        (lambda: Project(name="A\ud800"), "name"),
        (lambda: Project(name="A", description="\udfff"), "description"),
        (lambda: Project(name="A", code="A\ud800B"), "code"),
        (
            lambda: User(
                login_name="ann", first_name="\ud800", email="a@x.com", password="x"
            ),
            "first_name",
        ),
    ],
)
def test_lone_surrogates_are_refused(make, attr):
    """A string that cannot be encoded is refused when given, naming the attribute."""
    with pytest.raises(ValidationError) as error:
        make()
    assert f".{attr} should be " in str(error.value)
    assert "without lone surrogates" in str(error.value)


def test_characters_beyond_ascii_are_fine(session):
    """Proper non-ASCII text (accents, emoji) is stored as given."""
    project = Project(name="Ünïcödé", description="🎬 ok")
    assert saved(project).description == "🎬 ok"


@pytest.mark.parametrize(
    "given",
    [dt.datetime.max.replace(tzinfo=BEHIND), dt.datetime.min.replace(tzinfo=AHEAD)],
)
def test_datetimes_pushed_out_of_range_by_their_zone_are_refused(given):
    """In UTC they fall outside the years 1 to 9999: a ValidationError, no overflow."""
    with pytest.raises(ValidationError) as error:
        Project(name="Edge", start=given)
    assert str(error.value).startswith(
        "Project.start should be a datetime within the years 1 to 9999 in UTC, not "
    )


@pytest.mark.parametrize("given", [dt.datetime.min, dt.datetime.max])
def test_the_extreme_datetimes_are_stored(session, given):
    """``datetime.min`` and ``datetime.max`` themselves go in and come back."""
    project = saved(Project(name="Edge", due=given.replace(tzinfo=UTC)))
    assert project.due == given.replace(tzinfo=UTC)
