"""Compiling templates once and rendering them in the sandbox.

Compiled templates are cached by their source, so rendering the paths of
thousands of versions compiles each template once. Every failure becomes a
Stalker error naming the template (``label``) and, when known, the line.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from stalker.exceptions import TemplateError, TemplateSecurityError

#: How many compiled templates are kept.
CACHE_SIZE = 1024


def label(obj: Any, attr: str) -> str:
    """Name a template for error messages: ``Structure('Movies').project_template``."""
    return f"{type(obj).__name__}({obj.name!r}).{attr}"


class Label:
    """``label(obj, attr)``, made only when an error message shows it."""

    __slots__ = ("attr", "obj")

    def __init__(self, obj: Any, attr: str) -> None:
        self.obj, self.attr = obj, attr

    def __str__(self) -> str:
        return label(self.obj, self.attr)


@functools.cache
def _environment() -> Any:
    from stalker.files.sandbox import PathTemplateEnvironment

    return PathTemplateEnvironment()


@functools.lru_cache(maxsize=CACHE_SIZE)
def variables_of(source: str) -> frozenset[str]:
    """The names of the context variables ``source`` reads."""
    from jinja2 import meta

    return frozenset(meta.find_undeclared_variables(_environment().parse(source)))


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_template(source: str) -> Any:
    """Return the compiled template of ``source``, compiled once and cached."""
    return _environment().compile_template(source)


def _line(error: BaseException) -> int | None:
    """The template line an error was raised on, from Jinja2's traceback."""
    line = getattr(error, "lineno", None)
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def render(source: str, context: Mapping[str, Any], name: str | Label) -> str:
    """Render ``source`` with ``context`` in the sandbox; ``name`` labels errors.

    A simple template renders in plain Python (``simple_templates``), which
    leaves to the sandbox all it cannot render exactly as the sandbox would.
    """
    import stalker.files.sandbox as sandbox

    try:
        template = compile_template(source)
        text = None if template.simple is None else template.simple.render(context)
        return _sandboxed(template, context) if text is None else text
    except sandbox.RefusedError as error:
        raise TemplateSecurityError(_describe(name, "is refused", error)) from None
    except sandbox.RENDER_ERRORS as error:
        raise TemplateError(_describe(name, "cannot be rendered", error)) from None


def _sandboxed(template: Any, context: Mapping[str, Any]) -> str:
    """Render a compiled template in Jinja2's sandbox, with a budget of its own."""
    import stalker.files.sandbox as sandbox

    token = sandbox.budget.set(sandbox.Budget())
    try:
        rendered: str = template.render(context)
        return rendered
    finally:
        sandbox.budget.reset(token)


def _describe(name: str | Label, verdict: str, error: BaseException) -> str:
    line = _line(error)
    where = f" (line {line})" if line else ""
    return f"{name} {verdict}{where}: {error}"


__all__ = [
    "CACHE_SIZE",
    "Label",
    "compile_template",
    "label",
    "render",
    "variables_of",
]
