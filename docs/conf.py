"""Sphinx configuration for Stalker's documentation.

The docs build from a plain checkout: the repository root goes first on
``sys.path``, so the ``stalker`` of this checkout is documented, installed or
not (its dependencies must be importable).
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]

import stalker  # noqa: E402

project = "Stalker"
author = "The Stalker developers"
copyright = "2011-2026, the Stalker developers"
release = stalker.__version__
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.graphviz",
    "sphinx.ext.inheritance_diagram",
    "sphinx.ext.viewcode",
    "stalker_diagrams",
]
templates_path = ["_templates"]
exclude_patterns = ["_build"]
autosummary_generate = True
autodoc_member_order = "bysource"
# Each object is documented once, in the module that defines it: the
# packages' re-exports (``stalker.Project``) would make every reference to it
# ambiguous.
autodoc_default_options = {"ignore-module-all": True}
# Inherited docstrings would bring SQLAlchemy's, with labels of its own docs.
autodoc_inherit_docstrings = False
# Builtins in annotations (``type``) also match model attributes of that name
# (``Project.type``) in Sphinx's fuzzy search: "more than one target found".
suppress_warnings = ["ref.python"]
graphviz_output_format = "svg"
inheritance_graph_attrs = {"rankdir": "LR", "fontsize": 10}
html_theme = "alabaster"
