"""The Jinja2 environment that renders templates stored in the database.

Templates are data anyone with write access to the database can change, so
they run in Jinja2's immutable sandbox with strict undefined variables, and
in a closed world on top of it:

* a template reads attributes of views (:mod:`stalker.files.views`, each
  answering its class's allow-list) and only the listed attributes of plain
  values (``str``, numbers, dates, lists, dicts) and of Jinja2's own loop,
  namespace and macro objects; any other object is opaque;
* it loads no other templates (``include``, ``import``, ``extends``) and
  runs no recursive loops;
* unbounded work is refused before it is done: every render has a budget of
  steps (loop iterations, calls, filters) and of written characters, and
  every operation that could build a big value (repetition, ``%`` formats,
  ranges, joins, concatenation, writing a value, filters) checks the size
  of what it would make first.

What is refused raises ``RefusedError`` while rendering;
:mod:`stalker.files.templates` turns it into ``TemplateSecurityError``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateError,
    TemplateRuntimeError,
    nodes,
    pass_environment,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS, _GroupTuple
from jinja2.runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    TemplateReference,
    Undefined,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer

from stalker.files import views

if TYPE_CHECKING:
    from stalker.files.simple_templates import SimpleTemplate


@dataclass(frozen=True)
class Limits:
    """How much work one render of a template may do."""

    #: Loop iterations, calls and filters.
    steps: int = 100_000
    #: Characters written, blocks and macros included.
    output: int = 4_000_000
    #: Characters of any one string made while rendering.
    text: int = 16_384
    #: Characters and items of all the strings and lists made while rendering.
    made: int = 4_000_000
    #: Items of any one list, range or repeat.
    items: int = 10_000
    #: Bits of any one integer.
    int_bits: int = 64
    #: Field width or precision in a ``%`` format.
    width: int = 256


LIMITS = Limits()

#: The Jinja2 filters a template may use; the others are not needed for paths.
ALLOWED_FILTERS = frozenset(
    [
        *("abs", "attr", "batch", "capitalize", "center", "count", "d", "default"),
        *("dictsort", "first", "float", "format", "groupby", "int", "items", "join"),
        *("last", "length", "list", "lower", "map", "max", "min", "reject"),
        *("rejectattr", "replace", "reverse", "round", "select", "selectattr"),
        *("slice", "sort", "string", "title", "trim", "truncate", "unique", "upper"),
    ]
)

#: The filters that compare the items of their value or arguments.
COMPARING_FILTERS = frozenset(
    [
        *("dictsort", "groupby", "max", "min", "reject", "rejectattr", "select"),
        *("selectattr", "sort", "unique"),
    ]
)

#: The filters that turn their value into text first.
TEXT_FILTERS = frozenset(
    [
        *("capitalize", "center", "format", "lower", "replace", "string", "title"),
        *("trim", "truncate", "upper"),
    ]
)

#: Jinja2's own rules decide which attributes of these a template reads.
JINJA_RULES: frozenset[str] = frozenset()
_SEQUENCE = frozenset(["count", "index"])
_NUMBER = frozenset(["conjugate", "imag", "real"])
_DATE = frozenset(
    [
        *("day", "isocalendar", "isoformat", "isoweekday", "month", "strftime"),
        *("weekday", "year"),
    ]
)
_CLOCK = frozenset(["hour", "isoformat", "microsecond", "minute", "second", "strftime"])
_STR = frozenset(
    [
        *("capitalize", "casefold", "center", "count", "endswith", "expandtabs"),
        *("find", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit"),
        *("isidentifier", "islower", "isnumeric", "isprintable", "isspace"),
        *("istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition"),
        *("removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust"),
        *("rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith"),
        *("strip", "swapcase", "title", "upper", "zfill"),
    ]
)

#: The attributes templates may read on plain values, by type (subclasses
#: take their nearest listed class's): nothing that makes big values
#: unchecked (``int.to_bytes``, ``str.encode``) or reaches Python's
#: internals. Objects of any other type (but views) are opaque.
READABLE: dict[type, frozenset[str]] = {
    str: _STR,
    views.Take: _STR | {"name"},
    int: _NUMBER | {"bit_length", "denominator", "numerator"},
    float: _NUMBER | {"is_integer"},
    list: _SEQUENCE,
    tuple: _SEQUENCE,
    _GroupTuple: _SEQUENCE | {"grouper", "list"},
    dict: frozenset(["get", "items", "keys", "values"]),
    range: _SEQUENCE | {"start", "step", "stop"},
    dt.date: _DATE,
    dt.datetime: _DATE | _CLOCK | {"date", "time"},
    dt.time: _CLOCK,
    dt.timedelta: frozenset(["days", "microseconds", "seconds", "total_seconds"]),
    type(None): frozenset(),
    LoopContext: JINJA_RULES,
    Namespace: JINJA_RULES,
    Macro: JINJA_RULES,
    TemplateReference: JINJA_RULES,
    BlockReference: JINJA_RULES,
}

_LOADING_TAGS = {
    "Extends": "extends",
    "Include": "include",
    "Import": "import",
    "FromImport": "from",
}
_COUNT, _EMIT, _TEXT, _CONCAT, _COMPARED = (
    "stalker_count",
    "stalker_emit",
    "stalker_text",
    "stalker_concat",
    "stalker_compared",
)
_PADDING_METHODS = frozenset(["center", "ljust", "rjust", "zfill"])
_SEQUENCES = (str, bytes, bytearray, list, tuple)
#: The longest text of a number in a ``%`` format, before width and precision.
_NUMBER_TEXT = 330
#: Integers below this (in size) are written in less than ``_NUMBER_TEXT``.
_SMALL_INT = 2**64
#: Integers longer than this are not written out to count their digits.
_INT_TEXT_BITS = 4096


#: What rendering raises for a template's mistakes (``templates.render`` names
#: the template in a TemplateError); anything else goes through unchanged.
RENDER_ERRORS = (
    TemplateError,
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)


class RefusedError(SecurityError):
    """A template tried something the sandbox forbids."""


class Budget:
    """The work one render has done so far."""

    def __init__(self) -> None:
        self.steps = 0
        self.output = 0
        self.made = 0


budget: ContextVar[Budget] = ContextVar("stalker_template_budget")


def step() -> None:
    """Count one loop iteration, call or filter against the budget."""
    spent = budget.get()
    spent.steps += 1
    if spent.steps > LIMITS.steps:
        raise RefusedError(
            f"more than {LIMITS.steps} loop iterations, calls and filters"
        )


def check_length(kind: str, length: int) -> None:
    """Refuse a string (``kind`` "text") or a list (else) longer than allowed."""
    limit = LIMITS.text if kind == "text" else LIMITS.items
    if length > limit:
        noun = "string" if kind == "text" else kind
        unit = "characters" if kind == "text" else "items"
        raise RefusedError(f"a {noun} of {length} {unit} (at most {limit})")


def sized(value: Any) -> Any:
    """Return ``value`` if it is not a string, list or integer too big.

    Strings and lists also count against the render's budget of all it made.
    """
    if isinstance(value, (str, bytes, bytearray)):
        size = len(value)
        if size > LIMITS.text:
            check_length("text", size)
    elif isinstance(value, (list, tuple, dict, set, frozenset, range)):
        size = len(value)
        check_length("list", size)
    else:
        if isinstance(value, int) and value.bit_length() > LIMITS.int_bits:
            raise RefusedError(f"an integer of more than {LIMITS.int_bits} bits")
        return value
    spent = budget.get()
    spent.made += size
    if spent.made > LIMITS.made:
        raise RefusedError(f"making more than {LIMITS.made} characters and items")
    return value


# the attributes a template reads -------------------------------------------
@functools.lru_cache(maxsize=512)
def _readable_names(kind: type) -> frozenset[str] | None:
    """The attribute names of plain type ``kind`` templates read, None if opaque."""
    for base in kind.__mro__:
        if base in READABLE:
            return READABLE[base]
    return None


@functools.lru_cache(maxsize=4096)
def readable(kind: type, attr: str) -> bool | None:
    """Whether templates read ``attr`` of objects of type ``kind``.

    None when Jinja2's sandbox decides by the value (its own runtime objects).
    """
    if attr.startswith("_"):
        return False
    if issubclass(kind, views.View):
        return attr in kind._stalker_names
    names = _readable_names(kind)  # type: ignore[arg-type]  # classes are hashable: typeshed's Hashable misses it
    if names is JINJA_RULES:
        return None
    return names is not None and attr in names


def _is_view(obj: Any) -> bool:
    # type(), never isinstance(): an object cannot claim to be a view.
    return issubclass(type(obj), views.View)


def _opaque(obj: Any) -> bool:
    kind = type(obj)
    return (
        not issubclass(kind, (views.View, Undefined)) and _readable_names(kind) is None  # type: ignore[arg-type]  # classes are hashable: typeshed's Hashable misses it
    )


def _kind_name(obj: Any) -> str:
    return views.kind_of(obj) if _is_view(obj) else type(obj).__name__


# how long a value's text is -------------------------------------------------
def _scalar_length(item: Any, inner: bool) -> int | None:
    """The length of a non-container's text (repr'd if ``inner``), None if not."""
    if type(item) is int and item.bit_length() <= _INT_TEXT_BITS:
        return len(str(item))
    if isinstance(item, str):
        return len(repr(item)) if inner and len(item) <= LIMITS.text else len(item)
    if isinstance(item, (bytes, bytearray)):
        return 4 * len(item) + 14
    if isinstance(item, int) and item.bit_length() > _INT_TEXT_BITS:
        return item.bit_length() // 4
    if isinstance(item, (int, float, dt.date, dt.time, dt.timedelta, range)) or (
        _is_view(item)
    ):
        return len(repr(item) if inner else str(item))
    if item is None:
        return 4
    if isinstance(item, Undefined):
        str(item)  # a StrictUndefined raises its own error
    return None


def text_length(value: Any, limit: int | None = None) -> int:
    """How long ``str(value)`` is, counted only a little past ``limit``.

    Nothing is converted: shared items of nested lists are counted each time
    they are written, and counting stops once past the limit. Only text,
    numbers, dates, views and lists, tuples, sets and dicts of them can be
    written: anything else is refused.
    """
    length = _scalar_length(value, False)
    if length is not None:
        return length
    limit = LIMITS.text if limit is None else limit
    total = 0
    pending: list[Iterator[Any]] = [iter([value])]
    while pending:
        item = next(pending[-1], pending)
        if item is pending:
            pending.pop()
            continue
        inner = len(pending) > 1
        length = _scalar_length(item, inner)
        if length is None:
            if isinstance(item, Mapping):
                item = (part for pair in item.items() for part in pair)
            elif not isinstance(item, (list, tuple, set, frozenset)):
                raise RefusedError(
                    f"writing a {_kind_name(item)} (only text, numbers, dates, "
                    f"views and lists of them can be written)"
                )
            length = 2
            pending.append(iter(item))
        total += length + 2 * inner
        if total > limit:
            break
    return total


def check_compared(value: Any) -> Any:
    """Return ``value`` if comparing it costs little: at most ``LIMITS.items`` in all.

    Comparing two lists compares their items, and nested lists theirs, so
    a list repeating a long list would take seconds to compare.
    """
    if not isinstance(value, (list, tuple, set, frozenset, dict)):
        return value
    total = 0
    pending: list[Iterator[Any]] = [iter(value)]
    while pending and total <= LIMITS.items:
        item = next(pending[-1], pending)
        if item is pending:
            pending.pop()
            continue
        total += 1
        if isinstance(item, Mapping):
            pending.append(iter(item.values()))
        elif isinstance(item, (list, tuple, set, frozenset)):
            pending.append(iter(item))
    if total > LIMITS.items:
        raise RefusedError(f"comparing a list of more than {LIMITS.items} items in all")
    return value


def check_text(value: Any) -> None:
    """Refuse a value whose text would be longer than ``LIMITS.text``."""
    if type(value) is not str:
        check_length("text", text_length(value))


# % formats ------------------------------------------------------------------
@dataclass(frozen=True)
class _Field:
    """One ``%`` field of a format: its text, mapping key and numbers."""

    text: str
    key: str | None
    numbers: tuple[str, ...]
    takes_value: bool


def _field_at(fmt: str, start: int) -> _Field:
    """The ``%`` field starting at ``fmt[start]``, parsed as Python parses it."""
    at, end = start + 1, len(fmt)
    key = None
    if at < end and fmt[at] == "(":
        depth, at = 1, at + 1
        while at < end and depth:
            depth += {"(": 1, ")": -1}.get(fmt[at], 0)
            at += 1
        key = fmt[start + 2 : at - 1]
    while at < end and fmt[at] in "-+ #0":
        at += 1
    numbers = []
    for lead in ("", "."):
        if lead and (at >= end or fmt[at] != lead):
            continue
        at += len(lead)
        first = at
        if at < end and fmt[at] == "*":
            at += 1
        while at < end and fmt[at].isdigit():
            at += 1
        if at > first:
            numbers.append(fmt[first:at])
    if at < end and fmt[at] in "hlL":
        at += 1
    conversion = fmt[at : at + 1]
    if conversion in ("r", "a"):
        raise RefusedError(f"a '%{conversion}' format field (use '%s')")
    text = fmt[start : at + 1]
    return _Field(text, key, tuple(numbers), conversion != "%")


@functools.lru_cache(maxsize=256)
def printf_fields(fmt: str) -> tuple[_Field, ...]:
    """Every ``%`` field of ``fmt``, as Python's ``%`` operator reads them."""
    fields = []
    start = fmt.find("%")
    while start >= 0:
        field = _field_at(fmt, start)
        fields.append(field)
        start = fmt.find("%", start + len(field.text))
    return tuple(fields)


