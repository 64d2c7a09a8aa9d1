"""Objects of a session that ``setup()`` replaces stay printable.

``setup()`` called again (a re-run script in Maya) closes the previous
session, and its objects become detached. A detached object cannot load
anything: an attribute that a commit expired, or a parent it never loaded,
raises ``DetachedInstanceError`` when read, even by ``repr()``. Before the
session goes, ``keep_printable()`` loads the expired columns (one statement
per class and 500 objects) and sets each many-to-one parent that is already
in the session, so nothing further is read.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.interfaces import MANYTOONE
from sqlalchemy.orm.state import InstanceState

#: At most this many identities in one ``IN (...)``.
_IDENTITIES_PER_STATEMENT = 500


def _load_expired(session: Session) -> None:
    """Load the expired columns of the session's objects, a class at a time."""
    expired: defaultdict[Mapper[Any], list[tuple[Any, ...]]] = defaultdict(list)
    for state in session.identity_map.all_states():
        if state.expired_attributes:
            expired[state.mapper.base_mapper].append(state.identity)  # type: ignore[arg-type]  # mapped: it has one
    for mapper, identities in expired.items():
        key = tuple_(*mapper.primary_key)
        for start in range(0, len(identities), _IDENTITIES_PER_STATEMENT):
            chunk = identities[start : start + _IDENTITIES_PER_STATEMENT]
            session.execute(
                select(mapper)
                .where(key.in_(chunk))
                .execution_options(populate_existing=True)
            ).all()


def _parent_at_hand(session: Session, state: InstanceState[Any], prop: Any) -> Any:
    """The object a many-to-one ``prop`` of ``state`` points at, if in the session."""
    target = prop.mapper
    values = {
        target.get_property_by_column(remote).key: state.dict.get(
            state.mapper.get_property_by_column(local).key
        )
        for local, remote in prop.local_remote_pairs
    }
    key = [values.get(target.get_property_by_column(c).key) for c in target.primary_key]
    return session.identity_map.get(target.identity_key_from_primary_key(key))


def _set_parents_at_hand(session: Session) -> None:
    """Set every unloaded many-to-one parent that the session already holds."""
    for state in list(session.identity_map.all_states()):
        for prop in state.mapper.relationships:
            if prop.direction is MANYTOONE and prop.key not in state.dict:
                parent = _parent_at_hand(session, state, prop)
                if parent is not None:
                    set_committed_value(state.obj(), prop.key, parent)


def keep_printable(session: Session) -> None:
    """Load what the objects of ``session`` would need the database for later.

    A previous database that cannot be read leaves them as they are.
    """
    try:
        with session.no_autoflush:
            _load_expired(session)
    except SQLAlchemyError:
        return
    _set_parents_at_hand(session)


__all__ = ["keep_printable"]
