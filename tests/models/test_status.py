"""Status and StatusList: the states of statused objects and their ordered lists."""

from __future__ import annotations

import pytest

from stalker import Entity, Status, StatusList, Tag
from stalker.core.models.status import Status as StatusFromModule
from stalker.core.models.status import StatusList as StatusListFromModule
from stalker.exceptions import ValidationError, ValidationTypeError


def make_status(**kwargs) -> Status:
    kwargs.setdefault("name", "Work In Progress")
    kwargs.setdefault("short_name", "WIP")
    return Status(**kwargs)


@pytest.fixture
def statuses() -> list[Status]:
    """Three statuses; their ids grow in the order they are made."""
    return [
        make_status(name="Ready", short_name="RDY"),
        make_status(name="Working", short_name="WRK"),
        make_status(name="Done", short_name="DN"),
    ]


def make_list(statuses, **kwargs) -> StatusList:
    kwargs.setdefault("name", "Test Statuses")
    return StatusList(statuses=statuses, **kwargs)


def test_import_paths():
    """Both classes are importable from the seed's module."""
    assert StatusFromModule is Status
    assert StatusListFromModule is StatusList


def test_status_is_an_entity():
    """A Status is an Entity: it has a name and can be tagged."""
    status = make_status(tags=[Tag(name="Production")])
    assert isinstance(status, Entity)
    assert status.name == "Work In Progress"
    assert [tag.name for tag in status.tags] == ["Production"]


# Status.short_name -----------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("WIP", "WIP"),
        ("wip", "WIP"),
        ("  Wip \n", "WIP"),
        ("p rev", "P REV"),
        ("cmpl2", "CMPL2"),
    ],
)
def test_short_name_is_upper_cased_and_stripped(value, expected):
    """short_name is stripped of surrounding white space and upper-cased."""
    assert make_status(short_name=value).short_name == expected


def test_short_name_set_later():
    """Setting short_name later also strips and upper-cases it."""
    status = make_status()
    status.short_name = " hrev "
    assert status.short_name == "HREV"


def test_short_name_does_not_follow_name():
    """Renaming a status changes its code but keeps its short_name."""
    status = make_status(name="Pending Review", short_name="PREV")
    status.name = "Waiting For Review"
    assert status.short_name == "PREV"
    assert status.code == "WAITING_FOR_REVIEW"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "Status.short_name should be a non-empty string, not str: ''"),
        ("  ", "Status.short_name should be a non-empty string, not str: '  '"),
        (
            "a\x00",
            "Status.short_name should be a non-empty string without NUL characters, "
            "not str: 'a\\x00'",
        ),
        (
            "W" * 257,
            "Status.short_name should be a string of at most 256 characters, "
            "not str: '" + "W" * 76 + "...",
        ),
    ],
)
def test_bad_short_name_value(value, expected):
    """A bad short_name raises ValueError in the constructor and when set later."""
    with pytest.raises(ValidationError) as error:
        make_status(short_name=value)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    status = make_status()
    with pytest.raises(ValidationError) as error:
        status.short_name = value
    assert str(error.value) == expected
    assert status.short_name == "WIP"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "Status.short_name should be a non-empty string, not NoneType: None"),
        (1, "Status.short_name should be a non-empty string, not int: 1"),
        (["WIP"], "Status.short_name should be a non-empty string, not list: ['WIP']"),
        (b"WIP", "Status.short_name should be a non-empty string, not bytes: b'WIP'"),
    ],
)
def test_bad_short_name_type(value, expected):
    """A short_name that is not a string raises TypeError and ValueError, always."""
    with pytest.raises(ValidationTypeError) as error:
        make_status(short_name=value)
    assert str(error.value) == expected
    assert isinstance(error.value, TypeError)
    assert isinstance(error.value, ValueError)
    status = make_status()
    with pytest.raises(ValidationTypeError) as error:
        status.short_name = value
    assert str(error.value) == expected
    assert status.short_name == "WIP"


def test_short_name_is_required():
    """A Status without short_name is refused."""
    with pytest.raises(ValidationTypeError) as error:
        Status(name="New")
    assert str(error.value) == (
        "Status.short_name should be a non-empty string, not NoneType: None"
    )


# Status.thumbnail ------------------------------------------------------
def test_thumbnail_defaults_to_none():
    """Without a thumbnail, it is None."""
    assert make_status().thumbnail is None


def test_thumbnail_is_kept_stripped():
    """A thumbnail path is kept, stripped."""
    status = make_status(thumbnail="  /icons/wip.png\n")
    assert status.thumbnail == "/icons/wip.png"