@functools.lru_cache(maxsize=256)
def _widest(fmt: str) -> tuple[float, str, int]:
    """The widest width or precision of ``fmt`` (``*``: infinite), its field, values."""
    widest, where = 0.0, ""
    fields = printf_fields(fmt)
    for field in fields:
        for number in field.numbers:
            width = math.inf if number == "*" else int(number)
            if width > widest:
                widest, where = width, field.text
    return widest, where, sum(field.takes_value for field in fields)


def _field_values(fmt: str, values: Any, taken: int) -> tuple[Any, ...] | list[Any]:
    """The value each field of a format takes from ``values``."""
    if type(values) is tuple:
        return values[:taken]
    if isinstance(values, Mapping):
        keys = (field.key for field in printf_fields(fmt) if field.key is not None)
        return [values[key] for key in keys if key in values]
    return (values,)


def check_printf(fmt: str, values: Any = ()) -> None:
    """Refuse a ``%`` format with ``*``, too wide fields or too long a result."""
    widest, where, taken = _widest(fmt)
    limits = LIMITS
    if widest > limits.width:
        raise RefusedError(f"a '%' format field wider than {limits.width}: {where!r}")
    length = len(fmt) + taken * (2 * limits.width + _NUMBER_TEXT)
    if type(values) is not tuple or len(values) > taken:
        values = _field_values(fmt, values, taken)
    for value in values:
        if type(value) is not int or not -_SMALL_INT < value < _SMALL_INT:
            length += len(value) if type(value) is str else text_length(value)
    check_length("text", length)


