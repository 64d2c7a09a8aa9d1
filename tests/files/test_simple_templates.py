"""Simple templates render in plain Python exactly as in the sandbox, or not at all."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stalker import SimpleEntity, User, Version, db
from stalker.exceptions import TemplateError, TemplateSecurityError
from stalker.files import sandbox
from stalker.files.placement import Take
from stalker.files.templates import compile_template, render
from stalker.files.views import View, view

NAME = "TypeTemplate('Shot').file_code"

#: Simple templates (text, lookups, filters) their plain form renders.
RENDERED = [
    "",
    "Assets/Props",
    "Sequences/{{ sequence.code }}/Shots/{{ shot.code }}/{{ task.name }}",
    "{{ shot.code }}_{{ task.name }}_{{ take }}"
    "_v{{ '%03d'|format(version.version_number) }}",
    "{{ asset.name }}_{{ take.name }}_{{ asset_type.name }}_v{{ version.version_number }}",
    "ASSETS/{{ asset_type.name }}/{{ asset.name }}/{{ pipeline_step.code }}",
    "{{ project.code }}/100%/{{ project.name|lower }}\n",
    "{{ project.name|title|center(30) }}",
    "{{ 7 }}{{ 'seven' }}",
    "{{ user.login_name|upper }}",
]

#: Simple templates whose plain form leaves them to the sandbox (which refuses).
LEFT = [
    "{{ 'x'|center(100000) }}",
    "{{ project.__class__ }}",
    "{{ user.password }}",
    "{{ project.create_structure }}",
    "{{ text.format }}",
    "{{ model.name }}",
    "{{ thing.code }}",
    "{{ project._stalker_source }}",
    "{{ missing.name }}",
    "{{ project.nope }}",
    "{{ none }}",
]

#: Templates the sandbox alone renders.
NOT_SIMPLE = [
    "{{ project.code + '/x' }}",
    "{{ project.name|replace(' ', '_') }}",
    "{{ project['code'] }}",
    "{{ self }}",
    "{{ project.name|lower()|join(sep) }}",
    "{{ project.name|truncate(length=3) }}",
    "{{ project.name|join(*names) }}",
    "{{ [1, 2]|map('string')|join }}",
    "{{ project.sequences|first }}",
    "{% if shot %}{{ shot.code }}{% endif %}",
    "{% for s in project.sequences %}{{ s.code }}{% endfor %}",
    "{{ ''.upper() }}",
    "{{ ''.format }}",
]


@pytest.fixture
def variables(production) -> dict:
    """A context like a version's, with a user, None and plain values."""
    version = Version(task=production.anim_task)
    db.session.flush()
    user = User(login_name="ozgur", first_name="O", email="o@x.x", password="p")
    return {
        "repository": view(production.repository),
        "project": view(production.project),
        "sequence": view(production.sequence),
        "shot": view(production.shots[0]),
        "asset": view(production.asset),
        "asset_type": view(production.character),
        "pipeline_step": view(production.model_task.pipeline_step),
        "task": view(production.anim_task),
        "take": Take("MAIN"),
        "version": view(version),
        "user": view(user),
        "model": production.project,
        "none": None,
        "number": 7,
        "text": "a%b",
        "thing": SimpleNamespace(password="visible", format="f", code="T"),
    }


def sandboxed(source: str, context: dict) -> str | Exception:
    """What Jinja2's sandbox renders, or the error it raises."""
    template = compile_template(source)
    token = sandbox.budget.set(sandbox.Budget())
    try:
        return template.render(context)
    except Exception as error:  # any error is an answer to compare
        return error
    finally:
        sandbox.budget.reset(token)


def check_same(source: str, context: dict) -> str | None:
    """Render both ways; the plain form gives the sandbox's text or leaves it."""
    simple = compile_template(source).simple
    text = None if simple is None else simple.render(context)
    if text is not None:
        assert text == sandboxed(source, context)
    return text


@pytest.mark.parametrize("source", RENDERED + LEFT)
def test_simple_templates_have_a_plain_form(source):
    """Text, lookups and filters without context arguments compile to plain Python."""
    assert compile_template(source).simple is not None


@pytest.mark.parametrize("source", NOT_SIMPLE)
def test_other_templates_are_left_to_the_sandbox(source):
    """Operators, items, statements, calls and special names have no plain form."""
    assert compile_template(source).simple is None


@pytest.mark.parametrize("source", RENDERED)
def test_plain_form_renders_what_the_sandbox_renders(variables, source):
    """Each simple template of paths renders in plain Python, to the same text."""
    assert check_same(source, variables) is not None


@pytest.mark.parametrize("source", LEFT)
def test_plain_form_leaves_refusals_and_errors_to_the_sandbox(variables, source):
    """A refused attribute, a missing name or attribute, None: the sandbox decides."""
    assert check_same(source, variables) is None
    assert isinstance(sandboxed(source, variables), sandbox.RENDER_ERRORS)


def test_attribute_safety_is_decided_per_type(variables):
    """An attribute allowed on a view is refused on any other object."""
    assert render("{{ thing.name }}", {"thing": variables["user"]}, NAME) == "ozgur"
    for other in (variables["model"], variables["thing"], Disguised(User)):
        with pytest.raises(TemplateSecurityError) as error:
            render("{{ thing.name }}", {"thing": other}, NAME)
        assert str(error.value).endswith(
            ".name (templates read views and plain values only)"
        )
    assert render("{{ thing.upper() }}", {"thing": "text"}, NAME) == "TEXT"
    with pytest.raises(TemplateSecurityError) as error:
        render("{{ thing.format }}", {"thing": "text"}, NAME)
    assert str(error.value).endswith("str.format (use the format filter instead)")


