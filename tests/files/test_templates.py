"""Templates are untrusted data: the sandbox renders what paths need, refuses the rest."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from stalker import Project, User
from stalker.exceptions import TemplateError, TemplateSecurityError
from stalker.files import sandbox, templates, views
from stalker.files.templates import compile_template, render
from stalker.files.views import View, view

NAME = "TypeTemplate('Character').path_code"


def refused(source: str, **context) -> str:
    with pytest.raises(TemplateSecurityError) as error:
        render(source, context, NAME)
    return str(error.value)


def failed(source: str, **context) -> str:
    with pytest.raises(TemplateError) as error:
        render(source, context, NAME)
    assert not isinstance(error.value, TemplateSecurityError)
    return str(error.value)


@pytest.fixture
def project() -> View:
    return view(Project(name="Fancy Commercial"))


@pytest.fixture
def user() -> View:
    return view(
        User(
            login_name="ozgur",
            first_name="Ozgur",
            email="ozgur@example.com",
            password="secret",
        )
    )


# what paths need --------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ project.code }}/Assets", "FANCY_COMMERCIAL/Assets"),
        ("{{ project.code + '/Sequences' }}", "FANCY_COMMERCIAL/Sequences"),
        (
            "{{ project.code ~ '/' ~ project.nice_name }}",
            "FANCY_COMMERCIAL/fancy_commercial",
        ),
        ("v{{ '%03d'|format(7) }}", "v007"),
        ("v{{ '%03d' % 12 }}", "v012"),
        ("{{ project.name|lower|replace(' ', '_') }}", "fancy_commercial"),
        ("{{ project.code.lower().zfill(20) }}", "0000fancy_commercial"),
        ("{% for i in range(3) %}{{ loop.index }}{% endfor %}", "123"),
        ("{{ ['a', 'b']|join('/') }}", "a/b"),
        ("{{ '/'.join(['a', 'b']) }}", "a/b"),
        (
            "{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
            "6",
        ),
        ("{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(1) }}{{ m(2) }}", "<1><2>"),
        ("{% set b %}{{ project.code }}{% endset %}{{ b|length }}", "16"),
        ("{{ 'x'|center(5) }}", "  x  "),
        ("{{ [1, 2, 3, 4]|batch(2)|list|length }}", "2"),
        ("{{ 2 ** 10 }}", "1024"),
        ("{{ project.fps|int * 2 }}", "50"),
        ("{{ 'a-b'.replace('-', '_') }}", "a_b"),
        ("{{ 'aaa'.replace('a', 'bb', 1) }}", "bbaa"),
        ("{{ 'aaa'|replace('a', 'bb', 2) }}", "bbbba"),
        ("{{ 'a\tb'.expandtabs(2) }}", "a b"),
        ("{{ (['a'] * 2 + ['b'])|join }}", "aab"),
        ("{{ 'abc'[0] }}{{ {'k': 'v'}['k'] }}", "av"),
        (
            "{{ [1, 'a', None, (2.5,), {'k': [1]}] }}",
            "[1, 'a', None, (2.5,), {'k': [1]}]",
        ),
        ("{{ '%ld-%5.2f' % (5, 1) }}", "5- 1.00"),
        ("{{ [[1], 2] == [[1], 2] and 2 in (range(9000)|list) }}", "True"),
        ("{{ [3, 1, 2]|sort|join }}{{ {'a': [1]} != {} }}", "123True"),
        ("{{ project.sequences }}", "()"),
        ("{{ project }}", "<Project 'Fancy Commercial'>"),
    ],
)
def test_renders_what_paths_need(project, source, expected):
    """Model attributes, filters, loops, macros and formats work as usual."""
    assert render(source, {"project": project}, NAME) == expected


@pytest.mark.parametrize(
    ("value", "length"),
    [(b"ab", 22), (1 << 10_000, 2500), (2**64, 20), ("x" * 10, 10), ([], 2)],
)
def test_text_lengths_are_known_before_the_text(value, length):
    """Bytes, huge integers and lists are measured without writing them out."""
    assert sandbox.text_length(value) == length


def test_compiled_once_and_cached():
    """The same source gives the same compiled template: no recompiling."""
    source = "{{ project.code }}/cached"
    assert compile_template(source) is compile_template(source)
    before = compile_template.cache_info().hits
    for _ in range(50):
        render(source, {"project": view(Project(name="P"))}, NAME)
    assert compile_template.cache_info().hits == before + 50


def test_label_names_class_name_and_attribute():
    """label() names a template in messages: Class('name').attr."""
    project = Project(name="Fancy Commercial")
    assert templates.label(project, "code") == "Project('Fancy Commercial').code"


def test_label_object_is_made_when_shown():
    """Label names like label(), from the name the object has when shown."""
    project = Project(name="Fancy Commercial")
    name = templates.Label(project, "code")
    project.name = "Renamed"
    assert str(name) == templates.label(project, "code") == "Project('Renamed').code"


# errors ------------------------------------------------------------------------
def test_undefined_variable_is_an_error():
    """A missing variable raises, naming the template and its line."""
    assert failed("a/\n{{ asset_typ.name }}") == (
        f"{NAME} cannot be rendered (line 2): 'asset_typ' is undefined"
    )


def test_missing_attribute_is_an_error(project):
    """A missing attribute of a view raises instead of an empty string."""
    message = failed("{{ project.nope }}", project=project)
    assert message.startswith(f"{NAME} cannot be rendered (line 1): ")
    assert "has no attribute 'nope'" in message


def test_syntax_error_names_the_line():
    """A syntax error raises with its line."""
    assert failed("ok\n{% for %}").startswith(f"{NAME} cannot be rendered (line 2): ")


def test_none_is_not_written():
    """Writing None (an unset value) is an error, not the text 'None'."""
    assert failed("{{ v }}", v=None) == (
        f"{NAME} cannot be rendered (line 1): it writes None (a value that is not set)"
    )


def test_python_errors_become_template_errors():
    """Division by zero and the like become TemplateError."""
    assert failed("{{ 1 // 0 }}").startswith(f"{NAME} cannot be rendered (line 1): ")


def test_recursion_is_an_error():
    """A macro calling itself forever stops with an error."""
    assert "recursion" in failed("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")


# hostile templates ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "part"),
    [
        ("{{ project.__class__ }}", "Project.__class__ (a private attribute)"),
        ("{{ project._name }}", "Project._name (a private attribute)"),
        ("{{ project['_name'] }}", "Project._name (a private attribute)"),
        (
            "{{ project._stalker_source }}",
            "Project._stalker_source (a private attribute)",
        ),
        ("{{ ''.__class__.__mro__ }}", "str.__class__ (a private attribute)"),
        (
            "{{ project.create_structure() }}",
            "Project.create_structure (not among the names templates may read)",
        ),
        (
            "{{ project.create_structure }}",
            "Project.create_structure (not among the names templates may read)",
        ),
        (
            "{{ project|attr('create_structure') }}",
            "Project.create_structure (not among the names templates may read)",
        ),
        (
            "{{ project.structure }}",
            "Project.structure (not among the names templates may read)",
        ),
        (
            "{{ '{0.__class__}'.format(project) }}",
            "str.format (use the format filter instead)",
        ),
        ("{{ '{}'.format_map({}) }}", "str.format_map (use the format filter instead)"),
        ("{{ 'x'.encode() }}", "str.encode (not among the names templates may read)"),
        (
            "{{ (1).to_bytes(10 ** 9, 'big') }}",
            "int.to_bytes (not among the names templates may read)",
        ),
        ("{{ range.__globals__ }}", "function.__globals__ (a private attribute)"),
        (
            "{{ range.start }}",
            "function.start (templates read views and plain values only)",
        ),
        (
            "{{ dict.fromkeys }}",
            "type.fromkeys (templates read views and plain values only)",
        ),
        ("{{ (project.sequences|map('upper')).gi_frame }}", "generator.gi_frame"),
    ],
)
def test_private_attributes_and_model_methods_are_refused(project, source, part):
    """Private names, methods, unlisted names and opaque objects raise, naming the part."""
    message = refused(source, project=project)
    assert message.startswith(f"{NAME} is refused (line 1): {part}")


@pytest.mark.parametrize(
    "source",
    [
        "{{ user.password }}",
        "{{ user['password'] }}",
        "{{ user|attr('password') }}",
        "{{ [user]|map(attribute='password')|join }}",
        "{% if user.password %}x{% endif %}",
    ],
)
def test_secrets_are_refused(user, source):
    """A user's password hash can be read in no way."""
    message = refused(source, user=user)
    assert message.endswith("User.password (not among the names templates may read)")
    assert views.source(user).password not in message