def bounded_range(*args: int) -> range:
    """``range()`` of at most ``LIMITS.items`` numbers."""
    numbers = range(*args)
    try:
        length = len(numbers)
    except OverflowError:
        length = LIMITS.items + 1
    check_length("range", length)
    return numbers


def _replace_length(text: str, old: str, new: str, count: Any = None) -> int:
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _join_length(separator: str, items: list[Any]) -> int:
    check_length("list", len(items))
    length = len(separator) * max(len(items) - 1, 0)
    check_length("text", length)
    for item in items:
        length += text_length(item)
        check_length("text", length)
    return length


# filters ------------------------------------------------------------------
#: The positional and keyword arguments of a filter call.
Args = tuple[Any, ...]
Kwargs = dict[str, Any]


def _check_width(args: Args, kwargs: Kwargs) -> Args:
    width = kwargs.get("width", args[1] if len(args) > 1 else 0)
    check_length("text", width if isinstance(width, int) else 0)
    return args


def _check_count(args: Args, kwargs: Kwargs) -> Args:
    count = args[1] if len(args) > 1 else 0
    check_length("list", count if isinstance(count, int) else 0)
    return args


def _check_replace(args: Args, kwargs: Kwargs) -> Args:
    text, old, new = (str(arg) for arg in args[:3])
    count = kwargs.get("count", args[3] if len(args) > 3 else None)
    check_length("text", _replace_length(text, old, new, count))
    return args


