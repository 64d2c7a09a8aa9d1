"""Department: members (the other side of User.department) and an optional lead."""

from __future__ import annotations

import itertools

import pytest

from stalker import Department, Entity, Group, User
from stalker.core.models.department import Department as DepartmentFromModule
from stalker.exceptions import ValidationError, ValidationTypeError

_numbers = itertools.count(1)


def make_user(first_name: str = "Member") -> User:
    number = next(_numbers)
    return User(
        login_name=f"member{number}",
        first_name=first_name,
        email=f"member{number}@studio.com",
        password="secret",
    )


def make(**kwargs) -> Department:
    kwargs.setdefault("name", "TDs")
    return Department(**kwargs)


@pytest.fixture
def users() -> list[User]:
    return [make_user("Ann"), make_user("Bob"), make_user("Cem")]


def test_department_is_an_entity():
    """Department extends Entity and is importable from the seed's module."""
    assert DepartmentFromModule is Department
    department = make(description="This is the TDs department")
    assert isinstance(department, Entity)
    assert department.description == "This is the TDs department"


def test_tutorial_department(session):
    """The tutorial: a department without lead, a member appended, found by query."""
    user = User(
        first_name="Erkan Ozgur",
        last_name="Yilmaz",
        login_name="eoyilmaz",
        email="eoyilmaz@gmail.com",
        password="secret",
    )
    tds = Department(name="TDs", description="This is the TDs department")
    tds.members.append(user)
    found = session.query(Department).filter_by(name="TDs").first()
    assert found.members[0].first_name == "Erkan Ozgur"
    session.commit()
    session.expire_all()
    assert session.query(Department).filter_by(name="TDs").one().members == [user]


# members ---------------------------------------------------------------
def test_members_default_to_empty():
    """A department may have no members."""
    assert make().members == []
    assert make(members=None).members == []


def test_members_in_constructor(users):
    """Members given are kept and their department is set."""
    department = make(members=users)
    assert department.members == users
    assert all(user.department is department for user in users)


def test_members_set_later(users):
    """A new members list replaces the old one on both sides."""
    department = make(members=users[:2])
    department.members = users[1:]
    assert department.members == users[1:]
    assert users[0].department is None
    assert users[2].department is department


def test_append_and_remove_member(users):
    """Appending a member sets its department; removing it clears it."""
    department = make()
    department.members.append(users[0])
    assert users[0].department is department
    department.members.remove(users[0])
    assert users[0].department is None


def test_user_department_fills_members(users):
    """Setting User.department appends the user to the members."""
    department = make()
    users[1].department = department
    users[0].department = department
    assert department.members == [users[1], users[0]]


