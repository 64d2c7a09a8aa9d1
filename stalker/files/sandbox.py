"""The Jinja2 environment that renders templates stored in the database.

Templates are data anyone with write access to the database can change, so
they run in Jinja2's immutable sandbox with strict undefined variables, and
more is refused on top of it:

* reading private attributes or secrets (password hashes, tokens...) and
  calling any method of a model object;
* loading other templates (``include``, ``import``, ``extends``) and
  recursive loops;
* unbounded work: every render has a budget of steps (loop iterations,
  calls, filters) and of written characters, and strings, lists and
  integers may not grow past ``LIMITS``.

What is refused raises ``RefusedError`` while rendering;
:mod:`stalker.files.templates` turns it into ``TemplateSecurityError``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateError,
    TemplateRuntimeError,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer

from stalker.core.models.entity import SimpleEntity

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
    #: Items of any one list, range or repeat.
    items: int = 10_000
    #: Bits of any one integer.
    int_bits: int = 64
    #: Field width or precision in a ``%`` format.
    width: int = 256


LIMITS = Limits()

#: Attribute names of model objects a template may never read.
SECRET = re.compile(r"password|secret|token|hash|salt|credential", re.IGNORECASE)

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

_LOADING_TAGS = {
    "Extends": "extends",
    "Include": "include",
    "Import": "import",
    "FromImport": "from",
}
_COUNT, _EMIT, _TEXT = "stalker_count", "stalker_emit", "stalker_text"
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_PADDING_METHODS = frozenset(["center", "ljust", "rjust", "zfill"])


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
    """Return ``value`` if it is not a string, list or integer too big."""
    if isinstance(value, str):
        check_length("text", len(value))
    elif isinstance(value, (list, tuple, dict, set, range)):
        check_length("list", len(value))
    elif isinstance(value, int) and value.bit_length() > LIMITS.int_bits:
        raise RefusedError(f"an integer of more than {LIMITS.int_bits} bits")
    return value


@functools.lru_cache(maxsize=256)
def _printf_numbers(fmt: str) -> tuple[tuple[str, str], ...]:
    """Each width and precision of the ``%`` fields in ``fmt``, with its field."""
    return tuple(
        (match.group(), number)
        for match in _PRINTF.finditer(fmt)
        for number in match.groups()
        if number
    )


def check_printf(fmt: str) -> None:
    """Refuse ``%`` formats with ``*`` or too wide fields."""
    for field, number in _printf_numbers(fmt):
        if number == "*" or int(number) > LIMITS.width:
            raise RefusedError(
                f"a '%' format field wider than {LIMITS.width}: {field!r}"
            )


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
    texts = sum(len(item) for item in items if isinstance(item, str))
    return texts + len(separator) * max(len(items) - 1, 0)


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
    check_length("list", len(items))
    separator = kwargs.get("d", args[1] if len(args) > 1 else "")
    check_length("text", _join_length(str(separator), items))
    return (items, *args[1:])


def _check_format(args: Args, kwargs: Kwargs) -> Args:
    check_printf(str(args[0]))
    return args


_FILTER_CHECKS: dict[str, Callable[[Args, Kwargs], Args]] = {
    "batch": _check_count,
    "center": _check_width,
    "format": _check_format,
    "join": _check_join,
    "replace": _check_replace,
    "slice": _check_count,
}


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so it counts a step, checks its arguments and its result."""
    passes = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    check = _FILTER_CHECKS.get(name)

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        step()
        if check is not None:
            args = (*args[:passes], *check(args[passes:], kwargs))
        return sized(function(*args, **kwargs))

    return guarded


def _count(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        step()
        yield item


def _emit(value: Any) -> Any:
    if value is None:
        raise TemplateRuntimeError("it writes None (a value that is not set)")
    spent = budget.get()
    spent.output += len(str(value))
    if spent.output > LIMITS.output:
        raise RefusedError(f"writing more than {LIMITS.output} characters")
    return value


def _text(value: Any) -> Any:
    return sized(value)


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
            return _filtered(node, _TEXT)
        return node


# the environment ----------------------------------------------------------
class PathTemplate(Template):
    """A compiled template, with its plain-Python form if it is simple."""

    #: The template's plain-Python form (see ``simple_templates``), or None.
    simple: SimpleTemplate | None = None


def _secret_or_private(obj: Any, attr: str) -> str | None:
    if attr.startswith("_"):
        return "a private attribute"
    if isinstance(obj, SimpleEntity) and SECRET.search(attr):
        return "a secret"
    return None


class PathTemplateEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, stricter: see the module's documentation."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "**", "%"])
    template_class = PathTemplate

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals = {"range": bounded_range, "namespace": Namespace, "dict": dict}
        self.filters = {
            name: _guarded(name, FILTERS[name]) for name in sorted(ALLOWED_FILTERS)
        }
        self.filters.update({_COUNT: _count, _EMIT: _emit, _TEXT: _text})

    def compile_template(self, source: str) -> Any:
        """Parse ``source``, refuse or guard what it does, and compile it."""
        from stalker.files.simple_templates import compile_simple

        tree = self.parse(source)
        simple = compile_simple(tree, self)  # before _Guard changes the tree
        template = self.from_string(cast(nodes.Template, _Guard().visit(tree)))
        template.simple = simple  # type: ignore[attr-defined]  # read in files.templates
        return template

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """No private attributes, secrets, methods of model objects or str.format."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, str) and attr in ("format", "format_map"):
            return False
        return not (
            isinstance(obj, SimpleEntity) and (callable(value) or SECRET.search(attr))
        )

    def wrap_str_format(self, value: Any) -> None:
        """Never hand out ``str.format``: the ``format`` filter is checked instead."""
        return None

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Raise at once, naming what was refused."""
        reason = _secret_or_private(obj, attribute)
        if reason is None and isinstance(obj, str):
            reason = "use the format filter instead"
        elif reason is None and isinstance(obj, SimpleEntity):
            reason = "a method of a model object"
        raise RefusedError(f"{type(obj).__name__}.{attribute} ({reason or 'unsafe'})")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Count the call, refuse model methods, keep str methods' results small."""
        step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, SimpleEntity) or isinstance(__obj, SimpleEntity):
            raise RefusedError(f"calling {__obj!r} (a method of a model object)")
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
        check_length("list", len(items))
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


def _sequence_times(left: Any, right: Any) -> tuple[Any, int] | None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
            return sequence, times
    return None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        repeat = _sequence_times(left, right)
        if repeat is not None:
            sequence, times = repeat
            kind = "text" if isinstance(sequence, str) else "list"
            check_length(kind, len(sequence) * max(times, 0))
    elif operator == "+" and isinstance(left, (str, list, tuple)):
        kind = "text" if isinstance(left, str) else "list"
        extra = len(right) if isinstance(right, (str, list, tuple)) else 0
        check_length(kind, len(left) + extra)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if (
            abs(left) > 1
            and right > 0
            and right * math.log2(abs(left)) > LIMITS.int_bits
        ):
            raise RefusedError(f"an integer of more than {LIMITS.int_bits} bits")
    elif operator == "%" and isinstance(left, str):
        check_printf(left)


__all__ = [
    "ALLOWED_FILTERS",
    "LIMITS",
    "RENDER_ERRORS",
    "SECRET",
    "Budget",
    "Limits",
    "PathTemplate",
    "PathTemplateEnvironment",
    "RefusedError",
    "budget",
]
