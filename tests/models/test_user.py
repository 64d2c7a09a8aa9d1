"""User: login name, e-mail, names, password, last login and the collections."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from factories import a_shot
from processes import python_lines
from sqlalchemy import select

from stalker import (
    Department,
    Entity,
    Group,
    Project,
    Sequence,
    Task,
    User,
    config,
)
from stalker.core.models.user import User as UserFromModule
from stalker.db import tables
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc
_numbers = itertools.count(1)


def make(**kwargs) -> User:
    """A valid User; each call gets a login name and e-mail of its own."""
    number = next(_numbers)
    kwargs.setdefault("login_name", f"user{number}")
    kwargs.setdefault("first_name", "Erkan Ozgur")
    kwargs.setdefault("email", f"user{number}@studio.com")
    kwargs.setdefault("password", "secret")
    return User(**kwargs)


def test_user_is_an_entity():
    """User extends Entity and is importable from the seed's module."""
    assert UserFromModule is User
    assert isinstance(make(), Entity)


def test_tutorial_user():
    """The tutorial's user keeps what was given."""
    user = User(
        first_name="Erkan Ozgur",
        last_name="Yilmaz",
        login_name="eoyilmaz",
        email="eoyilmaz@gmail.com",
        password="secret",
        description="This is me",
    )
    assert (user.first_name, user.last_name, user.login_name) == (
        "Erkan Ozgur",
        "Yilmaz",
        "eoyilmaz",
    )
    assert user.email == "eoyilmaz@gmail.com"
    assert user.description == "This is me"
    assert user.check_password("secret")


# login_name / name -----------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("eoyilmaz", "eoyilmaz"),
        ("EOYilmaz", "eoyilmaz"),
        ("  Ozgur \n", "ozgur"),
        ("e.o_yilmaz-2", "e.o_yilmaz-2"),
    ],
)
def test_login_name_is_lower_cased_and_stripped(value, expected):
    """login_name is stripped and lower-cased; name holds the same value."""
    user = make(login_name=value)
    assert user.login_name == expected
    assert user.name == expected


def test_name_alone_sets_login_name():
    """Giving only name sets login_name too."""
    user = make(login_name="", name="Ozgur")
    assert user.login_name == "ozgur"
    assert user.name == "ozgur"


def test_name_wins_over_login_name():
    """When both are given, name is used (seed)."""
    user = make(name="Winner", login_name="loser")
    assert user.login_name == "winner"
    assert user.name == "winner"


def test_name_none_means_not_given():
    """name=None does not hide the given login_name."""
    assert make(name=None, login_name="eoy").login_name == "eoy"


