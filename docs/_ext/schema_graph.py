"""A Graphviz drawing of a MetaData: its tables, their columns and foreign keys.

Pure SQLAlchemy, no Sphinx: the ``er-diagram`` directive
(``stalker_diagrams``) draws what ``er_dot()`` returns, and the test suite
reads it without Sphinx installed.
"""

from __future__ import annotations

import html
from typing import Any

from sqlalchemy import Column, MetaData, Table


def _row(column: Column[Any]) -> str:
    primary = "PK " if column.primary_key else ""
    marks = primary + ("FK " if column.foreign_keys else "")
    name = html.escape(column.name)
    kind = html.escape(str(column.type))
    return (
        f'<tr><td port="{name}" align="left">{marks}<b>{name}</b></td>'
        f'<td align="left">{kind}</td></tr>'
    )


def _node(table: Table) -> str:
    rows = "".join(_row(column) for column in table.columns)
    header = f'<tr><td colspan="2" bgcolor="lightgrey"><b>{table.name}</b></td></tr>'
    return (
        f'  "{table.name}" [label=<<table border="0" cellborder="1" '
        f'cellspacing="0">{header}{rows}</table>>];'
    )


def er_dot(metadata: MetaData) -> str:
    """Return a Graphviz graph of the tables, their columns and foreign keys."""
    lines = [
        "digraph tables {",
        "  graph [rankdir=LR, fontsize=10];",
        "  node [shape=plaintext, fontsize=9];",
        "  edge [dir=back, arrowtail=crow];",
    ]
    tables = [metadata.tables[name] for name in sorted(metadata.tables)]
    lines.extend(_node(table) for table in tables)
    for table in tables:
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            target = key.column
            lines.append(
                f'  "{table.name}":"{key.parent.name}" -> '
                f'"{target.table.name}":"{target.name}";'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