def test_lists_are_tuples(project):
    """The lists of a view are tuples: they cannot be changed."""
    assert "'tuple object' has no attribute 'append'" in failed(
        "{{ project.sequences.append(1) }}", project=project
    )


def test_model_objects_are_opaque():
    """A model object given to render() is never looked at: views only."""
    project = Project(name="Fancy Commercial")
    assert refused("{{ p.name }}", p=project).endswith(
        "Project.name (templates read views and plain values only)"
    )
    assert refused("{{ p['name'] }}", p=project).endswith(
        "Project.name (templates read views and plain values only)"
    )


def test_calling_a_view_is_refused(project):
    """A view has no methods and cannot be called."""
    assert refused("{{ p() }}", p=project).endswith(
        "calling a Project (views have no methods)"
    )


@pytest.mark.parametrize(
    ("source", "part"),
    [
        ("{% include 'x' %}", "{% include %} on line 1: templates load no others"),
        ("{% import 'x' as y %}", "{% import %} on line 1: templates load no others"),
        ("{% from 'x' import y %}", "{% from %} on line 1: templates load no others"),
        ("{% extends 'x' %}", "{% extends %} on line 1: templates load no others"),
        (
            "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}",
            "a recursive loop on line 1",
        ),
    ],
)
def test_loading_and_recursive_loops_are_refused(source, part):
    """Templates load no other templates and run no recursive loops."""
    assert refused(source) == f"{NAME} is refused: {part}"