def _check_join(args: Args, kwargs: Kwargs) -> Args:
    items = list(args[0])
    separator = kwargs.get("d", args[1] if len(args) > 1 else "")
    check_text(separator)
    check_length("text", _join_length(str(separator), items))
    return (items, *args[1:])


def _check_format(args: Args, kwargs: Kwargs) -> Args:
    fmt = args[0]
    check_printf(fmt if type(fmt) is str else str(fmt), kwargs or args[1:])
    return args


def _check_list(args: Args, kwargs: Kwargs) -> Args:
    if isinstance(args[0], (str, list, tuple, dict, set, frozenset, range)):
        check_length("list", len(args[0]))
    return args


_FILTER_CHECKS: dict[str, Callable[[Args, Kwargs], Args]] = {
    "batch": _check_count,
    "center": _check_width,
    "format": _check_format,
    "join": _check_join,
    "list": _check_list,
    "replace": _check_replace,
    "slice": _check_count,
}


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so it counts a step, checks its arguments and its result."""
    passes = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    check = _FILTER_CHECKS.get(name)
    texts = name in TEXT_FILTERS
    compares = name in COMPARING_FILTERS

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        step()
        if texts and len(args) > passes and type(args[passes]) is not str:
            check_text(args[passes])
        if compares:
            for value in (*args[passes:], *kwargs.values()):
                check_compared(value)
        if check is not None:
            args = (*args[:passes], *check(args[passes:], kwargs))
        return sized(function(*args, **kwargs))

    return guarded


@pass_environment
def _attr(environment: PathTemplateEnvironment, obj: Any, name: Any) -> Any:
    """The ``attr`` filter, reading through the sandbox like ``obj.name`` does."""
    return environment.getattr(obj, str(name))


def _count(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        step()
        yield item


def _emit(value: Any) -> str:
    if value is None:
        raise TemplateRuntimeError("it writes None (a value that is not set)")
    spent = budget.get()
    room = LIMITS.output - spent.output
    length = len(value) if type(value) is str else text_length(value, room)
    spent.output += length
    if spent.output > LIMITS.output:
        raise RefusedError(f"writing more than {LIMITS.output} characters")
    return str(value)


def _text(value: Any) -> Any:
    return sized(value)


def _concat(values: list[Any]) -> str:
    length = 0
    for value in values:
        length += text_length(value)
        check_length("text", length)
    return "".join(map(str, values))


# the template tree --------------------------------------------------------
def _filtered(node: nodes.Node | None, name: str) -> nodes.Filter:
    return nodes.Filter(
        node, name, [], [], None, None, lineno=getattr(node, "lineno", 1)
    )


class _Guard(NodeTransformer):
    """Refuse what templates may not do; route loops, output and text through checks."""

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> nodes.Node:
        """Guard ``node`` after its children."""
        kind = type(node).__name__
        if kind in _LOADING_TAGS:
            raise RefusedError(
                f"{{% {_LOADING_TAGS[kind]} %}} on line {node.lineno}: "
                f"templates load no others"
            )
        if isinstance(node, nodes.For) and node.recursive:
            raise RefusedError(f"a recursive loop on line {node.lineno}")
        node = self.generic_visit(node)
        if isinstance(node, nodes.For):
            node.iter = _filtered(node.iter, _COUNT)
        elif isinstance(node, nodes.Output):
            node.nodes = [_filtered(child, _EMIT) for child in node.nodes]
        elif isinstance(node, nodes.AssignBlock):
            node.filter = _filtered(node.filter, _TEXT)
        elif isinstance(node, nodes.Concat):
            parts = nodes.List(node.nodes, lineno=node.lineno)
            return _filtered(parts, _CONCAT)
        elif isinstance(node, nodes.Compare):
            node.expr = _filtered(node.expr, _COMPARED)
            for operand in node.ops:
                operand.expr = _filtered(operand.expr, _COMPARED)
        return node


# the environment ----------------------------------------------------------
class PathTemplate(Template):
    """A compiled template, with its plain-Python form if it is simple."""

    #: The template's plain-Python form (see ``simple_templates``), or None.
    simple: SimpleTemplate | None = None


class PathTemplateEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, stricter: see the module's documentation."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "**", "%"])
    template_class = PathTemplate

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals = {"range": bounded_range, "namespace": Namespace, "dict": dict}
        own = {**FILTERS, "attr": _attr}
        self.filters = {
            name: _guarded(name, own[name]) for name in sorted(ALLOWED_FILTERS)
        }
        self.filters.update(
            {
                _COUNT: _count,
                _EMIT: _emit,
                _TEXT: _text,
                _CONCAT: _concat,
                _COMPARED: check_compared,
            }
        )

    def compile_template(self, source: str) -> Any:
        """Parse ``source``, refuse or guard what it does, and compile it."""
        from stalker.files.simple_templates import compile_simple

        tree = self.parse(source)
        simple = compile_simple(tree, self)  # before _Guard changes the tree
        template = self.from_string(cast(nodes.Template, _Guard().visit(tree)))
        template.simple = simple  # type: ignore[attr-defined]  # read in files.templates
        return template

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the allowed attributes of views, plain values and Jinja2's objects."""
        allowed = readable(type(obj), attr)  # type: ignore[arg-type]  # classes are hashable: typeshed's Hashable misses it
        if allowed is None:
            return super().is_safe_attribute(obj, attr, value)
        return allowed

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an allowed attribute; opaque objects are never even looked at."""
        if _is_view(obj):
            if readable(type(obj), attribute):  # type: ignore[arg-type]  # classes are hashable: typeshed's Hashable misses it
                return getattr(obj, attribute)
            if attribute.startswith("_") or views.hides(obj, attribute):
                return self.unsafe_undefined(obj, attribute)
            return self.undefined(obj=obj, name=attribute)
        if _opaque(obj):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Items of plain values; on a view, its allowed attributes."""
        if _is_view(obj) and isinstance(argument, str):
            return self.getattr(obj, argument)
        if _is_view(obj) or _opaque(obj):
            name = argument if isinstance(argument, str) else repr(argument)
            return self.unsafe_undefined(obj, name)
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> None:
        """Never hand out ``str.format``: the ``format`` filter is checked instead."""
        return None

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Raise at once, naming what was refused."""
        if attribute.startswith("_"):
            reason = "a private attribute"
        elif isinstance(obj, str) and attribute in ("format", "format_map"):
            reason = "use the format filter instead"
        elif _opaque(obj):
            reason = "templates read views and plain values only"
        else:
            reason = "not among the names templates may read"
        raise RefusedError(f"{_kind_name(obj)}.{attribute} ({reason})")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Count the call, refuse views, keep str methods' results small."""
        step()
        if _is_view(__obj):
            raise RefusedError(
                f"calling a {views.kind_of(__obj)} (views have no methods)"
            )
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = _checked_str_call(owner, __obj.__name__, args)
        return sized(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse operations whose result would be too big before doing them."""
        _check_binop(operator, left, right)
        return sized(super().call_binop(context, operator, left, right))


def _checked_str_call(text: str, name: str, args: Args) -> Args:
    """Check a call of a str method that could make a big string; return its args."""
    if name == "join":
        items = list(args[0]) if args else []
        check_length("text", _join_length(text, items))
        return (items, *args[1:])
    if name in _PADDING_METHODS and args and isinstance(args[0], int):
        check_length("text", args[0])
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else 8
        check_length("text", len(text) + text.count("\t") * tab)
    elif (
        name == "replace"
        and len(args) >= 2
        and all(isinstance(a, str) for a in args[:2])
    ):
        check_length("text", _replace_length(text, *args[:3]))
    return args


def _length_kind(sequence: Any) -> str:
    return "text" if isinstance(sequence, (str, bytes, bytearray)) else "list"


def _sequence_times(left: Any, right: Any) -> tuple[Any, int] | None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, _SEQUENCES) and isinstance(times, int):
            return sequence, times
    return None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        repeat = _sequence_times(left, right)
        if repeat is not None:
            sequence, times = repeat
            check_length(_length_kind(sequence), len(sequence) * max(times, 0))
    elif operator == "+" and isinstance(left, _SEQUENCES):
        extra = len(right) if isinstance(right, _SEQUENCES) else 0
        check_length(_length_kind(left), len(left) + extra)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if (
            abs(left) > 1
            and right > 0
            and right * math.log2(abs(left)) > LIMITS.int_bits
        ):
            raise RefusedError(f"an integer of more than {LIMITS.int_bits} bits")
    elif operator == "%" and isinstance(left, (str, bytes, bytearray)):
        fmt = left if isinstance(left, str) else left.decode("latin-1")
        check_printf(fmt, right)


__all__ = [
    "ALLOWED_FILTERS",
    "COMPARING_FILTERS",
    "JINJA_RULES",
    "LIMITS",
    "READABLE",
    "RENDER_ERRORS",
    "TEXT_FILTERS",
    "Budget",
    "Limits",
    "PathTemplate",
    "PathTemplateEnvironment",
    "RefusedError",
    "budget",
    "check_compared",
    "check_printf",
    "printf_fields",
    "readable",
    "text_length",
]