def test_a_user_is_a_member_of_one_department(users):
    """Appending a member of another department moves it."""
    tds, modelers = make(name="TDs"), make(name="Modelers")
    tds.members.append(users[0])
    modelers.members.append(users[0])
    assert tds.members == []
    assert modelers.members == [users[0]]
    assert users[0].department is modelers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Ann",
            "Department.members should be a list of User instances, not str: 'Ann'",
        ),
        (3, "Department.members should be a list of User instances, not int: 3"),
        (
            ["Ann"],
            "Department.members should be a list of User instances, not str: 'Ann'",
        ),
        (
            [None],
            "Department.members should be a list of User instances, not NoneType: None",
        ),
    ],
)
def test_bad_members_in_constructor(value, expected):
    """Members that are not a list of User raise TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(members=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)


def test_single_user_is_not_a_members_list(users):
    """A User on its own is not a list of members."""
    with pytest.raises(ValidationTypeError) as error:
        make(members=users[0])
    assert str(error.value) == (
        f"Department.members should be a list of User instances, not User: {users[0]!r}"
    )


def test_bad_members_set_later(users):
    """Setting bad members later raises and keeps the old members."""
    department = make(members=users[:1])
    with pytest.raises(ValidationTypeError) as error:
        department.members = [users[1], Group(name="Leads")]
    assert str(error.value) == (
        "Department.members should be a list of User instances, not Group: <Group 'Leads'>"
    )
    assert department.members == users[:1]
    assert users[0].department is department


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Ann",
            "Department.members should be a list of User instances, not str: 'Ann'",
        ),
        (
            None,
            "Department.members should be a list of User instances, not NoneType: None",
        ),
    ],
)
def test_append_bad_member(users, value, expected):
    """Appending a non-User raises the same error and changes nothing."""
    department = make(members=users[:1])
    with pytest.raises(ValidationTypeError) as error:
        department.members.append(value)
    assert str(error.value) == expected
    assert department.members == users[:1]


def test_failed_department_leaves_users_alone(users):
    """A department whose construction fails does not keep its members."""
    with pytest.raises(ValidationTypeError):
        make(members=users[:1], lead="Ann")
    assert users[0].department is None


def test_repeated_member_is_refused(users):
    """A user is a member once: a repeat raises ValueError, always."""
    expected = (
        "Department.members should be a list of User instances without repeats, "
        f"not User: {users[0]!r}"
    )
    with pytest.raises(ValidationError) as error:
        make(members=[users[0], users[1], users[0]])
    assert str(error.value) == expected
    department = make(members=users[:1])
    with pytest.raises(ValidationError) as error:
        department.members = [users[0], users[0]]
    assert str(error.value) == expected
    with pytest.raises(ValidationError) as error:
        department.members.append(users[0])
    assert str(error.value) == expected
    assert department.members == users[:1]


# lead ------------------------------------------------------------------
def test_lead_defaults_to_none():
    """A department may have no lead (the tutorial makes one)."""
    assert make().lead is None


def test_lead_need_not_be_a_member(users):
    """The lead may belong to another department."""
    modelers = make(name="Modelers", members=[users[0]])
    tds = make(name="TDs", members=users[1:], lead=users[0])
    assert tds.lead is users[0]
    assert users[0].department is modelers
    assert users[0] not in tds.members


def test_lead_set_later(users):
    """The lead can be set, changed and cleared later."""
    department = make(members=users)
    department.lead = users[1]
    assert department.lead is users[1]
    department.lead = users[2]
    assert department.lead is users[2]
    department.lead = None
    assert department.lead is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ann", "Department.lead should be a User instance or None, not str: 'Ann'"),
        (1, "Department.lead should be a User instance or None, not int: 1"),
        ([], "Department.lead should be a User instance or None, not list: []"),
    ],
)
def test_bad_lead(users, value, expected):
    """A lead that is not a User raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(lead=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    department = make(lead=users[0])
    with pytest.raises(ValidationTypeError) as error:
        department.lead = value
    assert str(error.value) == expected
    assert department.lead is users[0]


def test_department_as_lead_is_refused():
    """Another Department is not a lead."""
    with pytest.raises(ValidationTypeError) as error:
        make(lead=make(name="Other"))
    assert str(error.value) == (
        "Department.lead should be a User instance or None, not Department: "
        "<Department 'Other'>"
    )


# persistence -----------------------------------------------------------
def test_department_round_trip(session, users):
    """Members and lead survive a commit and a reload, on both sides."""
    department = make(name="Lighting", members=users[:2], lead=users[2])
    session.commit()
    department_id = department.id
    session.expire_all()
    loaded = session.get(Department, department_id)
    assert loaded.name == "Lighting"
    assert loaded.members == users[:2]
    assert loaded.lead is users[2]
    assert users[0].department is loaded
    assert users[2].department is None


def test_department_without_lead_round_trip(session):
    """A department without lead or members can be saved."""
    department = make(name="Empty")
    session.commit()
    session.expire_all()
    assert department.lead is None
    assert department.members == []


def test_membership_changes_round_trip(session, users):
    """Moving a user between departments after a commit is saved."""
    tds, modelers = make(name="TDs", members=users), make(name="Modelers")
    session.commit()
    users[1].department = modelers
    tds.members.remove(users[2])
    session.commit()
    session.expire_all()
    assert tds.members == [users[0]]
    assert modelers.members == [users[1]]
    assert users[2].department is None


def test_lead_may_lead_own_department(session, users):
    """A member may also be the lead (the lead and members columns do not clash)."""
    department = make(members=users[:1], lead=users[0])
    session.commit()
    session.expire_all()
    assert department.lead is users[0]
    assert users[0].department is department


def test_deleting_a_department_keeps_its_users(session, users):
    """Deleting a department leaves its former members without department."""
    department = make(members=users[:2], lead=users[2])
    session.commit()
    session.delete(department)
    session.commit()
    session.expire_all()
    assert users[0].department is None
    assert session.get(User, users[0].id) is users[0]