def test_code_and_nice_name_follow_login_name():
    """code and nice_name derive from the lower-cased login name."""
    user = make(login_name="EOYilmaz")
    assert user.nice_name == "eoyilmaz"
    assert user.code == "EOYILMAZ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "eo yilmaz",
            "User.login_name should be a string without white space, not str: 'eo yilmaz'",
        ),
        (
            "eo\tyilmaz",
            "User.login_name should be a string without white space, not str: 'eo\\tyilmaz'",
        ),
        (
            "eo\nyilmaz",
            "User.login_name should be a string without white space, not str: 'eo\\nyilmaz'",
        ),
        ("", "User.login_name should be a non-empty string, not str: ''"),
        ("   ", "User.login_name should be a non-empty string, not str: '   '"),
        (
            "1eoy",
            "User.login_name should be a string starting with a letter, not str: '1eoy'",
        ),
        (
            "_eoy",
            "User.login_name should be a string starting with a letter, not str: '_eoy'",
        ),
        (
            "e" * 257,
            "User.login_name should be a string of at most 256 characters, not str: '"
            + "e" * 76
            + "...",
        ),
    ],
)
def test_bad_login_name_value(value, expected):
    """A bad login_name raises ValueError, in the constructor and when set later."""
    with pytest.raises(ValidationError) as error:
        make(login_name=value)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    user = make(login_name="kept")
    with pytest.raises(ValidationError) as error:
        user.login_name = value
    assert str(error.value) == expected
    with pytest.raises(ValidationError) as error:
        user.name = value
    assert str(error.value) == expected
    assert user.login_name == "kept"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "User.login_name should be a non-empty string, not NoneType: None"),
        (42, "User.login_name should be a non-empty string, not int: 42"),
        (b"eoy", "User.login_name should be a non-empty string, not bytes: b'eoy'"),
        (["eoy"], "User.login_name should be a non-empty string, not list: ['eoy']"),
    ],
)
def test_bad_login_name_type(value, expected):
    """A login_name that is not a string raises TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(login_name=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    user = make(login_name="kept")
    with pytest.raises(ValidationTypeError) as error:
        user.login_name = value
    assert str(error.value) == expected
    assert user.name == "kept"


def test_login_name_is_required():
    """A User without any login name is refused."""
    with pytest.raises(ValidationError) as error:
        User(first_name="Ozgur", email="o@studio.com", password="secret")
    assert (
        str(error.value) == "User.login_name should be a non-empty string, not str: ''"
    )


def test_login_name_set_later():
    """Setting login_name or name later changes both."""
    user = make(login_name="first")
    user.login_name = "Second"
    assert (user.login_name, user.name, user.code) == ("second", "second", "SECOND")
    user.name = " THIRD "
    assert (user.login_name, user.name) == ("third", "third")


# email -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("eoyilmaz@gmail.com", "eoyilmaz@gmail.com"),
        ("  e.o+tag@studio.co.uk \n", "e.o+tag@studio.co.uk"),
        ("admin@localhost", "admin@localhost"),
    ],
)
def test_email(value, expected):
    """A local@domain e-mail is kept, stripped."""
    assert make(email=value).email == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "eoyilmaz",
            "User.email should be an e-mail address like local@domain, not str: 'eoyilmaz'",
        ),
        (
            "@gmail.com",
            "User.email should be an e-mail address like local@domain, not str: '@gmail.com'",
        ),
        (
            "eoy@",
            "User.email should be an e-mail address like local@domain, not str: 'eoy@'",
        ),
        (
            "e@o@y",
            "User.email should be an e-mail address like local@domain, not str: 'e@o@y'",
        ),
        (
            "e oy@x.com",
            "User.email should be an e-mail address like local@domain, not str: 'e oy@x.com'",
        ),
        ("", "User.email should be a non-empty string, not str: ''"),
        (" ", "User.email should be a non-empty string, not str: ' '"),
    ],
)
def test_bad_email_value(value, expected):
    """An e-mail not in local@domain form raises ValueError, always."""
    with pytest.raises(ValidationError) as error:
        make(email=value)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    user = make(email="kept@studio.com")
    with pytest.raises(ValidationError) as error:
        user.email = value
    assert str(error.value) == expected
    assert user.email == "kept@studio.com"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "User.email should be a non-empty string, not NoneType: None"),
        (3, "User.email should be a non-empty string, not int: 3"),
        (["a@b"], "User.email should be a non-empty string, not list: ['a@b']"),
    ],
)
def test_bad_email_type(value, expected):
    """An e-mail that is not a string raises TypeError and ValueError, always."""
    with pytest.raises(ValidationTypeError) as error:
        make(email=value)
    assert str(error.value) == expected
    user = make(email="kept@studio.com")
    with pytest.raises(ValidationTypeError) as error:
        user.email = value
    assert str(error.value) == expected
    assert user.email == "kept@studio.com"


def test_email_set_later():
    """A valid e-mail set later is kept."""
    user = make()
    user.email = " new@studio.com "
    assert user.email == "new@studio.com"


# first_name / last_name ------------------------------------------------
def test_first_name_keeps_inner_spaces_and_is_stripped():
    """first_name may hold a middle name; surrounding white space is removed."""
    assert make(first_name="  Erkan Ozgur ").first_name == "Erkan Ozgur"


def test_first_name_set_later():
    """A valid first_name set later is kept."""
    user = make()
    user.first_name = " Ozgur "
    assert user.first_name == "Ozgur"


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            "",
            ValidationError,
            "User.first_name should be a non-empty string, not str: ''",
        ),
        (
            " \t",
            ValidationError,
            "User.first_name should be a non-empty string, not str: ' \\t'",
        ),
        (
            None,
            ValidationTypeError,
            "User.first_name should be a non-empty string, not NoneType: None",
        ),
        (
            7,
            ValidationTypeError,
            "User.first_name should be a non-empty string, not int: 7",
        ),
        (
            "F" * 257,
            ValidationError,
            "User.first_name should be a string of at most 256 characters, not str: '"
            + "F" * 76
            + "...",
        ),
    ],
)
def test_bad_first_name(value, error_type, expected):
    """first_name is required: bad values raise in the constructor and later."""
    with pytest.raises(error_type) as error:
        make(first_name=value)
    assert str(error.value) == expected
    user = make(first_name="Kept")
    with pytest.raises(error_type) as error:
        user.first_name = value
    assert str(error.value) == expected
    assert user.first_name == "Kept"


def test_first_name_is_required():
    """A User made without first_name is refused."""
    with pytest.raises(ValidationError) as error:
        User(login_name="nofirst", email="n@studio.com", password="secret")
    assert (
        str(error.value) == "User.first_name should be a non-empty string, not str: ''"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  ", ""),
        (" Yilmaz ", "Yilmaz"),
        ("de la Cruz", "de la Cruz"),
    ],
)
def test_last_name_is_optional(value, expected):
    """last_name may be empty or None (kept as an empty string), and is stripped."""
    assert make(last_name=value).last_name == expected


def test_last_name_defaults_to_empty():
    """Without last_name, it is an empty string."""
    assert make().last_name == ""


def test_last_name_set_later():
    """last_name can be set and cleared later."""
    user = make()
    user.last_name = "Yilmaz"
    assert user.last_name == "Yilmaz"
    user.last_name = None
    assert user.last_name == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "User.last_name should be a string or None, not int: 5"),
        (["Yilmaz"], "User.last_name should be a string or None, not list: ['Yilmaz']"),
    ],
)
def test_bad_last_name(value, expected):
    """A last_name that is not a string raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(last_name=value)
    assert str(error.value) == expected
    user = make(last_name="Kept")
    with pytest.raises(ValidationTypeError) as error:
        user.last_name = value
    assert str(error.value) == expected
    assert user.last_name == "Kept"


