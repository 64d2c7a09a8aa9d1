"""Group: a permission group; users is the other side of User.permission_groups."""

from __future__ import annotations

import itertools

import pytest

from stalker import Department, Entity, Group, User
from stalker.core.models.group import Group as GroupFromModule
from stalker.exceptions import ValidationError, ValidationTypeError

_numbers = itertools.count(1)


def make_user() -> User:
    number = next(_numbers)
    return User(
        login_name=f"grouped{number}",
        first_name="Grouped",
        email=f"grouped{number}@studio.com",
        password="secret",
    )


def make(**kwargs) -> Group:
    kwargs.setdefault("name", "Leads")
    return Group(**kwargs)


@pytest.fixture
def users() -> list[User]:
    return [make_user(), make_user(), make_user()]


def test_group_is_an_entity():
    """Group extends Entity and is importable from the seed's module."""
    assert GroupFromModule is Group
    group = make(description="the leads of the studio")
    assert isinstance(group, Entity)
    assert group.code == "LEADS"


def test_group_needs_a_name():
    """A Group without a name is refused."""
    with pytest.raises(ValidationTypeError) as error:
        Group()
    assert (
        str(error.value)
        == "Group.name should be a non-empty string, not NoneType: None"
    )
    with pytest.raises(ValidationError) as error:
        Group(name=" ")
    assert str(error.value) == "Group.name should be a non-empty string, not str: ' '"


def test_users_default_to_empty():
    """A new group has no users."""
    assert make().users == []
    assert make(users=None).users == []


def test_users_in_constructor(users):
    """The users given are kept and list the group in their permission_groups."""
    group = make(users=users[:2])
    assert group.users == users[:2]
    assert users[0].permission_groups == [group]
    assert users[2].permission_groups == []


def test_users_set_later(users):
    """A new users list replaces the old one on both sides."""
    group = make(users=users[:2])
    group.users = users[1:]
    assert group.users == users[1:]
    assert users[0].permission_groups == []
    assert users[2].permission_groups == [group]


def test_append_and_remove_user(users):
    """Appending a user adds the group to its permission_groups; removing takes it out."""
    group = make()
    group.users.append(users[0])
    assert users[0].permission_groups == [group]
    group.users.remove(users[0])
    assert users[0].permission_groups == []


def test_user_in_many_groups(users):
    """A user may be in several groups, each listing it."""
    leads, admins = make(name="Leads"), make(name="Admins")
    users[0].permission_groups = [leads, admins]
    assert leads.users == [users[0]]
    assert admins.users == [users[0]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("admin", "Group.users should be a list of User instances, not str: 'admin'"),
        (1, "Group.users should be a list of User instances, not int: 1"),
        ([1], "Group.users should be a list of User instances, not int: 1"),
        ([None], "Group.users should be a list of User instances, not NoneType: None"),
    ],
)
def test_bad_users_in_constructor(value, expected):
    """Users that are not a list of User raise TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(users=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)


def test_other_entity_in_users_is_refused():
    """A Department among the users is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make(users=[Department(name="TDs")])
    assert str(error.value) == (
        "Group.users should be a list of User instances, not Department: "
        "<Department 'TDs'>"
    )


def test_bad_users_set_later(users):
    """Setting bad users later raises and keeps the old users."""
    group = make(users=users[:1])
    with pytest.raises(ValidationTypeError) as error:
        group.users = [users[1], "x"]
    assert (
        str(error.value)
        == "Group.users should be a list of User instances, not str: 'x'"
    )
    assert group.users == users[:1]
    assert users[1].permission_groups == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "Group.users should be a list of User instances, not str: 'x'"),
        (None, "Group.users should be a list of User instances, not NoneType: None"),
    ],
)
def test_append_bad_user(users, value, expected):
    """Appending a non-User raises the same error and changes nothing."""
    group = make(users=users[:1])
    with pytest.raises(ValidationTypeError) as error:
        group.users.append(value)
    assert str(error.value) == expected
    assert group.users == users[:1]


def test_repeated_user_is_refused(users):
    """A user is in a group once: a repeat raises ValueError, always."""
    expected = (
        "Group.users should be a list of User instances without repeats, "
        f"not User: {users[1]!r}"
    )
    with pytest.raises(ValidationError) as error:
        make(users=[users[1], users[1]])
    assert str(error.value) == expected
    group = make(users=users[1:2])
    with pytest.raises(ValidationError) as error:
        group.users.append(users[1])
    assert str(error.value) == expected
    assert group.users == users[1:2]
    assert users[1].permission_groups == [group]


def test_group_round_trip(session, users):
    """A group and its users survive a commit and a reload, on both sides."""
    group = make(name="Supervisors", users=users[:2])
    session.commit()
    group_id = group.id
    session.expire_all()
    loaded = session.get(Group, group_id)
    assert loaded.name == "Supervisors"
    assert sorted(u.id for u in loaded.users) == sorted(u.id for u in users[:2])
    assert users[0].permission_groups == [loaded]
    assert users[2].permission_groups == []


def test_group_membership_changes_round_trip(session, users):
    """Changes of membership after a commit are saved."""
    group = make(users=users[:2])
    session.commit()
    group.users.remove(users[0])
    users[2].permission_groups.append(group)
    session.commit()
    session.expire_all()
    assert sorted(u.id for u in group.users) == sorted(u.id for u in users[1:])
    assert users[0].permission_groups == []


def test_find_members_of_a_group_by_name(session, users):
    """The users of a group can be found through the group's name."""
    make(name="Leads", users=[users[1]])
    session.commit()
    found = session.query(Group).filter_by(name="Leads").one().users
    assert found == [users[1]]


def test_deleting_a_group_keeps_its_users(session, users):
    """Deleting a group removes it from its users, who remain."""
    group = make(users=users[:2])
    session.commit()
    session.delete(group)
    session.commit()
    session.expire_all()
    assert users[0].permission_groups == []
    assert session.get(User, users[0].id) is users[0]
