"""Diagrams drawn from the code when the docs are built, with Graphviz.

``.. er-diagram:: stalker.db.tables.metadata`` draws the tables, columns and
foreign keys of the MetaData named by its argument, so the diagram is always
the mapped schema of the code being documented.

``.. package-inheritance-diagram:: stalker.core.models`` draws the class
hierarchy of the public classes a package exports (its ``__all__``), where
``inheritance-diagram`` alone would find only classes defined in the
package's ``__init__``.
"""

from __future__ import annotations

import importlib
from typing import Any

from docutils.nodes import Node
from schema_graph import er_dot
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.ext.inheritance_diagram import InheritanceDiagram
from sphinx.util.docutils import SphinxDirective


def _import(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


class ERDiagram(SphinxDirective):
    """Draw the MetaData named by the argument (``package.module.name``)."""

    required_arguments = 1

    def run(self) -> list[Node]:
        """Return the Graphviz node of the MetaData's tables."""
        node = graphviz()
        node["code"] = er_dot(_import(self.arguments[0]))
        node["options"] = {"docname": self.env.docname}
        node["alt"] = f"The tables of {self.arguments[0]}"
        return [node]


def exported_classes(package: str) -> list[str]:
    """Return the dotted names of the classes in ``package.__all__``."""
    module = importlib.import_module(package)
    return [
        f"{package}.{name}"
        for name in module.__all__
        if isinstance(getattr(module, name), type)
    ]


class PackageInheritanceDiagram(InheritanceDiagram):
    """``inheritance-diagram`` of the classes a package exports."""

    def run(self) -> list[Node]:
        """Draw the exported classes of the package named by the argument."""
        self.arguments = [" ".join(exported_classes(self.arguments[0]))]
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives (they need the graphviz extensions)."""
    app.setup_extension("sphinx.ext.inheritance_diagram")
    app.add_directive("er-diagram", ERDiagram)
    app.add_directive("package-inheritance-diagram", PackageInheritanceDiagram)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