# password --------------------------------------------------------------
def test_password_is_never_kept_raw():
    """Only a salted scrypt hash of the password is kept."""
    user = make(password="my secret")
    assert user.password != "my secret"
    assert "my secret" not in user.password
    assert user.password.startswith("scrypt$")


def test_same_password_gives_different_hashes():
    """Each hash has its own salt."""
    assert make(password="secret").password != make(password="secret").password


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [
        ("secret", True),
        ("Secret", False),
        ("secret ", False),
        ("", False),
        (None, False),
        (b"secret", False),
    ],
)
def test_check_password(attempt, expected):
    """check_password answers whether the raw password matches."""
    assert make(password="secret").check_password(attempt) is expected


def test_unicode_password():
    """Any character may be in a password."""
    user = make(password="şifre ğüı 🔑")
    assert user.check_password("şifre ğüı 🔑")
    assert not user.check_password("sifre gui")


def test_password_set_later_is_hashed():
    """A new password replaces the old one, hashed."""
    user = make(password="old")
    user.password = "new"
    assert "new" not in user.password
    assert user.check_password("new")
    assert not user.check_password("old")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "User.password should be a string or None, not int: 1234"),
        (b"pw", "User.password should be a string or None, not bytes: b'pw'"),
    ],
)
def test_bad_password(value, expected):
    """A password of the wrong type raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(password=value)
    assert str(error.value) == expected
    user = make(password="kept")
    with pytest.raises(ValidationTypeError) as error:
        user.password = value
    assert str(error.value) == expected
    assert user.check_password("kept")


@pytest.mark.parametrize(
    "given", [{}, {"password": ""}, {"password": None}], ids=["omitted", "", "None"]
)
def test_a_user_may_have_no_password(given, session):
    """Without a password a User is made and stored; no password matches it."""
    user = User(login_name="nopw", first_name="No", email="n@studio.com", **given)
    assert user.password is None
    session.commit()
    session.expire_all()
    assert user.password is None
    for attempt in ("", "secret", " "):
        assert not user.check_password(attempt)
    user.password = "now one"
    assert user.check_password("now one")


def test_an_empty_password_clears_it():
    """Setting the password to '' or None leaves the user without one."""
    user = make(password="secret")
    for value in ("", None):
        user.password = value
        assert user.password is None
        assert not user.check_password("secret")
        user.password = "secret"


def test_database_holds_only_the_hash(session):
    """The database row holds the hash, never the raw password."""
    user = make(password="top secret")
    session.commit()
    stored = session.execute(
        select(tables.users.c.password).where(tables.users.c.id == user.id)
    ).scalar_one()
    assert stored == user.password
    assert "top secret" not in stored
    session.expire_all()
    assert session.get(User, user.id).check_password("top secret")


# last_login ------------------------------------------------------------
def test_last_login_defaults_to_none():
    """A new user has not logged in."""
    assert make().last_login is None


def test_last_login_is_aware_utc():
    """last_login is kept as a timezone-aware UTC datetime."""
    naive = dt.datetime(2011, 1, 13, 18, 37)
    assert make(last_login=naive).last_login == naive.replace(tzinfo=UTC)
    istanbul = dt.timezone(dt.timedelta(hours=3))
    user = make(last_login=dt.datetime(2011, 1, 13, 21, 0, tzinfo=istanbul))
    assert user.last_login == dt.datetime(2011, 1, 13, 18, 0, tzinfo=UTC)
    assert user.last_login.tzinfo is UTC


def test_last_login_set_later():
    """last_login can be set and cleared later."""
    user = make()
    moment = dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    user.last_login = moment
    assert user.last_login == moment
    user.last_login = None
    assert user.last_login is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2011-01-13",
            "User.last_login should be a datetime or None, not str: '2011-01-13'",
        ),
        (
            1294943846,
            "User.last_login should be a datetime or None, not int: 1294943846",
        ),
    ],
)
def test_bad_last_login(value, expected):
    """A last_login that is not a datetime raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(last_login=value)
    assert str(error.value) == expected
    user = make()
    with pytest.raises(ValidationTypeError) as error:
        user.last_login = value
    assert str(error.value) == expected
    assert user.last_login is None


