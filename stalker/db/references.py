"""References of new objects to saved ones, written as keys in their INSERT.

Every Stalker class is a ``SimpleEntity``, so SQLAlchemy's unit of work
sees the classes of one inheritance tree referring to each other and
orders the new objects one by one; for each object and each many-to-one it
then copies the id of the object referred to into the row, and a
``post_update`` reference (the authors of users and departments) costs one
more UPDATE per row. A reference to a saved object (a Status, a StatusList,
the logged-in User) needs none of that: its id is known. Before each flush
the foreign key of such a reference of a new object is set from that id,
or to NULL for a reference to nothing, and the reference is taken out of
the unit of work's sight; it is put back once the flush is done, or has
failed. Many-to-ones without a reverse side are treated whatever they hold;
one with a reverse side (a task's parent, a user's department) only when it
holds nothing, so no list of another object needs to follow.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy.orm import MANYTOONE, Mapper, Session, attributes

_TAKEN = "stalker.references.taken"


@functools.cache
def references(mapper: Mapper[Any]) -> tuple[tuple[str, str, bool], ...]:
    """(relationship, foreign key attribute, one way) of ``mapper``'s many-to-ones.

    Each refers with one column of this class, mapped as a plain attribute,
    to the primary key of the other class; one way if the other class has
    no list of the objects referring to it.
    """
    return tuple(
        (prop.key, mapper.get_property_by_column(local).key, not prop._reverse_property)
        for prop in mapper.relationships
        if prop.direction is MANYTOONE
        and not prop.viewonly
        and len(prop.synchronize_pairs) == 1
        for remote, local in prop.synchronize_pairs
        if _is_primary_key(prop.mapper, remote)
    )


def _is_primary_key(mapper: Mapper[Any], column: Any) -> bool:
    """Tell whether ``column`` holds the one-column primary key of ``mapper``."""
    key = mapper.primary_key
    return len(key) == 1 and mapper.get_property_by_column(
        column
    ) is mapper.get_property_by_column(key[0])


def _saved_id(session: Session, obj: Any) -> Any:
    """The id of ``obj`` if it is saved, in ``session`` and not being deleted."""
    state = attributes.instance_state(obj)
    key = state.key
    if key is None or state.session_id != session.hash_key or state in session._deleted:
        return None
    return key[1][0]


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Write the references of new objects to saved ones (or None) as keys."""
    taken = []
    for state in session._new:
        values = state.dict
        for key, column_key, one_way in references(state.mapper):
            if key not in values:
                continue
            obj = values[key]
            if obj is not None and not one_way:
                continue
            saved_id = None if obj is None else _saved_id(session, obj)
            if obj is None or saved_id is not None:
                values[column_key] = saved_id
                del values[key]
                taken.append((state, key, obj))
    if taken:
        session.info[_TAKEN] = taken


def put_back(session: Session, *args: Any) -> None:
    """Give the new objects their references again: the flush is over."""
    for state, key, obj in session.info.pop(_TAKEN, ()):
        state.dict[key] = obj


__all__ = ["before_flush", "put_back", "references"]
