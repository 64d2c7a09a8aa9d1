"""ImageFormat: width, height, pixel_aspect, print_resolution and device_aspect."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from stalker import Entity, ImageFormat
from stalker.core.models.image_format import ImageFormat as ImageFormatFromModule
from stalker.core.models.imageFormat import ImageFormat as ImageFormatFromSeedModule
from stalker.exceptions import ValidationError, ValidationTypeError


def make(**kwargs) -> ImageFormat:
    kwargs.setdefault("name", "HD 1080")
    kwargs.setdefault("width", 1920)
    kwargs.setdefault("height", 1080)
    return ImageFormat(**kwargs)


def test_import_paths():
    """ImageFormat is importable from the PEP 8 module and the seed's alias."""
    assert ImageFormatFromModule is ImageFormat
    assert ImageFormatFromSeedModule is ImageFormat
    assert isinstance(make(), Entity)


def test_tutorial_image_format():
    """The tutorial's format keeps its size and gets the default ratios."""
    image_format = ImageFormat(name="HD 1080", width=1920, height=1080)
    assert (image_format.width, image_format.height) == (1920, 1080)
    assert image_format.pixel_aspect == 1.0
    assert image_format.print_resolution == 300.0
    assert image_format.code == "HD_1080"


def test_defaults_are_floats():
    """pixel_aspect and print_resolution default to floats."""
    image_format = make()
    assert type(image_format.pixel_aspect) is float
    assert type(image_format.print_resolution) is float


# width / height --------------------------------------------------------
@pytest.mark.parametrize("attr", ["width", "height"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (720, 720), (2048.0, 2048), (Fraction(4096, 2), 2048)],
)
def test_size_in_constructor(attr, value, expected):
    """Positive integers are kept; integral floats become ints."""
    value_ = make(**{attr: value})
    assert getattr(value_, attr) == expected
    assert type(getattr(value_, attr)) is int


@pytest.mark.parametrize("attr", ["width", "height"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(1920.7, 1920), (1080.2, 1080), (1.5, 1), (Fraction(4097, 2), 2048)],
)
def test_fractional_size_is_truncated(attr, value, expected):
    """A fractional width or height becomes an int, truncated as the seed's int()."""
    image_format = make(**{attr: value})
    assert getattr(image_format, attr) == expected
    assert type(getattr(image_format, attr)) is int
    image_format = make()
    setattr(image_format, attr, value)
    assert getattr(image_format, attr) == expected
    assert type(getattr(image_format, attr)) is int


def test_largest_fractional_size_is_accepted():
    """A fraction just above the largest size truncates to it; one beyond is refused."""
    assert make(width=2**31 - 0.5).width == 2**31 - 1
    with pytest.raises(ValidationError) as error:
        make(width=2**31 + 0.5)
    assert str(error.value) == (
        "ImageFormat.width should be a positive integer of at most 2147483647, "
        "not float: 2147483648.5"
    )


@pytest.mark.parametrize("attr", ["width", "height"])
def test_size_set_later(attr):
    """width and height can be set later; an integral float becomes an int."""
    image_format = make()
    setattr(image_format, attr, 640)
    assert getattr(image_format, attr) == 640
    setattr(image_format, attr, 480.0)
    assert getattr(image_format, attr) == 480
    assert type(getattr(image_format, attr)) is int


@pytest.mark.parametrize("attr", ["width", "height"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "int: 0"),
        (-1920, "int: -1920"),
        (0.0, "float: 0.0"),
        (0.4, "float: 0.4"),
        (0.999, "float: 0.999"),
        (-1.5, "float: -1.5"),
        (math.inf, "float: inf"),
        (-math.inf, "float: -inf"),
        (math.nan, "float: nan"),
    ],
)
def test_bad_size_value(attr, value, shown):
    """Zero, negative, below-one and non-finite sizes raise ValueError, always."""
    expected = f"ImageFormat.{attr} should be a positive integer, not {shown}"
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    image_format = make()
    with pytest.raises(ValidationError) as error:
        setattr(image_format, attr, value)
    assert str(error.value) == expected
    assert (image_format.width, image_format.height) == (1920, 1080)