@pytest.mark.parametrize(
    ("source", "part"),
    [
        ("{{ 'x' * 100000 }}", "a string of 100000 characters (at most 16384)"),
        ("{{ 100000 * 'x' }}", "a string of 100000 characters (at most 16384)"),
        ("{{ [0] * 100000 }}", "a list of 100000 items (at most 10000)"),
        (
            "{{ 'x' * 9000 + 'y' * 9000 }}",
            "a string of 18000 characters (at most 16384)",
        ),
        ("{{ ['x'] * 9000 + ['y'] * 9000 }}", "a list of 18000 items (at most 10000)"),
        (
            "{{ 'x' * 9000 ~ 'y' * 9000 }}",
            "a string of 18000 characters (at most 16384)",
        ),
        ("{{ 10 ** 100 }}", "an integer of more than 64 bits"),
        ("{{ 2 ** 64 }}", "an integer of more than 64 bits"),
        ("{{ 4294967296 * 4294967296 }}", "an integer of more than 64 bits"),
        ("{{ range(100000) }}", "a range of 100000 items (at most 10000)"),
        (
            "{{ range(10 ** 18) }}",
            "a range of 1000000000000000000 items (at most 10000)",
        ),
        ("{{ range(-(2 ** 62), 2 ** 62) }}", "a range of 10001 items (at most 10000)"),
        ("{{ '%0999d' % 1 }}", "a '%' format field wider than 256: '%0999d'"),
        ("{{ '%.999f' % 1 }}", "a '%' format field wider than 256: '%.999f'"),
        ("{{ '%*d' % (5, 1) }}", "a '%' format field wider than 256: '%*d'"),
        ("{{ '%0999d'|format(1) }}", "a '%' format field wider than 256: '%0999d'"),
        ("{{ 'x'|center(100000) }}", "a string of 100000 characters (at most 16384)"),
        ("{{ 'x'.center(100000) }}", "a string of 100000 characters (at most 16384)"),
        ("{{ 'x'.zfill(100000) }}", "a string of 100000 characters (at most 16384)"),
        (
            "{{ ('\t' * 100).expandtabs(1000) }}",
            "a string of 100100 characters (at most 16384)",
        ),
        (
            "{{ ('x' * 1000).replace('x', 'y' * 1000) }}",
            "a string of 1000000 characters (at most 16384)",
        ),
        (
            "{{ ('x' * 1000)|replace('x', 'y' * 1000) }}",
            "a string of 1000000 characters (at most 16384)",
        ),
        (
            "{{ ('x' * 1000).replace('', 'y' * 1000) }}",
            "a string of 1002000 characters (at most 16384)",
        ),
        (
            "{{ range(5000)|join('x' * 100) }}",
            "a string of 499900 characters (at most 16384)",
        ),
        (
            "{{ ('x' * 100).join(range(5000)|map('string')) }}",
            "a string of 499900 characters (at most 16384)",
        ),
        (
            "{{ [1]|batch(10 ** 9, 0)|list }}",
            "a list of 1000000000 items (at most 10000)",
        ),
        ("{{ [1]|slice(10 ** 9)|list }}", "a list of 1000000000 items (at most 10000)"),
        ("{{ ('9' * 30)|int }}", "an integer of more than 64 bits"),
        ("{{ '%r' % 1 }}", "a '%r' format field (use '%s')"),
        (
            "{{ [range(10000)|list] * 2 == [range(10000)|list] * 2 }}",
            "comparing a list of more than 10000 items in all",
        ),
        (
            "{{ 1 in [range(10000)|list] * 2 }}",
            "comparing a list of more than 10000 items in all",
        ),
        (
            "{{ ([range(10000)|list] * 2)|sort }}",
            "comparing a list of more than 10000 items in all",
        ),
        (
            "{{ [1]|select('in', [{'a': range(10000)|list}] * 2)|list }}",
            "comparing a list of more than 10000 items in all",
        ),
        (
            "{{ range }}",
            "writing a function (only text, numbers, dates, views and lists of "
            "them can be written)",
        ),
        (
            "{{ [namespace()] }}",
            "writing a Namespace (only text, numbers, dates, views and lists of "
            "them can be written)",
        ),
    ],
)
def test_unbounded_work_is_refused(source, part):
    """Big strings, lists, integers and formats are refused before they are made."""
    assert refused(source) == f"{NAME} is refused (line 1): {part}"