# department ------------------------------------------------------------
def test_department_defaults_to_none():
    """A user may have no department."""
    assert make().department is None


def test_department_in_constructor_adds_the_member():
    """The department given lists the user among its members."""
    department = Department(name="TDs")
    user = make(department=department)
    assert user.department is department
    assert department.members == [user]


def test_department_set_later_moves_the_user():
    """Changing the department moves the user from one members list to the other."""
    tds, modelers = Department(name="TDs"), Department(name="Modelers")
    user = make(department=tds)
    user.department = modelers
    assert tds.members == []
    assert modelers.members == [user]
    user.department = None
    assert modelers.members == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "TDs",
            "User.department should be a Department instance or None, not str: 'TDs'",
        ),
        ([], "User.department should be a Department instance or None, not list: []"),
    ],
)
def test_bad_department(value, expected):
    """A department that is not a Department raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(department=value)
    assert str(error.value) == expected
    department = Department(name="TDs")
    user = make(department=department)
    with pytest.raises(ValidationTypeError) as error:
        user.department = value
    assert str(error.value) == expected
    assert user.department is department
    assert department.members == [user]


def test_group_is_not_a_department():
    """A Group given as department is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make(department=Group(name="Leads"))
    assert str(error.value) == (
        "User.department should be a Department instance or None, not Group: "
        "<Group 'Leads'>"
    )


def test_failed_user_leaves_no_member_behind(session):
    """A user whose construction fails is not left in its department."""
    department = Department(name="TDs")
    with pytest.raises(ValidationTypeError):
        make(department=department, tasks=["not a task"])
    assert department.members == []
    session.commit()
    session.expire_all()
    assert department.members == []


# the collections -------------------------------------------------------
def _project(name: str = "Project") -> Project:
    return Project(name=name)


def _sequence(name: str = "Sequence") -> Sequence:
    return Sequence(name=name)


def _group(name: str = "Group") -> Group:
    return Group(name=name)


def _task(name: str = "Task") -> Task:
    return Task(task_of=a_shot(), name=name)