@pytest.mark.parametrize("attr", ["width", "height"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "bool: True"),
        (False, "bool: False"),
        ("1920", "str: '1920'"),
        (None, "NoneType: None"),
        ([1920], "list: [1920]"),
        (1j, "complex: 1j"),
    ],
)
def test_bad_size_type(attr, value, shown):
    """A size that is not a real number (bools included) raises TypeError and ValueError."""
    expected = f"ImageFormat.{attr} should be a positive integer, not {shown}"
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    image_format = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(image_format, attr, value)
    assert str(error.value) == expected
    assert (image_format.width, image_format.height) == (1920, 1080)


@pytest.mark.parametrize("attr", ["width", "height"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [(2**31, "int: 2147483648"), (1e300, "float: 1e+300")],
)
def test_size_too_large_for_the_database(attr, value, shown):
    """A size the database cannot store is refused at once, on every backend."""
    expected = (
        f"ImageFormat.{attr} should be a positive integer of at most 2147483647, "
        f"not {shown}"
    )
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    image_format = make()
    with pytest.raises(ValidationError) as error:
        setattr(image_format, attr, value)
    assert str(error.value) == expected
    assert (image_format.width, image_format.height) == (1920, 1080)


def test_largest_size_round_trips(session):
    """The largest accepted size is stored and reloaded on every backend."""
    image_format = make(width=2**31 - 1, height=1)
    session.commit()
    session.expire_all()
    assert image_format.width == 2**31 - 1
    assert image_format.device_aspect == pytest.approx(2**31 - 1)


@pytest.mark.parametrize("attr", ["width", "height"])
def test_size_is_required(attr):
    """An ImageFormat without width or height is refused."""
    kwargs = {"name": "No Size", "width": 10, "height": 10}
    del kwargs[attr]
    with pytest.raises(ValidationTypeError) as error:
        ImageFormat(**kwargs)
    assert str(error.value) == (
        f"ImageFormat.{attr} should be a positive integer, not NoneType: None"
    )


# pixel_aspect / print_resolution ---------------------------------------
@pytest.mark.parametrize("attr", ["pixel_aspect", "print_resolution"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(2, 2.0), (1.0925, 1.0925), (0.5, 0.5), (72, 72.0), (Fraction(3, 2), 1.5)],
)
def test_ratio_in_constructor(attr, value, expected):
    """Positive numbers are kept as floats (ints are converted)."""
    stored = getattr(make(**{attr: value}), attr)
    assert stored == expected
    assert type(stored) is float


@pytest.mark.parametrize("attr", ["pixel_aspect", "print_resolution"])
def test_ratio_set_later(attr):
    """pixel_aspect and print_resolution can be set later, as floats."""
    image_format = make()
    setattr(image_format, attr, 2)
    assert getattr(image_format, attr) == 2.0
    assert type(getattr(image_format, attr)) is float


@pytest.mark.parametrize("attr", ["pixel_aspect", "print_resolution"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "int: 0"),
        (0.0, "float: 0.0"),
        (-1, "int: -1"),
        (-0.5, "float: -0.5"),
        (math.inf, "float: inf"),
        (-math.inf, "float: -inf"),
        (math.nan, "float: nan"),
    ],
)
def test_bad_ratio_value(attr, value, shown):
    """Zero, negative and non-finite ratios raise ValueError, always."""
    expected = f"ImageFormat.{attr} should be a positive number, not {shown}"
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    image_format = make(**{attr: 2.0})
    with pytest.raises(ValidationError) as error:
        setattr(image_format, attr, value)
    assert str(error.value) == expected
    assert getattr(image_format, attr) == 2.0


