"""StatusedEntity: status_list and status, tested through Project.

Project is the simplest concrete statused class: it needs only a name.
"""

from __future__ import annotations

import pytest
from factories import a_sequence
from statements import statements_of

from stalker import (
    Entity,
    Project,
    Sequence,
    Shot,
    StatedEntity,
    Status,
    StatusedEntity,
    StatusList,
    Tag,
    Task,
)
from stalker.core.models.entity import hooks
from stalker.db import lifecycle
from stalker.exceptions import ValidationError, ValidationTypeError


@pytest.fixture
def statuses() -> list[Status]:
    return [
        Status(name="Ready", short_name="RDY"),
        Status(name="Working", short_name="WRK"),
        Status(name="Done", short_name="DN"),
    ]


@pytest.fixture
def status_list(statuses) -> StatusList:
    return StatusList(name="Test Statuses", statuses=statuses)


@pytest.fixture
def other_status() -> Status:
    return Status(name="Other", short_name="OTH")


def make(**kwargs) -> Project:
    kwargs.setdefault("name", "Fancy Commercial")
    return Project(**kwargs)


def test_stated_entity_is_statused_entity():
    """StatedEntity (API reference) and StatusedEntity (design) are one class."""
    assert StatedEntity is StatusedEntity
    assert issubclass(StatusedEntity, Entity)
    assert isinstance(make(), StatusedEntity)


# default list ----------------------------------------------------------
@pytest.mark.parametrize(
    ("cls", "short_names"),
    [
        (Project, ["NEW", "WIP", "OH", "STOP", "CMPL"]),
        (Sequence, ["NEW", "WIP", "OH", "STOP", "CMPL"]),
        (Shot, ["WFD", "RTS", "WIP", "PREV", "HREV", "DREV", "OH", "STOP", "CMPL"]),
        (Task, ["WFD", "RTS", "WIP", "PREV", "HREV", "DREV", "OH", "STOP", "CMPL"]),
    ],
)
def test_default_status_list_of_the_class(cls, short_names):
    """Without a status_list, the class's default list from db.setup() is used.

    The status is the list's first, but for a task: ready to start (RTS)
    when nothing keeps it waiting (the task workflow).
    """
    home = {"sequence": a_sequence()} if cls is Shot else {}
    obj = cls(name="Without List", **home)
    assert obj.status_list.target_entity_type == cls.__name__
    assert [status.short_name for status in obj.status_list] == short_names
    first = 1 if cls is Task else 0
    assert obj.status is obj.status_list[first]
    assert obj.status.short_name == short_names[first]


def test_default_status_list_classmethod():
    """default_status_list() answers the list whose target is the class."""
    found = Project.default_status_list()
    assert isinstance(found, StatusList)
    assert found.target_entity_type == "Project"
    assert make().status_list is found


def test_default_status_list_walks_the_class_hierarchy():
    """A subclass without a list of its own finds its nearest base's list."""

    class Commercial(Project):
        pass

    assert Commercial.default_status_list() is Project.default_status_list()


def test_default_status_list_belongs_to_the_current_session(session):
    """A default list the session let go is found again in the session."""
    first = Project.default_status_list()
    session.expunge(first)
    again = Project.default_status_list()
    assert again is not first
    assert again in session
    assert again.id == first.id
    assert make().status_list is again


def test_default_status_list_comes_with_its_statuses_in_one_statement(session):
    """A class's default list is read with its statuses in one statement.

    So it is the first time (found by its target) and later (by its id).
    """
    lifecycle.install()  # forgets the ids of the lists found so far
    for _ in range(2):
        session.expunge_all()
        found, statements = statements_of(
            lambda: [status.short_name for status in Project.default_status_list()]
        )
        assert found == ["NEW", "WIP", "OH", "STOP", "CMPL"]
        assert len(statements) == 1
    _, statements = statements_of(Project.default_status_list)
    assert statements == []
    session.commit()  # wrote nothing: the list stays loaded
    _, statements = statements_of(Project.default_status_list)
    assert statements == []
    session.expire_all()
    found, statements = statements_of(
        lambda: [status.short_name for status in Project.default_status_list()]
    )
    assert found == ["NEW", "WIP", "OH", "STOP", "CMPL"]
    assert len(statements) == 1


def test_no_default_list_for_the_abstract_class():
    """StatusedEntity itself has no default list."""
    assert StatusedEntity.default_status_list() is None


def test_missing_default_list_is_a_clear_error(monkeypatch):
    """With no default list available, not giving one raises a clear ValueError."""
    monkeypatch.setattr(hooks, "default_status_list", lambda cls: None)
    assert Project.default_status_list() is None
    with pytest.raises(ValidationError) as error:
        make()
    assert str(error.value) == (
        "Project.status_list should be a StatusList (no default StatusList exists "
        "for Project: run stalker.db.setup() or give one), not NoneType: None"
    )
    assert not isinstance(error.value, TypeError)


