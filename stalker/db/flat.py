"""Aliases of a class stored on two tables, joined one table at a time.

An ``aliased(Shot, flat=True)`` outer joined renders ``LEFT OUTER JOIN
(simple_entities JOIN shots ...) ON ...``; SQLite materializes such a nested
join, reading every row of ``simple_entities`` each time. ``flat()`` maps the
class onto its own aliases of both tables instead, and ``outerjoin()`` joins
them one after the other, each found by its primary key.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, FromClause, Join, Table
from sqlalchemy.orm import aliased

from stalker.db import tables as t


class Flat(NamedTuple):
    """An aliased class and the aliases of its two tables it is read from."""

    entity: Any
    base: FromClause
    own: FromClause


def flat(cls: type, table: Table) -> Flat:
    """Alias ``cls`` (stored on ``simple_entities`` and ``table``) for ``outerjoin``."""
    base, own = t.simple_entities.alias(), table.alias()
    return Flat(aliased(cls, base.join(own, own.c.id == base.c.id)), base, own)


def outerjoin(onto: FromClause, target: Flat, key: ColumnElement[Any]) -> Join:
    """Outer join ``target``'s row whose id is ``key`` (None if there is none)."""
    own, base = target.own, target.base
    return onto.outerjoin(own, own.c.id == key).outerjoin(base, base.c.id == own.c.id)


__all__ = ["Flat", "flat", "outerjoin"]
