"""How plain objects meet the session: auto-add, clean-up, default statuses."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import (
    Mapper,
    RelationshipProperty,
    Session,
    attributes,
    joinedload,
    object_mapper,
)
from sqlalchemy.orm.interfaces import ORMOption

from stalker.core.models import SimpleEntity, StatusedEntity, StatusList
from stalker.core.models.entity import hooks
from stalker.db import meta
from stalker.db.mapper import StatusListEntry
from stalker.db.session import no_autoflush

_default_lists: dict[type, StatusList] = {}


@cache
def _with_statuses() -> ORMOption:
    """Read a StatusList's statuses with it: one statement instead of three."""
    entries = joinedload(StatusList._statuses_entries)  # type: ignore[attr-defined]
    return entries.joinedload(StatusListEntry.item, innerjoin=True)  # type: ignore[misc]


def created(obj: SimpleEntity) -> None:
    """Make a newly constructed object pending in the session (``auto_add``)."""
    if meta.auto_add:
        add_new(meta.session(), obj)


@cache
def _cascading(mapper: Mapper[Any]) -> tuple[RelationshipProperty[Any], ...]:
    """The relationships of ``mapper`` along which ``session.add`` cascades."""
    return tuple(r for r in mapper.relationships if "save-update" in r.cascade)


def add_new(session: Session, obj: Any) -> None:
    """``session.add(obj)`` for a newly constructed object, walking less.

    SQLAlchemy's ``add`` looks at every attribute of the object for related
    objects to add with it. A new object holds in its ``__dict__`` every
    related object it has, so only those relationships are walked; from the
    objects found, SQLAlchemy's own walk goes on. The same objects join the
    session, in the same order.
    """
    state = attributes.instance_state(obj)
    state._orphaned_outside_of_session = False
    session._save_or_update_impl(state)
    values, contained = state.dict, session._contains_state
    state_of = attributes.instance_state
    for prop in _cascading(state.mapper):
        # The walk stops at objects in the session: most hold only such.
        value = values.get(prop.key)
        if prop.uselist:
            if all(contained(state_of(item)) for item in value or ()):
                continue
        elif value is None or contained(state_of(value)):
            continue
        found = prop.cascade_iterator("save-update", state, values, set(), contained)
        for _, mapper, item, _ in found:
            session._save_or_update_impl(item)
            for _, _, deeper, _ in mapper.cascade_iterator(
                "save-update", item, halt_on=contained
            ):
                session._save_or_update_impl(deeper)


def abandoned(obj: SimpleEntity) -> None:
    """Unlink an object whose construction failed from every related object.

    Backrefs may already have put it in other objects' collections; left
    there, the half-built object would be flushed along with them.
    """
    state = attributes.instance_state(obj)
    for prop in object_mapper(obj).relationships:
        if prop.key not in state.dict:
            continue
        if prop.uselist:
            getattr(obj, prop.key).clear()
        else:
            setattr(obj, prop.key, None)
    if obj in meta.session:
        meta.session.expunge(obj)


def default_status_list(cls: type) -> StatusList | None:
    """Return the StatusList whose target is ``cls`` or its nearest base."""
    session = meta.session
    cached = _default_lists.get(cls)
    if cached is not None and cached in session:
        state = attributes.instance_state(cached)
        if not state.expired:
            return cached
        # Expired by a commit: read again, with its statuses, in one statement.
        found = session.get(StatusList, state.identity, options=[_with_statuses()])
        if found is not None:
            return found
    names = [k.__name__ for k in cls.__mro__ if issubclass(k, StatusedEntity)]
    with session.no_autoflush:
        lists = {
            found.target_entity_type: found
            for found in session.scalars(
                select(StatusList)
                .where(StatusList.target_entity_type.in_(names))  # type: ignore[attr-defined]
                .options(_with_statuses())
            ).unique()
        }
    for name in names:
        if name in lists:
            _default_lists[cls] = lists[name]
            return lists[name]
    return None


def constructing() -> AbstractContextManager[Any]:
    """Keep the session from flushing while an object is half-built."""
    return no_autoflush(meta.session())


def saved_id(obj: SimpleEntity) -> int | None:
    """Return the id of a saved object from its identity key; never a query."""
    state = inspect(obj, raiseerr=False)
    identity = state.identity if state is not None else None
    return identity[0] if identity else None


def install() -> None:
    """Connect the model hooks to the session and forget cached lookups."""
    _default_lists.clear()
    hooks.constructing = constructing
    hooks.created = created
    hooks.abandoned = abandoned
    hooks.default_status_list = default_status_list
    hooks.saved_id = saved_id


__all__ = ["install"]