@pytest.mark.parametrize("attr", ["pixel_aspect", "print_resolution"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "bool: True"),
        (False, "bool: False"),
        ("1.0", "str: '1.0'"),
        (None, "NoneType: None"),
        ((1, 1), "tuple: (1, 1)"),
    ],
)
def test_bad_ratio_type(attr, value, shown):
    """A ratio that is not a real number (bools included) raises TypeError and ValueError."""
    expected = f"ImageFormat.{attr} should be a positive number, not {shown}"
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    image_format = make(**{attr: 2.0})
    with pytest.raises(ValidationTypeError) as error:
        setattr(image_format, attr, value)
    assert str(error.value) == expected
    assert getattr(image_format, attr) == 2.0


# device_aspect ---------------------------------------------------------
@pytest.mark.parametrize(
    ("width", "height", "pixel_aspect", "expected"),
    [
        (1920, 1080, 1.0, 1920 / 1080),
        (720, 576, 1.0925, 720 / 576 * 1.0925),
        (1828, 1556, 2.0, 1828 / 1556 * 2.0),
        (1000, 1000, 1, 1.0),
    ],
)
def test_device_aspect(width, height, pixel_aspect, expected):
    """device_aspect is width / height * pixel_aspect."""
    image_format = make(width=width, height=height, pixel_aspect=pixel_aspect)
    assert image_format.device_aspect == pytest.approx(expected)
    assert type(image_format.device_aspect) is float


def test_device_aspect_follows_changes():
    """device_aspect follows width, height and pixel_aspect set later."""
    image_format = make(width=1920, height=1080)
    image_format.width = 1080
    assert image_format.device_aspect == pytest.approx(1.0)
    image_format.pixel_aspect = 2
    assert image_format.device_aspect == pytest.approx(2.0)
    image_format.height = 540
    assert image_format.device_aspect == pytest.approx(4.0)


def test_device_aspect_is_read_only():
    """device_aspect cannot be set, and is not a constructor argument."""
    image_format = make()
    with pytest.raises(AttributeError):
        image_format.device_aspect = 2.0
    assert image_format.device_aspect == pytest.approx(1920 / 1080)
    with pytest.raises(ValidationTypeError) as error:
        make(device_aspect=2.0)
    assert str(error.value) == (
        "ImageFormat() got unexpected keyword arguments: device_aspect"
    )


# persistence -----------------------------------------------------------
def test_image_format_round_trip(session):
    """Sizes stay ints and ratios floats after a commit and a reload."""
    image_format = make(
        name="PAL Anamorphic",
        width=720.0,
        height=576,
        pixel_aspect=1.0925,
        print_resolution=72,
    )
    session.commit()
    format_id = image_format.id
    session.expire_all()
    loaded = session.get(ImageFormat, format_id)
    assert (loaded.name, loaded.width, loaded.height) == ("PAL Anamorphic", 720, 576)
    assert type(loaded.width) is int
    assert type(loaded.height) is int
    assert loaded.pixel_aspect == 1.0925
    assert type(loaded.pixel_aspect) is float
    assert loaded.print_resolution == 72.0
    assert type(loaded.print_resolution) is float
    assert loaded.device_aspect == pytest.approx(720 / 576 * 1.0925)


def test_changes_round_trip(session):
    """Sizes and ratios changed after a commit are saved."""
    image_format = make()
    session.commit()
    image_format.width = 3840
    image_format.height = 2160.0
    image_format.pixel_aspect = 2
    session.commit()
    session.expire_all()
    assert (image_format.width, image_format.height) == (3840, 2160)
    assert image_format.pixel_aspect == 2.0
    assert type(image_format.pixel_aspect) is float


def test_query_by_size(session):
    """Formats can be found by their size."""
    make(name="HD 720", width=1280, height=720)
    wanted = make(name="UHD", width=3840, height=2160)
    session.commit()
    found = session.query(ImageFormat).filter(ImageFormat.width > 2000).all()
    assert found == [wanted]