@pytest.mark.parametrize(
    "source",
    [
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        "{% set r = range(1000) %}{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}",
        "{% set s = 'x' * 1000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        "{% for a in range(10000) %}{{ 'x'.upper() }}{{ 'y'.lower() }}{{ 1|abs }}{% endfor %}"
        "{% for a in range(10000) %}{{ 'x'.upper() }}{{ 'y'.lower() }}{{ 1|abs }}{% endfor %}"
        "{% for a in range(10000) %}{{ 'x'.upper() }}{{ 'y'.lower() }}{{ 1|abs }}{% endfor %}"
        "{% for a in range(10000) %}{{ 'x'.upper() }}{{ 'y'.lower() }}{{ 1|abs }}{% endfor %}",
    ],
)
def test_long_loops_are_refused(source):
    """Loop iterations, calls and filters share a budget per render."""
    assert refused(source) == (
        f"{NAME} is refused (line 1): more than 100000 loop iterations, calls and filters"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set b %}{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = b %}{% endfor %}",
        "{% set ns = namespace(n=2) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    ],
)
def test_doubling_is_refused(source):
    """Growing a value by doubling it in a loop stops at the limits."""
    message = refused(source)
    assert message.startswith(f"{NAME} is refused (line 1): ")
    assert "at most" in message or "more than 64 bits" in message


def test_written_characters_are_bounded(monkeypatch):
    """Everything written, inside macros and blocks too, counts against the limit."""
    monkeypatch.setattr(
        sandbox, "LIMITS", dataclasses.replace(sandbox.LIMITS, output=1000)
    )
    source = (
        "{% macro m() %}{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}{% endmacro %}"
        "{% set s = m() %}"
    )
    assert (
        refused(source)
        == f"{NAME} is refused (line 1): writing more than 1000 characters"
    )
    assert render("{{ 'x' * 999 }}", {}, NAME) == "x" * 999


@pytest.mark.parametrize("source", ["{{ '%04d'|format(n) }}", "{{ '%04d'|format(7) }}"])
def test_format_width_limit_is_read_at_each_render(monkeypatch, source):
    """A '%' format checked once before, even of constants, is checked again."""
    assert render(source, {"n": 7}, NAME) == "0007"
    monkeypatch.setattr(sandbox, "LIMITS", dataclasses.replace(sandbox.LIMITS, width=3))
    assert refused(source, n=7) == (
        f"{NAME} is refused (line 1): a '%' format field wider than 3: '%04d'"
    )


def test_no_unsafe_globals():
    """Only range, namespace and dict are global: no lipsum, cycler, joiner."""
    for name in ("lipsum", "cycler", "joiner"):
        assert failed("{{ " + name + " }}") == (
            f"{NAME} cannot be rendered (line 1): '{name}' is undefined"
        )


@pytest.mark.parametrize(
    "name", ["indent", "wordwrap", "pprint", "tojson", "urlize", "sum", "random"]
)
def test_only_allowed_filters(name):
    """Filters not needed for paths are not there."""
    assert f"No filter named '{name}'" in failed("{{ 'x'|" + name + " }}")


def test_every_allowed_filter_exists():
    """The allowed filters are Jinja2's own."""
    from jinja2.filters import FILTERS

    assert set(FILTERS) >= sandbox.ALLOWED_FILTERS


def test_budget_is_per_render():
    """Each render starts with a fresh budget."""
    source = "{% for i in range(9000) %}{% endfor %}ok"
    for _ in range(20):
        assert render(source, {}, NAME) == "ok"


def test_import_stalker_does_not_load_jinja():
    """import stalker, the models and the light file modules leave Jinja2 unloaded."""
    probe = (
        "import sys, stalker, stalker.core.os_paths, stalker.files.sequences\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jinja2', 'sqlalchemy'))))"
    )
    loaded = subprocess.check_output(
        [sys.executable, "-c", probe], text=True, timeout=120
    )
    assert loaded.strip() == "[]"


def test_variables_of_names_what_a_template_reads():
    """variables_of() lists the context names read, not those a template sets."""
    source = (
        "{{ shot.code }}/{{ take }}{% for x in steps %}{{ x.name }}{% endfor %}"
        "{% set local = 1 %}{{ local }}"
    )
    assert templates.variables_of(source) == {"shot", "take", "steps"}
    assert templates.variables_of("plain/text") == frozenset()
