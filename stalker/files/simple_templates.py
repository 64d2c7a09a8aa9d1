"""Templates of text, lookups and filters, rendered without Jinja2's runtime.

Most path templates are text and lookups like ``{{ shot.code }}``, with a
filter here and there (``'%03d'|format(version.version_number)``, any
filter that needs no context). Such a template is turned once into parts
that plain Python evaluates with the sandbox's own decisions:

* an attribute is read only where ``sandbox.readable`` allows it for the
  object's type, which is all it depends on (for a view: the allow-list of
  its class); the reader is kept per type;
* a filter is the environment's own guarded one, counting against a fresh
  budget like in the sandbox;
* what the sandbox refuses to write (None, values whose text is too long,
  more than ``LIMITS.output`` characters) is refused here too.

Whatever this module is not sure to render exactly as Jinja2 would (a
missing variable or attribute, a refused attribute, an error) it leaves to
the sandbox: ``SimpleTemplate.render`` then returns None and the sandbox
renders, or raises, as it always did.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import nodes

from stalker.files import sandbox, views

#: One part of a template: what it gives in a context.
Part = Callable[[Mapping[str, Any]], Any]


class _NotSimpleError(Exception):
    """The template holds more than text, lookups and filters."""


class _UnsureError(Exception):
    """The sandbox may answer otherwise than plain Python here: leave it to it."""


_LEFT_TO_SANDBOX = (_UnsureError, *sandbox.RENDER_ERRORS)


class SimpleTemplate:
    """A template of text, lookups and filters, rendered by plain Python."""

    __slots__ = ("_filtered", "_layout", "_values")

    def __init__(self, parts: list[str | Part], filtered: bool) -> None:
        # The text with "%s" for each value: "%" formatting str()s them.
        self._layout = "".join(
            part.replace("%", "%%") if isinstance(part, str) else "%s" for part in parts
        )
        self._values = [part for part in parts if not isinstance(part, str)]
        self._filtered = filtered

    def render(self, context: Mapping[str, Any]) -> str | None:
        """The text the sandbox would render, or None to leave it to the sandbox."""
        token = sandbox.budget.set(sandbox.Budget()) if self._filtered else None
        values = []
        try:
            for part in self._values:
                value = part(context)
                if value is None:
                    raise _UnsureError
                if type(value) is not str and not isinstance(value, (str, int, float)):
                    sandbox.text_length(value)  # refuses what cannot be written
                values.append(value)
            text = self._layout % tuple(values)
        except _LEFT_TO_SANDBOX:
            return None
        finally:
            if token is not None:
                sandbox.budget.reset(token)
        return text if len(text) <= sandbox.LIMITS.output else None


def _reader(kind: type, attr: str) -> Callable[[Any], Any]:
    """Read ``attr`` of an object of type ``kind``: a view's own getter if it is one."""
    if issubclass(kind, views.View):
        getter: Callable[[Any], Any] = getattr(kind, attr).fget
        return getter
    return operator.attrgetter(attr)


def _attribute(owner: Part, attr: str) -> Part:
    """Read ``attr`` of what ``owner`` gives, where the sandbox allows it."""
    readers: dict[type, Callable[[Any], Any]] = {}

    def attribute(context: Mapping[str, Any]) -> Any:
        obj = owner(context)
        read = readers.get(type(obj))
        if read is None:
            # Not looked at unless allowed; Jinja2's own objects (None) too.
            if not sandbox.readable(type(obj), attr):  # type: ignore[arg-type]  # classes are hashable: typeshed's Hashable misses it
                raise _UnsureError
            read = readers[type(obj)] = _reader(type(obj), attr)
        return read(obj)

    return attribute


def _filter(function: Callable[..., Any], value: Part, args: list[Part]) -> Part:
    """Call a filter on what ``value`` gives, with what ``args`` give."""

    def filtered(context: Mapping[str, Any]) -> Any:
        return function(value(context), *[arg(context) for arg in args])

    return filtered


def _constant(value: Any) -> Part:
    return lambda context: value


class _Compiler:
    """Turns the nodes of a simple template into parts; raises _NotSimpleError else."""

    def __init__(self, environment: Any) -> None:
        self.environment = environment
        self.filtered = False

    def lookup(self, node: nodes.Node) -> Part:
        # ``self`` is the template itself in Jinja2, not a variable.
        if type(node) is nodes.Name and node.ctx == "load" and node.name != "self":
            return operator.itemgetter(node.name)
        if type(node) is nodes.Getattr and node.ctx == "load":
            return _attribute(self.lookup(node.node), node.attr)
        raise _NotSimpleError

    def expression(self, node: nodes.Node) -> Part:
        if type(node) is nodes.Const:
            return _constant(node.value)
        if type(node) is not nodes.Filter:
            return self.lookup(node)
        function = self.environment.filters.get(node.name)
        if (
            function is None
            or getattr(function, "jinja_pass_arg", None) is not None
            or node.node is None
            or node.kwargs
            or node.dyn_args is not None
            or node.dyn_kwargs is not None
        ):
            raise _NotSimpleError
        self.filtered = True
        value = self.expression(node.node)
        return _filter(function, value, [self.expression(arg) for arg in node.args])

    def output(self, node: nodes.Node) -> list[str | Part]:
        if type(node) is not nodes.Output:
            raise _NotSimpleError
        return [
            child.data if type(child) is nodes.TemplateData else self.expression(child)
            for child in node.nodes
        ]


def compile_simple(tree: nodes.Template, environment: Any) -> SimpleTemplate | None:
    """The parsed template as a SimpleTemplate, or None if it is not that simple."""
    compiler = _Compiler(environment)
    try:
        parts = [part for node in tree.body for part in compiler.output(node)]
    except _NotSimpleError:
        return None
    return SimpleTemplate(parts, compiler.filtered)


__all__ = ["SimpleTemplate", "compile_simple"]