#: (attribute, element factory, element class name, how the element sees the user)
COLLECTIONS = [
    ("permission_groups", _group, "Group", lambda group, user: user in group.users),
    ("projects", _project, "Project", lambda project, user: user in project.users),
    ("projects_lead", _project, "Project", lambda project, user: project.lead is user),
    ("sequences_lead", _sequence, "Sequence", lambda seq, user: seq.lead is user),
    ("tasks", _task, "Task", lambda task, user: user in task.resources),
]
COLLECTION_IDS = [row[0] for row in COLLECTIONS]


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_collection_defaults_to_empty(attr, factory, cls_name, sees):
    """Each collection starts empty."""
    assert getattr(make(), attr) == []
    assert getattr(make(**{attr: None}), attr) == []


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_collection_in_constructor(attr, factory, cls_name, sees):
    """Elements given to the constructor are kept and see the user on their side."""
    elements = [factory("First"), factory("Second")]
    user = make(**{attr: elements})
    assert getattr(user, attr) == elements
    assert all(sees(element, user) for element in elements)


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_collection_set_later(attr, factory, cls_name, sees):
    """A list set later replaces the elements, on both sides."""
    old, new = factory("Old"), factory("New")
    user = make(**{attr: [old]})
    setattr(user, attr, [new])
    assert getattr(user, attr) == [new]
    assert sees(new, user)
    assert not sees(old, user)


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_collection_append(attr, factory, cls_name, sees):
    """An element appended later sees the user on its side."""
    user = make()
    element = factory("Appended")
    getattr(user, attr).append(element)
    assert sees(element, user)
    getattr(user, attr).remove(element)
    assert not sees(element, user)


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
@pytest.mark.parametrize(
    ("value", "shown"), [("x", "str: 'x'"), ([1], "int: 1"), ([None], "NoneType: None")]
)
def test_bad_collection_in_constructor(attr, factory, cls_name, sees, value, shown):
    """A collection that is not a list of the right class raises TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert (
        str(error.value)
        == f"User.{attr} should be a list of {cls_name} instances, not {shown}"
    )
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_bad_collection_set_later(attr, factory, cls_name, sees):
    """Setting a bad collection later raises and keeps the old elements."""
    element = factory("Kept")
    user = make(**{attr: [element]})
    with pytest.raises(ValidationTypeError) as error:
        setattr(user, attr, [element, "x"])
    assert (
        str(error.value)
        == f"User.{attr} should be a list of {cls_name} instances, not str: 'x'"
    )
    assert getattr(user, attr) == [element]
    assert sees(element, user)


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_append_bad_element(attr, factory, cls_name, sees):
    """Appending a wrong element raises the same error and changes nothing."""
    user = make()
    with pytest.raises(ValidationTypeError) as error:
        getattr(user, attr).append("x")
    assert (
        str(error.value)
        == f"User.{attr} should be a list of {cls_name} instances, not str: 'x'"
    )
    assert getattr(user, attr) == []


@pytest.mark.parametrize(
    ("attr", "factory", "cls_name", "sees"), COLLECTIONS, ids=COLLECTION_IDS
)
def test_repeated_element_is_refused(attr, factory, cls_name, sees):
    """An element is in a collection once: a repeat raises ValueError, always."""
    element = factory("Once")
    expected = (
        f"User.{attr} should be a list of {cls_name} instances without repeats, "
        f"not {cls_name}: {element!r}"
    )
    with pytest.raises(ValidationError) as error:
        make(**{attr: [element, element]})
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    user = make(**{attr: [element]})
    with pytest.raises(ValidationError) as error:
        getattr(user, attr).append(element)
    assert str(error.value) == expected
    assert getattr(user, attr) == [element]


def test_wrong_entity_in_collection():
    """A Sequence is not a Project, a Project not a Task."""
    with pytest.raises(ValidationTypeError) as error:
        make(projects=[_sequence("Seq")])
    assert str(error.value) == (
        "User.projects should be a list of Project instances, not Sequence: <Sequence 'Seq'>"
    )
    user = make()
    with pytest.raises(ValidationTypeError) as error:
        user.tasks.append(_project("Proj"))
    assert str(error.value) == (
        "User.tasks should be a list of Task instances, not Project: <Project 'Proj'>"
    )


def test_other_sides_fill_the_user_collections():
    """Setting the other side fills the user's collections."""
    user = make()
    group, project, led, sequence, task = (
        _group(),
        _project("Worked On"),
        _project("Led"),
        _sequence(),
        _task(),
    )
    group.users.append(user)
    project.users.append(user)
    led.lead = user
    sequence.lead = user
    task.resources.append(user)
    assert user.permission_groups == [group]
    assert user.projects == [project]
    assert user.projects_lead == [led]
    assert user.sequences_lead == [sequence]
    assert user.tasks == [task]