class Disguised:
    """An object that says it is of another class (``__class__``)."""

    name = "visible"

    def __init__(self, disguise: type) -> None:
        self.disguise = disguise

    @property
    def __class__(self) -> type:
        return self.disguise


@pytest.mark.parametrize("disguise", [User, View])
def test_an_object_cannot_claim_to_be_a_view(disguise):
    """The sandbox looks at type(), which __class__ cannot change."""
    with pytest.raises(TemplateSecurityError) as error:
        render("{{ x.name }}", {"x": Disguised(disguise)}, NAME)
    assert str(error.value).endswith(
        "Disguised.name (templates read views and plain values only)"
    )


@pytest.mark.parametrize(
    ("limit", "fits", "exceeds", "reason"),
    [
        (
            {"output": 5},
            "{{ shot.code }}",
            "{{ shot.code }}/",
            "writing more than 5 characters",
        ),
        (
            {"steps": 2},
            "{{ shot.code|lower|upper }}",
            "{{ shot.code|lower|upper|lower }}",
            "more than 2 loop iterations, calls and filters",
        ),
    ],
)
def test_limits_hold_in_the_plain_form(
    variables, monkeypatch, limit, fits, exceeds, reason
):
    """Output and filters are bounded as in the sandbox, from a fresh budget."""
    assert check_same(exceeds, variables) is not None
    monkeypatch.setattr(sandbox, "LIMITS", dataclasses.replace(sandbox.LIMITS, **limit))
    for _ in range(3):
        assert check_same(fits, variables) is not None
    assert check_same(exceeds, variables) is None
    with pytest.raises(TemplateSecurityError) as error:
        render(exceeds, variables, NAME)
    assert str(error.value) == f"{NAME} is refused (line 1): {reason}"


def test_none_and_missing_values_raise_as_before(variables):
    """The sandbox's errors, with their lines, for what the plain form leaves."""
    with pytest.raises(TemplateError) as error:
        render("a\n{{ none }}", variables, NAME)
    assert str(error.value) == (
        f"{NAME} cannot be rendered (line 2): it writes None (a value that is not set)"
    )
    with pytest.raises(TemplateError) as error:
        render("{{ shot.nope }}", variables, NAME)
    assert "has no attribute 'nope'" in str(error.value)


class Broken(SimpleEntity):
    """A model whose code cannot be read."""

    error: type[Exception] = RuntimeError

    @property
    def code(self) -> str:
        raise self.error("broken")


@pytest.mark.parametrize(
    ("error", "expected"),
    [(KeyError, TemplateError), (RuntimeError, RuntimeError)],
)
def test_errors_of_model_objects_go_through_as_in_the_sandbox(
    monkeypatch, error, expected
):
    """Template errors are named; any other error of a model is raised as is."""
    monkeypatch.setattr(Broken, "error", error)
    broken = view(object.__new__(Broken))
    with pytest.raises(expected):
        render("{{ x.code }}", {"x": broken}, NAME)


_NAMES = st.sampled_from(
    [
        *("project", "sequence", "shot", "asset", "task", "take", "version"),
        *("user", "none", "number", "text", "thing", "missing", "self", "range"),
        "model",
    ]
)
_ATTRIBUTES = st.sampled_from(
    [
        *("code", "name", "nice_name", "project", "sequence", "version_number"),
        *("take", "password", "_name", "__class__", "create_structure", "upper"),
        *("format", "nope", "fps", "type", "task_of", "login_name"),
    ]
)
_FILTERS = st.sampled_from(
    [
        *("", "|lower", "|upper", "|string", "|length", "|int", "|title", "|trim"),
        *("|replace('S', '%')", "|center(9)", "|center(100000)", "|default('d')"),
        *("|format(1)", "|join('-')", "|first", "|list", "|abs", "|float"),
    ]
)
_FORMATS = st.sampled_from(["%03d", "%s", "%s-%s", "%0999d", "%(x)s", "%%"])


@st.composite
def _expressions(draw) -> str:
    chain = ".".join([draw(_NAMES), *draw(st.lists(_ATTRIBUTES, max_size=2))])
    if draw(st.booleans()):
        return f"'{draw(_FORMATS)}'|format({chain})"
    return chain + draw(_FILTERS)


_TEXT = st.text(alphabet="ab_/-. %#\n\r\t", max_size=6)
_TEMPLATES = st.lists(
    st.tuples(_TEXT, _expressions(), st.sampled_from(["{{ ", "{{- "])), max_size=4
).map(lambda parts: "".join(f"{text}{start}{expr} }}}}" for text, expr, start in parts))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(source=st.tuples(_TEMPLATES, _TEXT).map("".join))
@example(source="{{ shot.code }}_{{ task.name }}_{{ take }}\n")
@example(source="{{ text }}%s{{ number }}\r\n")
def test_any_simple_template_renders_as_in_the_sandbox(variables, source):
    """Random templates of text, lookups and filters: the same text, or the sandbox."""
    check_same(source, variables)
