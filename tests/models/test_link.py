"""Link: a file, file sequence, folder or web page, and its LinkType."""

from __future__ import annotations

import pytest

from stalker import AssetType, Entity, Link, LinkType, db
from stalker.exceptions import ValidationError, ValidationTypeError


@pytest.fixture
def image() -> LinkType:
    return LinkType(name="Image")


@pytest.fixture
def make(image):
    def make(**kwargs) -> Link:
        kwargs.setdefault("name", "Plate")
        kwargs.setdefault("path", "/mnt/S/PU/plates")
        kwargs.setdefault("filename", "sh001_plate.####.dpx")
        kwargs.setdefault("type", image)
        return Link(**kwargs)

    return make


def test_attributes(make, image):
    """A link keeps its path, filename and type."""
    link = make()
    assert isinstance(link, Entity)
    assert link.path == "/mnt/S/PU/plates"
    assert link.filename == "sh001_plate.####.dpx"
    assert link.type is image


def test_web_page(make):
    """A link may point at a web page."""
    page = make(path="https://example.com/reference", filename="index.html")
    assert page.path == "https://example.com/reference"


def test_name_is_required(image):
    """A link is not named automatically: a name is required."""
    with pytest.raises(ValidationTypeError) as error:
        Link(path="/mnt/S", filename="a.exr", type=image)
    assert (
        str(error.value) == "Link.name should be a non-empty string, not NoneType: None"
    )


# path and filename -------------------------------------------------------------------
@pytest.mark.parametrize("attr", ["path", "filename"])
def test_path_and_filename_are_stripped(make, attr):
    """path and filename are stripped of surrounding white space."""
    link = make(**{attr: "  sh001.#.exr\n"})
    assert getattr(link, attr) == "sh001.#.exr"


@pytest.mark.parametrize(
    ("attr", "value"), [("path", "/other/place"), ("filename", "other.####.exr")]
)
def test_path_and_filename_set_later(make, attr, value):
    """Setting a path or filename later keeps it."""
    link = make()
    setattr(link, attr, value)
    assert getattr(link, attr) == value


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("M:\\PROJECTS\\PU\\plates", "M:/PROJECTS/PU/plates"),
        ("\\\\server\\share\\plates", "//server/share/plates"),
        ("/mnt/S/PU\\plates", "/mnt/S/PU/plates"),
    ],
)
def test_backslashes_in_path_become_forward_slashes(make, given, stored):
    """A path given with backslashes is stored with '/', in the constructor and later."""
    assert make(path=given).path == stored
    link = make()
    link.path = given
    assert link.path == stored


def test_path_with_a_control_character_is_refused(make):
    """A path holding a control character (a tab here) is refused."""
    with pytest.raises(ValidationError) as error:
        make(path="/mnt/S/a\tb")
    assert str(error.value) == (
        "Link.path should be a path without control characters, not str: '/mnt/S/a\\tb'"
    )


@pytest.mark.parametrize(
    ("filename", "problem"),
    [
        ("../../etc/passwd", "with a '..' component"),
        ("renders/a.exr", "with a '/' in a single file or folder name"),
        ("a.exr.", "with 'a.exr.', which ends with a dot or space (Windows drops it)"),
        ("CON.exr", "with 'CON.exr', a Windows device name"),
        ("a?.exr", "with '?', which Windows forbids in 'a?.exr'"),
    ],
)
def test_filename_is_one_name_valid_on_every_os(make, filename, problem):
    """A filename is checked like a rendered one: a single name Windows can hold."""
    with pytest.raises(ValidationError) as error:
        make(filename=filename)
    assert str(error.value) == (
        f"Link.filename should be a file name valid on every OS (not one {problem}), "
        f"not str: {filename!r}"
    )
    link = make()
    with pytest.raises(ValidationError):
        link.filename = filename
    assert link.filename == "sh001_plate.####.dpx"


BAD_TEXT = [
    ("", ValidationError, "a non-empty string, not str: ''"),
    ("  ", ValidationError, "a non-empty string, not str: '  '"),
    (None, ValidationTypeError, "a non-empty string, not NoneType: None"),
    (3, ValidationTypeError, "a non-empty string, not int: 3"),
    (["a"], ValidationTypeError, "a non-empty string, not list: ['a']"),
    (
        "a\x00b",
        ValidationError,
        "a non-empty string without NUL characters, not str: 'a\\x00b'",
    ),
    (
        "p" * 1025,
        ValidationError,
        "a string of at most 1024 characters, not str: '" + "p" * 76 + "...",
    ),
]


@pytest.mark.parametrize("attr", ["path", "filename"])
@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_TEXT)
def test_bad_path_or_filename_in_constructor(make, attr, value, error_type, expected):
    """An empty or non-string path or filename raises in the constructor."""
    with pytest.raises(error_type) as error:
        make(**{attr: value})
    assert str(error.value) == f"Link.{attr} should be {expected}"
    assert isinstance(error.value, TypeError) == (error_type is ValidationTypeError)


@pytest.mark.parametrize("attr", ["path", "filename"])
@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_TEXT)
def test_bad_path_or_filename_set_later(make, attr, value, error_type, expected):
    """Setting an empty or non-string path or filename raises and keeps the old one."""
    link = make(**{attr: "kept"})
    with pytest.raises(error_type) as error:
        setattr(link, attr, value)
    assert str(error.value) == f"Link.{attr} should be {expected}"
    assert getattr(link, attr) == "kept"


# type ------------------------------------------------------------------------------------
def test_type_set_later(make):
    """Setting another LinkType later keeps it."""
    link = make()
    movie = LinkType(name="Movie")
    link.type = movie
    assert link.type is movie


BAD_TYPES = [
    (None, "NoneType: None"),
    ("Image", "str: 'Image'"),
    ("asset type", "AssetType: <AssetType 'Character'>"),
]


def _type_value(value):
    return AssetType(name="Character") if value == "asset type" else value


@pytest.mark.parametrize(("value", "shown"), BAD_TYPES)
def test_bad_type_in_constructor(make, value, shown):
    """A type that is not a LinkType (None included) raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(type=_type_value(value))
    assert str(error.value) == f"Link.type should be a LinkType instance, not {shown}"


@pytest.mark.parametrize(("value", "shown"), BAD_TYPES)
def test_bad_type_set_later(make, image, value, shown):
    """Setting a type that is not a LinkType raises and keeps the old one."""
    link = make()
    with pytest.raises(ValidationTypeError) as error:
        link.type = _type_value(value)
    assert str(error.value) == f"Link.type should be a LinkType instance, not {shown}"
    assert link.type is image


# persistence ------------------------------------------------------------------------------
def test_round_trip(session, make, image):
    """A committed link reads back with its path, filename and type."""
    link = make(name="Plate SH001", path="/mnt/S/PU/plates", filename="sh001.####.dpx")
    session.commit()
    link_id = link.id
    session.expire_all()
    loaded = db.query(Link).filter_by(id=link_id).one()
    assert loaded.name == "Plate SH001"
    assert loaded.path == "/mnt/S/PU/plates"
    assert loaded.filename == "sh001.####.dpx"
    assert loaded.type is image
    assert loaded.type.name == "Image"