def test_missing_default_list_without_database(monkeypatch):
    """Plain objects (no finder installed) have no default list either."""
    monkeypatch.setattr(hooks, "default_status_list", None)
    assert StatusedEntity.default_status_list() is None
    assert Project.default_status_list() is None
    with pytest.raises(ValidationError) as error:
        make()
    assert str(error.value) == (
        "Project.status_list should be a StatusList (no default StatusList exists "
        "for Project: run stalker.db.setup() or give one), not NoneType: None"
    )


def test_explicit_list_works_without_default(monkeypatch, status_list, statuses):
    """With no default available, an explicit list still works."""
    monkeypatch.setattr(hooks, "default_status_list", lambda cls: None)
    project = make(status_list=status_list)
    assert project.status_list is status_list
    assert project.status is statuses[0]


# explicit list ---------------------------------------------------------
def test_explicit_status_list(status_list, statuses):
    """A given status_list is used; the status defaults to its first status."""
    project = make(status_list=status_list)
    assert project.status_list is status_list
    assert project.status is statuses[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Test Statuses",
            "Project.status_list should be a StatusList instance, not str: 'Test Statuses'",
        ),
        (3, "Project.status_list should be a StatusList instance, not int: 3"),
        ([], "Project.status_list should be a StatusList instance, not list: []"),
    ],
)
def test_bad_status_list_in_constructor(value, expected):
    """A status_list that is not a StatusList raises TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=value)
    assert str(error.value) == expected
    assert isinstance(error.value, TypeError)
    assert isinstance(error.value, ValueError)


def test_list_of_statuses_is_not_a_status_list(statuses):
    """A plain list of statuses (the seed's signature) is not a StatusList."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=statuses[:1])
    assert str(error.value) == (
        "Project.status_list should be a StatusList instance, not list: "
        "[<Status 'Ready'>]"
    )


def test_status_list_set_later(status_list, statuses):
    """A StatusList set later is used."""
    project = make()
    project.status_list = status_list
    assert project.status_list is status_list
    assert project.status is statuses[0]


def test_status_list_set_to_none_restores_the_default(status_list):
    """Setting status_list to None later goes back to the class's default list."""
    project = make(status_list=status_list)
    project.status_list = None
    assert project.status_list is Project.default_status_list()
    assert project.status is project.status_list[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "Project.status_list should be a StatusList instance, not str: 'x'"),
        (0, "Project.status_list should be a StatusList instance, not int: 0"),
    ],
)
def test_bad_status_list_set_later(status_list, statuses, value, expected):
    """Setting a bad status_list later raises and keeps the list and status."""
    project = make(status_list=status_list, status=1)
    with pytest.raises(ValidationTypeError) as error:
        project.status_list = value
    assert str(error.value) == expected
    assert project.status_list is status_list
    assert project.status is statuses[1]