def test_lead_moves_between_users():
    """A project led by another user leaves the first one's projects_lead."""
    first, second = make(), make()
    project = _project()
    project.lead = first
    project.lead = second
    assert first.projects_lead == []
    assert second.projects_lead == [project]


# persistence -----------------------------------------------------------
def test_user_round_trip(session):
    """A user with every field set survives a commit and a reload."""
    department = Department(name="TDs")
    group, project, led, sequence, task = (
        _group("Leads"),
        _project("Worked On"),
        _project("Led"),
        _sequence("Seq"),
        _task("Rig"),
    )
    last_login = dt.datetime(2024, 5, 1, 9, 30, 15, 250000, tzinfo=UTC)
    user = User(
        login_name="EOYilmaz",
        first_name="Erkan Ozgur",
        last_name="Yilmaz",
        email="eoyilmaz@gmail.com",
        password="secret",
        description="This is me",
        department=department,
        permission_groups=[group],
        projects=[project],
        projects_lead=[led],
        sequences_lead=[sequence],
        tasks=[task],
        last_login=last_login,
    )
    session.commit()
    user_id, hashed = user.id, user.password
    session.expire_all()
    loaded = session.get(User, user_id)
    assert (loaded.login_name, loaded.name, loaded.code) == (
        "eoyilmaz",
        "eoyilmaz",
        "EOYILMAZ",
    )
    assert (loaded.first_name, loaded.last_name, loaded.email) == (
        "Erkan Ozgur",
        "Yilmaz",
        "eoyilmaz@gmail.com",
    )
    assert loaded.description == "This is me"
    assert loaded.password == hashed
    assert loaded.check_password("secret")
    assert loaded.last_login == last_login
    assert loaded.last_login.tzinfo is UTC
    assert loaded.department is department
    assert department.members == [loaded]
    assert loaded.permission_groups == [group]
    assert group.users == [loaded]
    assert loaded.projects == [project]
    assert project.users == [loaded]
    assert loaded.projects_lead == [led]
    assert led.lead is loaded
    assert loaded.sequences_lead == [sequence]
    assert sequence.lead is loaded
    assert loaded.tasks == [task]
    assert task.resources == [loaded]


def test_query_by_login_name_and_name(session):
    """Users can be found by login_name and by name alike."""
    user = make(login_name="Findme")
    session.commit()
    session.expire_all()
    assert session.query(User).filter(User.login_name == "findme").one() is user
    assert session.query(User).filter(User.name == "findme").one() is user
    assert session.query(User).filter_by(login_name="findme").one() is user


def test_renaming_round_trips(session):
    """A login name changed after a commit is saved, name and login_name alike."""
    user = make(login_name="before")
    session.commit()
    user.login_name = "After"
    session.commit()
    session.expire_all()
    assert (user.login_name, user.name) == ("after", "after")
    assert session.query(User).filter_by(login_name="after").one() is user


def test_admin_exists(session):
    """db.setup() created the admin user, whose password is hashed too."""
    admin = session.query(User).filter_by(login_name="admin").one()
    assert admin.first_name == "admin"
    assert admin.check_password(config.settings.admin_password)
    assert admin.password != config.settings.admin_password


def test_duplicate_login_name_is_refused_and_rolled_back(session):
    """A second user with a taken login name is refused; the session goes on."""
    from stalker.exceptions import DuplicateError

    make(login_name="twin")
    session.commit()
    with pytest.raises(DuplicateError):
        make(login_name="TWIN")
    session.commit()
    assert session.query(User).filter_by(login_name="twin").count() == 1


def test_repr():
    """repr shows the class and the login name."""
    assert repr(make(login_name="EOYilmaz")) == "<User 'eoyilmaz'>"