def test_thumbnail_set_later():
    """The thumbnail can be set and cleared later."""
    status = make_status()
    status.thumbnail = "/icons/wip.png"
    assert status.thumbnail == "/icons/wip.png"
    status.thumbnail = None
    assert status.thumbnail is None


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            3,
            ValidationTypeError,
            "Status.thumbnail should be a string or None, not int: 3",
        ),
        (
            ["a.png"],
            ValidationTypeError,
            "Status.thumbnail should be a string or None, not list: ['a.png']",
        ),
        (
            "p" * 1025,
            ValidationError,
            "Status.thumbnail should be a string of at most 1024 characters, "
            "not str: '" + "p" * 76 + "...",
        ),
    ],
)
def test_bad_thumbnail(value, error_type, expected):
    """A bad thumbnail raises in the constructor and when set later."""
    with pytest.raises(error_type) as error:
        make_status(thumbnail=value)
    assert str(error.value) == expected
    status = make_status(thumbnail="a.png")
    with pytest.raises(error_type) as error:
        status.thumbnail = value
    assert str(error.value) == expected
    assert status.thumbnail == "a.png"


def test_status_round_trip(session):
    """A Status committed and reloaded has the same values."""
    status = make_status(
        name="Needs Approval", short_name="nappr", thumbnail="/i/nappr.png"
    )
    session.commit()
    status_id = status.id
    session.expire_all()
    loaded = session.get(Status, status_id)
    assert (loaded.name, loaded.short_name, loaded.thumbnail) == (
        "Needs Approval",
        "NAPPR",
        "/i/nappr.png",
    )
    assert session.query(Status).filter(Status.short_name == "NAPPR").one() is loaded


def test_status_without_thumbnail_round_trip(session):
    """A Status without thumbnail reloads with None."""
    status = make_status(short_name="NOTHUMB")
    session.commit()
    session.expire_all()
    assert status.thumbnail is None


def test_default_statuses_exist(session):
    """db.setup() created the default statuses."""
    short_names = {status.short_name for status in session.query(Status)}
    assert {"NEW", "WFD", "RTS", "WIP", "PREV", "HREV", "DREV", "OH", "STOP"} <= (
        short_names
    )
    assert {"CMPL", "APP", "RREV", "SUPD"} <= short_names


# StatusList.statuses ---------------------------------------------------
def test_statuses_kept_in_order(statuses):
    """The statuses are kept in the given order."""
    reordered = [statuses[2], statuses[0], statuses[1]]
    assert list(make_list(reordered).statuses) == reordered


def test_statuses_are_copied_from_the_given_list(statuses):
    """Changing the given list later does not change the StatusList."""
    given = statuses[:2]
    status_list = make_list(given)
    given.append(statuses[2])
    assert list(status_list.statuses) == statuses[:2]


def test_statuses_accept_any_iterable(statuses):
    """A tuple or a generator of statuses is accepted."""
    assert list(make_list(tuple(statuses)).statuses) == statuses
    assert list(make_list(s for s in statuses).statuses) == statuses


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            [],
            "StatusList.statuses should be a non-empty list of Status instances, not list: []",
        ),
        (
            (),
            "StatusList.statuses should be a non-empty list of Status instances, not tuple: ()",
        ),
        (
            None,
            "StatusList.statuses should be a non-empty list of Status instances, "
            "not NoneType: None",
        ),
    ],
)
def test_empty_statuses_are_refused(value, expected):
    """A StatusList needs at least one status."""
    with pytest.raises(ValidationError) as error:
        make_list(value)
    assert str(error.value) == expected


def test_statuses_are_required():
    """A StatusList made without statuses is refused."""
    with pytest.raises(ValidationError) as error:
        StatusList(name="Nothing")
    assert str(error.value) == (
        "StatusList.statuses should be a non-empty list of Status instances, "
        "not NoneType: None"
    )


