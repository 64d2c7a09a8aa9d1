"""The docs: every public module is on the API page, the diagrams, the tutorial.

Building the docs takes too long for the suite (``.ci/run`` builds them with
warnings as errors); these tests check what the build is made from.
"""

from __future__ import annotations

import importlib.util
import pkgutil
import re
from pathlib import Path
from types import ModuleType

from test_readme import README, code_blocks, section

import stalker
from stalker.db import tables

DOCS = Path(__file__).parent.parent / "docs"

#: Modules the docs once left out (issue 14).
ONCE_MISSING = [
    "stalker.config",
    "stalker.db.bulk",
    "stalker.db.queries",
    "stalker.files.lookup",
    "stalker.files.placement",
    "stalker.scheduler",
]


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def recursive_autosummary_roots(text: str) -> list[str]:
    """The entries of the ``.. autosummary::`` directives with ``:recursive:``."""
    roots = []
    for body in re.findall(r"\.\. autosummary::\n((?:   .*\n|\n)+)", text):
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        if ":recursive:" in lines:
            roots += [line for line in lines if not line.startswith(":")]
    return roots


def public_modules() -> list[str]:
    """Every module of the package whose dotted name has no ``_`` part."""
    found = pkgutil.walk_packages(stalker.__path__, "stalker.")
    names = ["stalker", *(info.name for info in found)]
    return [n for n in names if not any(p.startswith("_") for p in n.split("."))]


def test_every_public_module_is_reachable_from_the_api_page():
    """The API page's recursive autosummary roots cover every public module."""
    roots = recursive_autosummary_roots(page("api.rst"))
    assert roots == ["stalker"]
    modules = public_modules()
    assert set(ONCE_MISSING) <= set(modules)
    unreachable = [
        name
        for name in modules
        if not any(name == root or name.startswith(f"{root}.") for root in roots)
    ]
    assert unreachable == []


def test_the_module_template_documents_members_and_recurses():
    """Each module page documents its members and lists its own modules again."""
    template = page("_templates/autosummary/module.rst")
    assert ".. automodule:: {{ fullname }}\n   :members:" in template
    assert ".. autosummary::\n   :toctree:\n   :recursive:\n" in template


def _extension(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_er_diagram_draws_every_table_column_and_foreign_key():
    """er_dot() gives a node per table, a row per column, an edge per foreign key."""
    dot = _extension("schema_graph").er_dot(tables.metadata)
    for table in tables.metadata.tables.values():
        node = re.search(rf'\n  "{table.name}" \[label=<(.*)>\];\n', dot)
        assert node, table.name
        ports = re.findall(r'port="([^"]+)"', node.group(1))
        assert ports == [column.name for column in table.columns]
    edges = re.findall(r'\n  "(\w+)":"(\w+)" -> "(\w+)":"(\w+)";', dot)
    assert sorted(edges) == sorted(
        (table.name, key.parent.name, key.column.table.name, key.column.name)
        for table in tables.metadata.tables.values()
        for key in table.foreign_keys
    )
    assert ("users", "department_id", "departments", "id") in edges
    assert dot.startswith("digraph tables {") and dot.endswith("}\n")


def test_the_design_page_has_both_diagrams():
    """design.rst draws the class hierarchy and the tables at build time."""
    design = page("design.rst")
    assert ".. package-inheritance-diagram:: stalker.core.models\n" in design
    assert ".. er-diagram:: stalker.db.tables.metadata\n" in design
    assert "stalker_diagrams" in page("conf.py")


def included_readme_python_blocks(text: str) -> list[str]:
    """The Python blocks of the README parts a page includes, as docutils cuts them."""
    blocks = []
    for after, before in re.findall(
        r"\.\. include:: \.\./README\.rst\n   :start-after: (.*)\n   :end-before: (.*)\n",
        text,
    ):
        start = README.index(after) + len(after)
        blocks += code_blocks(README[start : README.index(before, start)], "python")
    return blocks


def test_the_tutorial_page_includes_the_readme_blocks_the_suite_runs():
    """The README parts on the tutorial page are those tests/test_readme.py runs."""
    included = included_readme_python_blocks(page("tutorial.rst"))
    expected = code_blocks(section("Tutorial"), "python")
    expected += code_blocks(section("Files on disk"), "python")
    expected += code_blocks(section("Scheduling"), "python")
    expected += code_blocks(section("Production tracking"), "python")
    assert included == expected


def test_python_blocks_are_only_on_the_tutorial_page():
    """No other page has Python code that the suite would not run."""
    for path in sorted(DOCS.glob("*.rst")):
        if path.name != "tutorial.rst":
            text = path.read_text(encoding="utf-8")
            assert code_blocks(text, "python") == [], path.name
            assert included_readme_python_blocks(text) == [], path.name