def test_status_of_another_class_passed_as_list(other_status):
    """A Status given as status_list is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=other_status)
    assert str(error.value) == (
        "Project.status_list should be a StatusList instance, not Status: "
        "<Status 'Other'>"
    )


# status ----------------------------------------------------------------
def test_status_as_status(status_list, statuses):
    """A Status of the list is accepted."""
    assert make(status_list=status_list, status=statuses[2]).status is statuses[2]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_status_as_index(status_list, statuses, index):
    """An int is an index into the list (seed API)."""
    assert make(status_list=status_list, status=index).status is statuses[index]


def test_status_index_into_default_list():
    """An index also works with the default list."""
    project = make(status=1)
    assert project.status.short_name == "WIP"


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (3, "Project.status should be an index from 0 to 2, not int: 3"),
        (-1, "Project.status should be an index from 0 to 2, not int: -1"),
        (100, "Project.status should be an index from 0 to 2, not int: 100"),
    ],
)
def test_status_index_out_of_range(status_list, index, expected):
    """An index outside the list raises ValueError, in the constructor and later."""
    with pytest.raises(ValidationError) as error:
        make(status_list=status_list, status=index)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    project = make(status_list=status_list)
    with pytest.raises(ValidationError) as error:
        project.status = index
    assert str(error.value) == expected
    assert project.status is status_list[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "Project.status should be a Status instance, not bool: True"),
        (False, "Project.status should be a Status instance, not bool: False"),
    ],
)
def test_bool_status_is_refused(status_list, value, expected):
    """A bool is not taken as an index."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=status_list, status=value)
    assert str(error.value) == expected
    project = make(status_list=status_list, status=2)
    with pytest.raises(ValidationTypeError) as error:
        project.status = value
    assert str(error.value) == expected
    assert project.status is status_list[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("WRK", "Project.status should be a Status instance, not str: 'WRK'"),
        (1.0, "Project.status should be a Status instance, not float: 1.0"),
        ([0], "Project.status should be a Status instance, not list: [0]"),
    ],
)
def test_bad_status_type(status_list, value, expected):
    """A status that is neither a Status nor an int raises TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=status_list, status=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    project = make(status_list=status_list, status=1)
    with pytest.raises(ValidationTypeError) as error:
        project.status = value
    assert str(error.value) == expected
    assert project.status is status_list[1]


def test_status_none_means_the_default_status(status_list):
    """status=None, given or set later, is the first status of the list (contract)."""
    assert make(status_list=status_list, status=None).status is status_list[0]
    project = make(status_list=status_list, status=1)
    project.status = None
    assert project.status is status_list[0]


def test_status_not_in_list_is_refused(status_list, other_status):
    """A Status of another list is refused, in the constructor and later."""
    expected = "Project.status should be a Status of 'Test Statuses', not Status: <Status 'Other'>"
    with pytest.raises(ValidationError) as error:
        make(status_list=status_list, status=other_status)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    project = make(status_list=status_list)
    with pytest.raises(ValidationError) as error:
        project.status = other_status
    assert str(error.value) == expected
    assert project.status is status_list[0]


def test_other_entity_as_status_is_refused(status_list):
    """Another kind of entity is not a Status."""
    with pytest.raises(ValidationTypeError) as error:
        make(status_list=status_list, status=Tag(name="WIP"))
    assert (
        str(error.value)
        == "Project.status should be a Status instance, not Tag: <Tag 'WIP'>"
    )


def test_status_set_later(status_list, statuses):
    """The status can be changed later, as a Status or an index."""
    project = make(status_list=status_list)
    project.status = statuses[2]
    assert project.status is statuses[2]
    project.status = 1
    assert project.status is statuses[1]


def test_status_of_default_list_not_in_explicit_list(status_list):
    """A status of the default list is refused for an object with another list."""
    default_status = Project.default_status_list()[0]
    with pytest.raises(ValidationError) as error:
        make(status_list=status_list, status=default_status)
    assert str(error.value) == (
        f"Project.status should be a Status of 'Test Statuses', not Status: "
        f"{default_status!r}"
    )


# changing the list -----------------------------------------------------
def test_new_list_resets_a_status_not_in_it(status_list, statuses, other_status):
    """Changing to a list without the current status resets it to its first status."""
    project = make(status_list=status_list, status=2)
    new_list = StatusList(name="New List", statuses=[other_status, statuses[0]])
    project.status_list = new_list
    assert project.status_list is new_list
    assert project.status is other_status


def test_new_list_keeps_a_status_in_it(status_list, statuses, other_status):
    """Changing to a list that holds the current status keeps it."""
    project = make(status_list=status_list, status=statuses[1])
    project.status_list = StatusList(
        name="New List", statuses=[other_status, statuses[1]]
    )
    assert project.status is statuses[1]


def test_status_index_follows_the_new_list(status_list, statuses, other_status):
    """After the list changes, an index refers to the new list."""
    project = make(status_list=status_list)
    project.status_list = StatusList(
        name="New List", statuses=[statuses[2], other_status]
    )
    project.status = 1
    assert project.status is other_status
    with pytest.raises(ValidationError) as error:
        project.status = 2
    assert (
        str(error.value) == "Project.status should be an index from 0 to 1, not int: 2"
    )


# persistence -----------------------------------------------------------
def test_status_round_trip(session, status_list, statuses):
    """The list and the status survive a commit and a reload."""
    project = make(status_list=status_list, status=2)
    session.commit()
    project_id = project.id
    session.expire_all()
    loaded = session.get(Project, project_id)
    assert loaded.status_list is status_list
    assert loaded.status is statuses[2]
    assert list(loaded.status_list.statuses) == statuses


def test_default_status_round_trip(session):
    """An object with the default list keeps it after a reload."""
    project = make(status=3)
    session.commit()
    session.expire_all()
    assert project.status_list.target_entity_type == "Project"
    assert project.status.short_name == "STOP"


def test_changed_status_round_trip(session, status_list, statuses, other_status):
    """Changing the status and the list after a commit is saved."""
    project = make(status_list=status_list)
    session.commit()
    project.status = statuses[1]
    session.commit()
    session.expire_all()
    assert project.status is statuses[1]
    new_list = StatusList(name="New List", statuses=[other_status])
    project.status_list = new_list
    session.commit()
    session.expire_all()
    assert project.status_list is new_list
    assert project.status is other_status


def test_query_by_status(session, status_list, statuses):
    """Objects can be found by their status."""
    make(name="Ready One", status_list=status_list, status=0)
    done = make(name="Done One", status_list=status_list, status=2)
    session.commit()
    found = session.query(Project).filter(Project.status == statuses[2]).all()
    assert found == [done]
