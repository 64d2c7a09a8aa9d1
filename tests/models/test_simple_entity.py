"""SimpleEntity: name, code, nice_name, description and the audit fields."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import SimpleEntity, User
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc


def make(**kwargs) -> SimpleEntity:
    kwargs.setdefault("name", "Test Entity")
    return SimpleEntity(**kwargs)


def test_name_is_stripped():
    """Surrounding white space of the name is removed."""
    assert make(name="  Fancy Commercial \n").name == "Fancy Commercial"


def test_name_set_later_is_validated():
    """Setting a valid name later keeps it; setting a bad one raises."""
    entity = make()
    entity.name = " Another "
    assert entity.name == "Another"
    with pytest.raises(ValidationError) as error:
        entity.name = "1st"
    assert str(error.value) == (
        "SimpleEntity.name should be a string starting with a letter, not str: '1st'"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "SimpleEntity.name should be a non-empty string, not str: ''"),
        ("   ", "SimpleEntity.name should be a non-empty string, not str: '   '"),
        (
            "_x",
            "SimpleEntity.name should be a string starting with a letter, not str: '_x'",
        ),
        (
            "9lives",
            "SimpleEntity.name should be a string starting with a letter, not str: '9lives'",
        ),
        (
            "a" * 257,
            "SimpleEntity.name should be a string of at most 256 characters, not str: '"
            + "a" * 76
            + "...",
        ),
        (
            "nul\x00",
            "SimpleEntity.name should be a non-empty string without NUL characters, "
            "not str: 'nul\\x00'",
        ),
    ],
)
def test_bad_name_value_in_constructor(value, expected):
    """A bad name given to the constructor raises ValueError with the whole story."""
    with pytest.raises(ValidationError) as error:
        make(name=value)
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)


@pytest.mark.parametrize("value", [None, 12, 1.5, ["name"], b"name"])
def test_bad_name_type_in_constructor(value):
    """A name that is not a string raises an error both TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(name=value)
    assert isinstance(error.value, TypeError)
    assert isinstance(error.value, ValueError)
    assert str(error.value).startswith(
        "SimpleEntity.name should be a non-empty string, not "
    )


@pytest.mark.parametrize("value", [None, 12, ["name"]])
def test_bad_name_type_set_later(value):
    """Setting a non-string name later raises and keeps the old name."""
    entity = make()
    with pytest.raises(ValidationTypeError):
        entity.name = value
    assert entity.name == "Test Entity"


@pytest.mark.parametrize(
    ("name", "nice_name"),
    [
        ("Fancy Commercial", "fancy_commercial"),
        ("CamelCaseName", "camel_case_name"),
        ("HTTPServer Setup", "http_server_setup"),
        ("Shot  1 -- final", "shot_1_final"),
        ("SH001", "sh001"),
        ("Olum", "olum"),
        ("Prensesin Uykusu", "prensesin_uykusu"),
        ("a.b/c\\d", "a_b_c_d"),
    ],
)
def test_nice_name(name, nice_name):
    """nice_name is lower case, splits CamelCase and joins words with one underscore."""
    assert make(name=name).nice_name == nice_name


def test_nice_name_is_read_only():
    """nice_name cannot be set."""
    entity = make()
    with pytest.raises(AttributeError):
        entity.nice_name = "other"


def test_code_defaults_to_upper_nice_name():
    """Without a code, it is nice_name in upper case."""
    assert make(name="Fancy Commercial").code == "FANCY_COMMERCIAL"


def test_code_given_is_kept_and_stripped():
    """A given code is kept (stripped)."""
    assert make(name="Sequence 1", code=" SEQ1 ").code == "SEQ1"


def test_empty_code_set_later_is_refused():
    """Only the constructor derives for ""; setting an empty code later is refused."""
    entity = make(name="Fancy Commercial")
    with pytest.raises(ValidationError) as error:
        entity.code = ""
    assert str(error.value) == (
        "SimpleEntity.code should be a non-empty string, not str: ''"
    )
    assert entity.code == "FANCY_COMMERCIAL"


def test_renaming_a_new_object_derives_its_code_again():
    """A new object's derived code follows its name (seed)."""
    entity = make(name="Sequence 1")
    entity.name = "Sequence Two"
    assert entity.code == "SEQUENCE_TWO"


@pytest.mark.parametrize("code", [None, ""])
def test_no_code_or_an_empty_one_means_derive_it(code):
    """code=None and code="" both derive the code, which then follows the name."""
    entity = make(name="Sequence 1", code=code)
    assert entity.code == "SEQUENCE_1"
    entity.name = "Sequence Two"
    assert entity.code == "SEQUENCE_TWO"