# look-alike login names and e-mails ---------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "\u043ezgur",
            "a string whose letters are of one script, not str: '\u043ezgur'",
        ),
        (
            "\uff4f\uff5a\uff47\uff55\uff52",
            "a string without compatibility characters such as full-width or "
            "styled letters, not str: '\uff4f\uff5a\uff47\uff55\uff52'",
        ),
        (
            "oz\u200bgur",
            "a string without invisible or direction-changing characters, "
            "not str: 'oz\\u200bgur'",
        ),
        (
            "admin\u202etxt",
            "a string without invisible or direction-changing characters, "
            "not str: 'admin\\u202etxt'",
        ),
        (
            "ozgur\x01",
            "a string without invisible or direction-changing characters, "
            "not str: 'ozgur\\x01'",
        ),
        (
            "oz\u3164gur",
            "a string without invisible or direction-changing characters, "
            "not str: 'oz\u3164gur'",
        ),
        (
            "ozg\u00fcr\u2764",
            "a string whose characters beyond ASCII are letters, marks or "
            "digits, not str: 'ozg\u00fcr\u2764'",
        ),
    ],
    ids=[
        "cyrillic-o",
        "full-width",
        "zero-width-space",
        "right-to-left-override",
        "control",
        "hangul-filler",
        "symbol",
    ],
)
def test_look_alike_login_names_are_refused(value, expected):
    """Mixed scripts, compatibility, invisible and bidi characters are refused."""
    with pytest.raises(ValidationError) as error:
        make(login_name=value)
    assert str(error.value) == f"User.login_name should be {expected}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\u00d6zg\u00fcr", "\u00f6zg\u00fcr"),
        ("o\u0308zgu\u0308r", "\u00f6zg\u00fcr"),
        ("\u0438\u0432\u0430\u043d", "\u0438\u0432\u0430\u043d"),
        ("\u5c71\u7530\u305f\u308d\u3046", "\u5c71\u7530\u305f\u308d\u3046"),
        ("kim\ud55c\uad6d", "kim\ud55c\uad6d"),
        ("o.yilmaz-2", "o.yilmaz-2"),
    ],
    ids=["turkish", "decomposed", "cyrillic", "japanese", "latin-hangul", "ascii"],
)
def test_names_of_one_script_are_accepted_in_nfc(value, expected):
    """Names in one script (or Latin with CJK scripts) are kept, composed."""
    assert make(login_name=value).login_name == expected


def test_lower_casing_may_not_make_a_login_name_too_long():
    """'\u0130' lower-cases to two characters: the stored name is what counts."""
    with pytest.raises(ValidationError) as error:
        make(login_name="\u0130" * 256)
    assert str(error.value).startswith(
        "User.login_name should be a string of at most 256 characters in lower "
        "case, not str: '"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "\u043ezgur@studio.com",
            "a string whose letters are of one script, not str: "
            "'\u043ezgur@studio.com'",
        ),
        (
            "ozgur@st\u0443dio.com",
            "a string whose letters are of one script, not str: "
            "'ozgur@st\u0443dio.com'",
        ),
        (
            "ozgur@studio\u200b.com",
            "a string without invisible or direction-changing characters, "
            "not str: 'ozgur@studio\\u200b.com'",
        ),
        (
            "ozgur@\uff53tudio.com",
            "a string without compatibility characters such as full-width or "
            "styled letters, not str: 'ozgur@\uff53tudio.com'",
        ),
    ],
    ids=["cyrillic-local", "cyrillic-domain", "zero-width", "full-width"],
)
def test_look_alike_emails_are_refused(value, expected):
    """E-mails follow the login names' rules, one script per part."""
    with pytest.raises(ValidationError) as error:
        make(email=value)
    assert str(error.value) == f"User.email should be {expected}"


def test_each_part_of_an_email_may_have_its_own_script():
    """A Cyrillic local part at a Latin domain is one script per part."""
    email = "\u0438\u0432\u0430\u043d@studio.com"
    assert make(email=email).email == email


_PLAIN_NAMES = """
import sys
from stalker import User
User(login_name="ozgur", first_name="Ozgur", email="o@studio.com")
print("confusable_homoglyphs" in sys.modules)
User(login_name="\\u00f6zg\\u00fcr", first_name="Ozgur", email="oz@studio.com")
print("confusable_homoglyphs" in sys.modules)
"""


def test_plain_ascii_names_need_no_unicode_tables():
    """The script tables are loaded for non-ASCII names only."""
    assert python_lines(_PLAIN_NAMES) == ["False", "True"]