def test_repeated_status_is_refused(statuses):
    """A status may appear only once in a list."""
    with pytest.raises(ValidationError) as error:
        make_list([statuses[0], statuses[1], statuses[0]])
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances without repeats, "
        "not Status: <Status 'Ready'>"
    )
    assert not isinstance(error.value, TypeError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "WIP",
            "StatusList.statuses should be a list of Status instances, not str: 'WIP'",
        ),
        (3, "StatusList.statuses should be a list of Status instances, not int: 3"),
        (
            ["WIP"],
            "StatusList.statuses should be a list of Status instances, not str: 'WIP'",
        ),
        (
            [0, 1],
            "StatusList.statuses should be a list of Status instances, not int: 0",
        ),
        (
            {"WIP": 1},
            "StatusList.statuses should be a list of Status instances, not dict: {'WIP': 1}",
        ),
    ],
)
def test_bad_statuses_type_in_constructor(value, expected):
    """Statuses that are not a list of Status raise TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make_list(value)
    assert str(error.value) == expected
    assert isinstance(error.value, TypeError)
    assert isinstance(error.value, ValueError)


def test_single_status_is_not_a_list(statuses):
    """A Status on its own is not a list of statuses."""
    with pytest.raises(ValidationTypeError) as error:
        make_list(statuses[0])
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances, not Status: "
        "<Status 'Ready'>"
    )


def test_other_entity_in_statuses_is_refused(statuses):
    """A Tag mixed into the statuses is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make_list([statuses[0], Tag(name="WIP")])
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances, not Tag: <Tag 'WIP'>"
    )


def test_statuses_set_later(statuses):
    """Setting statuses later replaces them, in the new order."""
    status_list = make_list(statuses[:1])
    status_list.statuses = [statuses[2], statuses[1]]
    assert list(status_list.statuses) == [statuses[2], statuses[1]]


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            [],
            ValidationError,
            "StatusList.statuses should be a non-empty list of Status instances, not list: []",
        ),
        (
            None,
            ValidationError,
            "StatusList.statuses should be a non-empty list of Status instances, "
            "not NoneType: None",
        ),
        (
            "RDY",
            ValidationTypeError,
            "StatusList.statuses should be a list of Status instances, not str: 'RDY'",
        ),
        (
            [1],
            ValidationTypeError,
            "StatusList.statuses should be a list of Status instances, not int: 1",
        ),
    ],
)
def test_bad_statuses_set_later(statuses, value, error_type, expected):
    """Setting bad statuses later raises and keeps the old statuses."""
    status_list = make_list(statuses)
    with pytest.raises(error_type) as error:
        status_list.statuses = value
    assert str(error.value) == expected
    assert list(status_list.statuses) == statuses


def test_repeated_status_set_later(statuses):
    """Setting a list with a repeated status later raises and keeps the old one."""
    status_list = make_list(statuses[:2])
    with pytest.raises(ValidationError) as error:
        status_list.statuses = [statuses[1], statuses[1]]
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances without repeats, "
        "not Status: <Status 'Working'>"
    )
    assert list(status_list.statuses) == statuses[:2]


def test_append_status_later(statuses):
    """A new Status can be appended to the list, at its end."""
    status_list = make_list(statuses[:2])
    status_list.statuses.append(statuses[2])
    assert list(status_list.statuses) == statuses


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "StatusList.statuses should be a list of Status instances, not str: 'x'"),
        (
            None,
            "StatusList.statuses should be a list of Status instances, not NoneType: None",
        ),
        (4, "StatusList.statuses should be a list of Status instances, not int: 4"),
    ],
)
def test_append_bad_status(statuses, value, expected):
    """Appending a non-Status raises the same error and keeps the statuses."""
    status_list = make_list(statuses)
    with pytest.raises(ValidationTypeError) as error:
        status_list.statuses.append(value)
    assert str(error.value) == expected
    assert list(status_list.statuses) == statuses


def test_append_repeated_status(statuses):
    """Appending a status already in the list is refused and changes nothing."""
    status_list = make_list(statuses)
    with pytest.raises(ValidationError) as error:
        status_list.statuses.append(statuses[0])
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances without repeats, "
        "not Status: <Status 'Ready'>"
    )
    assert list(status_list.statuses) == statuses


def test_append_repeated_status_after_reload(session, statuses):
    """A repeat is also refused once the list was saved and reloaded."""
    status_list = make_list(statuses)
    session.commit()
    session.expire_all()
    with pytest.raises(ValidationError) as error:
        status_list.statuses.append(statuses[1])
    assert str(error.value) == (
        "StatusList.statuses should be a list of Status instances without repeats, "
        f"not Status: <Status 'Working' id={statuses[1].id}>"
    )
    assert list(status_list.statuses) == statuses


# StatusList.target_entity_type -----------------------------------------
def test_target_entity_type_defaults_to_none(statuses):
    """A list made by hand is the default of no class."""
    assert make_list(statuses).target_entity_type is None


def test_target_entity_type_is_kept_stripped(statuses):
    """target_entity_type is a class name, stripped."""
    status_list = make_list(statuses, target_entity_type=" Character ")
    assert status_list.target_entity_type == "Character"