def test_a_code_given_explicitly_stays_put_on_rename():
    """Files are named after codes: a given code never changes by itself."""
    entity = make(name="Sequence 1", code="SEQ1")
    entity.name = "Sequence Two"
    assert entity.code == "SEQ1"
    later = make(name="Sequence 1")
    later.code = "SQ1"
    later.name = "Sequence Two"
    assert later.code == "SQ1"


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            "  ",
            ValidationError,
            "SimpleEntity.code should be a non-empty string, not str: '  '",
        ),
        (
            12,
            ValidationTypeError,
            "SimpleEntity.code should be a non-empty string, not int: 12",
        ),
    ],
)
def test_bad_code(value, error_type, expected):
    """A bad code raises when set (the constructor takes "" as derive it)."""
    entity = make()
    with pytest.raises(error_type) as error:
        entity.code = value
    assert str(error.value) == expected
    with pytest.raises(ValidationTypeError):
        make(code=12)


def test_description_defaults_to_empty_and_is_stripped():
    """The description is optional, stripped, and None means empty."""
    assert make().description == ""
    assert make(description="  about it \n").description == "about it"
    entity = make(description="x")
    entity.description = None
    assert entity.description == ""


def test_bad_description_type():
    """A non-string description raises in the constructor and when set later."""
    with pytest.raises(ValidationTypeError) as error:
        make(description=3)
    assert str(error.value) == (
        "SimpleEntity.description should be a string or None, not int: 3"
    )
    entity = make()
    with pytest.raises(ValidationTypeError):
        entity.description = ["text"]


def test_dates_are_taken_at_construction_in_utc():
    """date_created and date_updated are aware UTC datetimes of construction time."""
    before = dt.datetime.now(UTC)
    first = make()
    second = make()
    after = dt.datetime.now(UTC)
    assert before <= first.date_created <= second.date_created <= after
    assert first.date_created.tzinfo is UTC
    assert first.date_updated == first.date_created


def test_naive_dates_are_taken_as_utc():
    """A naive datetime is read as UTC; an aware one is converted to UTC."""
    naive = dt.datetime(2011, 1, 13, 18, 37)
    entity = make(date_created=naive)
    assert entity.date_created == naive.replace(tzinfo=UTC)
    istanbul = dt.timezone(dt.timedelta(hours=3))
    entity.date_updated = dt.datetime(2011, 1, 13, 22, 0, tzinfo=istanbul)
    assert entity.date_updated == dt.datetime(2011, 1, 13, 19, 0, tzinfo=UTC)
    assert entity.date_updated.tzinfo is UTC


def test_date_updated_cannot_precede_date_created():
    """date_updated before date_created is refused, in the constructor and later."""
    created = dt.datetime(2020, 1, 2, tzinfo=UTC)
    with pytest.raises(ValidationError) as error:
        make(date_created=created, date_updated=dt.datetime(2020, 1, 1, tzinfo=UTC))
    assert str(error.value) == (
        "SimpleEntity.date_updated should be a datetime not before date_created, "
        "not datetime: datetime.datetime(2020, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)"
    )
    entity = make(date_created=created)
    with pytest.raises(ValidationError):
        entity.date_updated = dt.datetime(2019, 12, 31, tzinfo=UTC)


@pytest.mark.parametrize("attr", ["date_created", "date_updated"])
def test_bad_date_type(attr):
    """A date given as text raises in the constructor and when set later."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: "2011-01-13"})
    assert (
        str(error.value)
        == f"SimpleEntity.{attr} should be a datetime, not str: '2011-01-13'"
    )
    entity = make()
    with pytest.raises(ValidationTypeError):
        setattr(entity, attr, 20110113)


def test_created_by_and_updated_by(session):
    """created_by takes a User; updated_by defaults to it."""
    user = User(login_name="ozgur", first_name="Ozgur", email="o@s.com", password="x")
    entity = make(created_by=user)
    assert entity.created_by is user
    assert entity.updated_by is user
    entity.updated_by = None
    assert entity.updated_by is None


@pytest.mark.parametrize("attr", ["created_by", "updated_by"])
def test_bad_user_type(attr):
    """A non-User in created_by/updated_by raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: "admin"})
    assert str(error.value) == (
        f"SimpleEntity.{attr} should be a User instance or None, not str: 'admin'"
    )
    entity = make()
    with pytest.raises(ValidationTypeError):
        setattr(entity, attr, 1)


def test_unknown_argument_is_refused():
    """An unknown keyword argument names the class and the argument."""
    with pytest.raises(ValidationTypeError) as error:
        make(colour="red", size=3)
    assert (
        str(error.value)
        == "SimpleEntity() got unexpected keyword arguments: colour, size"
    )


def test_repr_names_class_and_name():
    """repr shows the class and the name."""
    assert repr(make(name="Fancy")) == "<SimpleEntity 'Fancy'>"
