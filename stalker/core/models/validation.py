"""Checks shared by the model classes, all speaking one message grammar.

Each check takes the object being validated, the public attribute name and
the given value, and either returns the value in its normal form or raises:
``ValidationTypeError`` for a value of the wrong type, ``ValidationError``
for a wrong value of the right type. The message always reads
``<Class>.<attribute> should be <expectation>, not <type>: <value!r>``.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable
from typing import Any, Literal, NoReturn, TypeVar, overload
from zoneinfo import ZoneInfo

from stalker.config import settings
from stalker.exceptions import ValidationError, ValidationTypeError

T = TypeVar("T")
#: What an upper bound is checked on.
Bounded = TypeVar("Bounded", int, dt.timedelta)

# What the columns of ``stalker.db.tables`` hold, so that setters refuse at
# once what the database would refuse at commit.
NAME_LENGTH = 256
CODE_LENGTH = 256
SHORT_TEXT_LENGTH = 256
PATH_LENGTH = 1024
#: The largest value of an Integer column (32 bits on every backend).
INT32_MAX = 2**31 - 1
#: The longest Interval every backend stores: SQLite keeps it as the date that
#: long after 1970-01-01.
LONGEST_DURATION = dt.datetime.max - dt.datetime(1970, 1, 1)


def describe(value: Any) -> str:
    """Return ``<type>: <repr>`` of a value, shortened for long values."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    kind = "class" if isinstance(value, type) else type(value).__name__
    return f"{kind}: {text}"


def a(noun: str) -> str:
    """Return the noun with its indefinite article: ``a Task``, ``an Asset``."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


def message(obj: Any, attr: str, expected: str, value: Any) -> str:
    """Build the standard message for a refused value."""
    return f"{type(obj).__name__}.{attr} should be {expected}, not {describe(value)}"


def refuse(obj: Any, attr: str, expected: str, value: Any) -> NoReturn:
    """Raise ``ValidationError`` for a value of the right type but wrong."""
    raise ValidationError(message(obj, attr, expected, value))


def refuse_type(obj: Any, attr: str, expected: str, value: Any) -> NoReturn:
    """Raise ``ValidationTypeError`` for a value of the wrong type."""
    raise ValidationTypeError(message(obj, attr, expected, value))


@overload
def check_string(
    obj: Any,
    attr: str,
    value: Any,
    *,
    max_length: int = ...,
    allow_empty: bool = ...,
    allow_none: Literal[False] = ...,
) -> str: ...
@overload
def check_string(
    obj: Any,
    attr: str,
    value: Any,
    *,
    max_length: int = ...,
    allow_empty: bool = ...,
    allow_none: bool,
) -> str | None: ...
def check_string(
    obj: Any,
    attr: str,
    value: Any,
    *,
    max_length: int = SHORT_TEXT_LENGTH,
    allow_empty: bool = True,
    allow_none: bool = False,
) -> str | None:
    """Return a string stripped of surrounding white space."""
    expected = "a string" if allow_empty else "a non-empty string"
    if allow_none:
        expected += " or None"
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        refuse_type(obj, attr, expected, value)
    if "\x00" in value:
        refuse(obj, attr, f"{expected} without NUL characters", value)
    if not value.isascii() and not _encodable(value):
        refuse(obj, attr, f"{expected} without lone surrogates", value)
    stripped = value.strip()
    if not stripped and not allow_empty:
        refuse(obj, attr, expected, value)
    if max_length and len(stripped) > max_length:
        refuse(obj, attr, f"a string of at most {max_length} characters", value)
    return stripped


def check_normal_length(
    obj: Any, attr: str, normal: str, given: Any, *, max_length: int, form: str
) -> str:
    """Return ``normal`` (``given`` normalised) if it fits: ``"İ".lower()`` is 2."""
    if len(normal) > max_length:
        refuse(obj, attr, f"a string of at most {max_length} characters {form}", given)
    return normal


def _encodable(text: str) -> bool:
    """Tell whether ``text`` can be stored in UTF-8: it holds no lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@overload
def check_instance(
    obj: Any, attr: str, value: Any, cls: type[T], *, allow_none: Literal[False] = ...
) -> T: ...
@overload
def check_instance(
    obj: Any, attr: str, value: Any, cls: type[T], *, allow_none: bool
) -> T | None: ...
def check_instance(
    obj: Any, attr: str, value: Any, cls: type[T], *, allow_none: bool = False
) -> T | None:
    """Return the value when it is an instance of ``cls`` (or None if allowed)."""
    if value is None and allow_none:
        return None
    if not isinstance(value, cls):
        expected = a(f"{cls.__name__} instance") + (" or None" if allow_none else "")
        refuse_type(obj, attr, expected, value)
    return value