def test_target_entity_type_set_later(statuses):
    """target_entity_type can be set and cleared later."""
    status_list = make_list(statuses)
    status_list.target_entity_type = "Character"
    assert status_list.target_entity_type == "Character"
    status_list.target_entity_type = None
    assert status_list.target_entity_type is None


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            3,
            ValidationTypeError,
            "StatusList.target_entity_type should be a string or None, not int: 3",
        ),
        (
            ["Project"],
            ValidationTypeError,
            "StatusList.target_entity_type should be a string or None, "
            "not list: ['Project']",
        ),
        (
            "C" * 257,
            ValidationError,
            "StatusList.target_entity_type should be a string of at most 256 "
            "characters, not str: '" + "C" * 76 + "...",
        ),
    ],
)
def test_bad_target_entity_type(statuses, value, error_type, expected):
    """A bad target_entity_type raises in the constructor and when set later."""
    with pytest.raises(error_type) as error:
        make_list(statuses, target_entity_type=value)
    assert str(error.value) == expected
    status_list = make_list(statuses, target_entity_type="Character")
    with pytest.raises(error_type) as error:
        status_list.target_entity_type = value
    assert str(error.value) == expected
    assert status_list.target_entity_type == "Character"


# StatusList as a sequence ----------------------------------------------
def test_in_len_and_indexing(statuses):
    """`in`, len() and indexing answer about the statuses."""
    status_list = make_list(statuses[:2])
    assert statuses[0] in status_list
    assert statuses[1] in status_list
    assert statuses[2] not in status_list
    assert "RDY" not in status_list
    assert len(status_list) == 2
    assert status_list[0] is statuses[0]
    assert status_list[1] is statuses[1]
    assert status_list[-1] is statuses[1]
    with pytest.raises(IndexError):
        status_list[2]


def test_iteration_follows_order(statuses):
    """Iterating a StatusList gives its statuses in order."""
    reordered = [statuses[1], statuses[2], statuses[0]]
    assert list(make_list(reordered)) == reordered


def test_len_follows_changes(statuses):
    """len() and `in` follow statuses appended later."""
    status_list = make_list(statuses[:1])
    status_list.statuses.append(statuses[2])
    assert len(status_list) == 2
    assert statuses[2] in status_list


# persistence -----------------------------------------------------------
def test_status_list_round_trip_keeps_order(session, statuses):
    """The order of the statuses survives a commit, not the order of their ids."""
    reordered = [statuses[2], statuses[0], statuses[1]]
    status_list = make_list(
        reordered, target_entity_type="Character", description="for characters"
    )
    session.commit()
    list_id = status_list.id
    session.expire_all()
    loaded = session.get(StatusList, list_id)
    assert list(loaded.statuses) == reordered
    assert loaded.target_entity_type == "Character"
    assert loaded.description == "for characters"
    assert len(loaded) == 3
    assert statuses[0] in loaded
    assert loaded[0] is statuses[2]


def test_reordering_after_commit_is_saved(session, statuses):
    """A new order (and a removed status) set after a commit is saved."""
    status_list = make_list(statuses)
    session.commit()
    status_list.statuses = [statuses[2], statuses[0]]
    session.commit()
    session.expire_all()
    assert list(status_list.statuses) == [statuses[2], statuses[0]]
    status_list.statuses.append(statuses[1])
    session.commit()
    session.expire_all()
    assert list(status_list.statuses) == [statuses[2], statuses[0], statuses[1]]


def test_one_status_in_many_lists(session, statuses):
    """A Status may belong to several lists, at different positions."""
    first = make_list(statuses, name="First")
    second = make_list([statuses[2], statuses[1]], name="Second")
    session.commit()
    session.expire_all()
    assert list(first.statuses) == statuses
    assert list(second.statuses) == [statuses[2], statuses[1]]


def test_default_status_lists_exist(session):
    """db.setup() created a default StatusList for each statused class."""
    found = {
        status_list.target_entity_type: [s.short_name for s in status_list]
        for status_list in session.query(StatusList).filter(
            StatusList.target_entity_type.is_not(None)
        )
    }
    assert found["Project"] == ["NEW", "WIP", "OH", "STOP", "CMPL"]
    assert found["Task"] == [
        "WFD",
        "RTS",
        "WIP",
        "PREV",
        "HREV",
        "DREV",
        "OH",
        "STOP",
        "CMPL",
    ]
    assert found["Review"] == ["NEW", "APP", "RREV", "SUPD"]
    assert set(found) >= {"Project", "Sequence", "Shot", "Asset", "Task", "Version"}


def test_repr(statuses):
    """repr shows the class and the name."""
    assert repr(statuses[0]) == "<Status 'Ready'>"
    assert repr(make_list(statuses)) == "<StatusList 'Test Statuses'>"