def check_element(
    obj: Any, attr: str, value: Any, cls: type[T], present: Iterable[Any] = ()
) -> T:
    """Return one element of a collection: an instance of ``cls`` not yet in it."""
    if not isinstance(value, cls):
        refuse_type(obj, attr, f"a list of {cls.__name__} instances", value)
    if any(item is value for item in present):
        refuse(obj, attr, f"a list of {cls.__name__} instances without repeats", value)
    return value


def check_list(obj: Any, attr: str, values: Any, cls: type[T]) -> list[T]:
    """Return a new list of the given elements, each an instance of ``cls``."""
    if values is None:
        return []
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        refuse_type(obj, attr, f"a list of {cls.__name__} instances", values)
    items = list(values)
    for index, item in enumerate(items):
        check_element(obj, attr, item, cls, present=items[:index])
    return items


@overload
def check_positive_number(
    obj: Any, attr: str, value: Any, *, allow_none: Literal[False] = ...
) -> float: ...
@overload
def check_positive_number(
    obj: Any, attr: str, value: Any, *, allow_none: bool
) -> float | None: ...
def check_positive_number(
    obj: Any, attr: str, value: Any, *, allow_none: bool = False
) -> float | None:
    """Return a finite positive number as a float."""
    expected = "a positive number" + (" or None" if allow_none else "")
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        refuse_type(obj, attr, expected, value)
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        refuse(obj, attr, expected, value)
    return number


def check_positive_int(obj: Any, attr: str, value: Any) -> int:
    """Return a positive integer; integral floats are accepted (``1920.0``)."""
    expected = "a positive integer"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        refuse_type(obj, attr, expected, value)
    if not math.isfinite(value):
        refuse(obj, attr, expected, value)
    # numbers.Real declares no __int__ in typeshed; every real number has one
    whole: int = int(value)  # type: ignore[call-overload]
    if value != whole or value <= 0:
        refuse(obj, attr, expected, value)
    return whole


def check_int(
    obj: Any,
    attr: str,
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """Return an integer (never a bool or a float) from ``minimum`` to ``maximum``."""
    expected = "an integer" if minimum is None else f"an integer >= {minimum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        refuse_type(obj, attr, expected, value)
    if minimum is not None and value < minimum:
        refuse(obj, attr, expected, value)
    return check_at_most(obj, attr, int(value), maximum)


def check_at_most(
    obj: Any, attr: str, value: Bounded, maximum: Bounded | None
) -> Bounded:
    """Return ``value`` when it is not above ``maximum`` (None: no bound)."""
    if maximum is not None and value > maximum:
        kind = "a timedelta" if isinstance(value, dt.timedelta) else "an integer"
        refuse(obj, attr, f"{kind} of at most {maximum}", value)
    return value


def studio_zone() -> dt.tzinfo:
    """The studio's time zone: the ``studio_timezone`` setting (UTC by default)."""
    return ZoneInfo(settings.studio_timezone)


def utc(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """Return a timezone-aware UTC datetime.

    A naive value is a wall-clock time in ``zone``, by default the studio's.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or studio_zone())
    return value.astimezone(dt.timezone.utc)


def utc_now() -> dt.datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return dt.datetime.now(dt.timezone.utc)


@overload
def check_datetime(
    obj: Any, attr: str, value: Any, *, allow_none: Literal[False] = ...
) -> dt.datetime: ...
@overload
def check_datetime(
    obj: Any, attr: str, value: Any, *, allow_none: bool
) -> dt.datetime | None: ...
def check_datetime(
    obj: Any, attr: str, value: Any, *, allow_none: bool = False
) -> dt.datetime | None:
    """Return a timezone-aware UTC datetime from an aware or a naive one.

    A naive datetime is taken in the studio's time zone, a date means its
    midnight there.
    """
    expected = "a datetime" + (" or None" if allow_none else "")
    if value is None and allow_none:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        refuse_type(obj, attr, expected, value)
    try:
        return utc(moment)
    except OverflowError:
        refuse(obj, attr, "a datetime within the years 1 to 9999 in UTC", value)


@overload
def check_timedelta(
    obj: Any,
    attr: str,
    value: Any,
    *,
    allow_none: Literal[False] = ...,
    maximum: dt.timedelta = ...,
) -> dt.timedelta: ...
@overload
def check_timedelta(
    obj: Any, attr: str, value: Any, *, allow_none: bool, maximum: dt.timedelta = ...
) -> dt.timedelta | None: ...
def check_timedelta(
    obj: Any,
    attr: str,
    value: Any,
    *,
    allow_none: bool = False,
    maximum: dt.timedelta = LONGEST_DURATION,
) -> dt.timedelta | None:
    """Return a timedelta from zero to ``maximum`` (what the database stores)."""
    expected = "a timedelta of zero or more" + (" or None" if allow_none else "")
    if value is None and allow_none:
        return None
    if not isinstance(value, dt.timedelta):
        refuse_type(obj, attr, expected, value)
    if value < dt.timedelta(0):
        refuse(obj, attr, expected, value)
    return check_at_most(obj, attr, value, maximum)
