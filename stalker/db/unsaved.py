"""The user's unsaved work, kept so that a failed flush or commit gives it back.

SQLAlchemy's rollback makes the objects that were new in the transaction
transient and expires every persistent one, which drops its changes. Before
each flush ``UnsavedWork.capture`` notes what the transaction is about to
write: each new object with the values the user gave it, the changed
attributes of persistent objects (saved and new value) and the deleted
objects. After the rollback ``restore`` puts it all back: new objects are
pending again without the values the failed flush assigned (ids, version
numbers, audit fields), changed ones are modified again, deleted ones are
deleted again.

It reads the session's own bookkeeping (``_new``, ``_deleted``,
``identity_map._modified``) because the public views of it cost a pass over
every object on each flush.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.base import NO_VALUE, PASSIVE_NO_FETCH
from sqlalchemy.orm.state import InstanceState


class UnsavedWork:
    """What one transaction's flushes wrote, as the user had it before them."""

    def __init__(self, transaction: Any) -> None:
        self.transaction = transaction
        #: Objects new in the transaction: state -> (object, its values, order).
        self.created: dict[
            InstanceState[Any], tuple[Any, dict[str, Any], int | None]
        ] = {}
        #: Persistent objects changed: state -> (object, {key: (saved, new)}).
        self.changed: dict[InstanceState[Any], tuple[Any, dict[str, Any]]] = {}
        #: Objects deleted: state -> object.
        self.deleted: dict[InstanceState[Any], Any] = {}

    def capture(self, session: Session) -> None:
        """Note what the coming flush writes, before any flush hook runs."""
        for state, obj in session._new.items():
            # Still pending, so no flush touched it: these are the user's values.
            self.created[state] = (obj, _mapped_values(state), state.insert_order)
        for state in session.identity_map._modified:
            if state in self.created:
                values = self.created[state][1]
                values.update(
                    (key, state.dict[key])
                    for key in state.committed_state
                    if key in state.dict
                )
            else:
                self._note_changes(state)
        for state, obj in session._deleted.items():
            self.deleted[state] = obj

    def _note_changes(self, state: InstanceState[Any]) -> None:
        changes = self.changed.setdefault(state, (state.obj(), {}))[1]
        for key in state.committed_state.keys() & state.dict.keys():
            saved, new = state.committed_state[key], state.dict[key]
            if state.manager[key].impl.collection:
                new = list(new)
            changes[key] = (changes[key][0] if key in changes else saved, new)

    def restore(self, session: Session) -> None:
        """Put the work back into ``session``, just rolled back."""
        for state in self.deleted:
            self.created.pop(state, None)
        with session.no_autoflush:
            for state, (obj, changes) in self.changed.items():
                if state not in self.deleted:
                    _reapply(state, obj, changes)
            self._restore_created(session)
            for obj in self.deleted.values():
                session.delete(obj)

    def _restore_created(self, session: Session) -> None:
        for state, (_, values, _) in self.created.items():
            for key in state.manager.keys() & state.dict.keys() - values.keys():
                del state.dict[key]  # given by the failed flush: an id, a default
            state.dict.update(values)
            # Everything is to be written again, as for any new object.
            state.committed_state = dict.fromkeys(values, NO_VALUE)
            state.expired_attributes.clear()
            state.expired = False
        session.add_all(obj for obj, _, _ in self.created.values())
        for state, (obj, _, order) in self.created.items():
            state.insert_order = order
            _rejoin_saved_objects(state, obj)


def _mapped_values(state: InstanceState[Any]) -> dict[str, Any]:
    """The values of the mapped attributes of a new object."""
    manager = state.manager
    return {key: value for key, value in state.dict.items() if key in manager}


def _rejoin_saved_objects(state: InstanceState[Any], obj: Any) -> None:
    """Put ``obj`` back into the lists of saved objects it was added to.

    Appending a new object to an unloaded list of a saved one is only
    remembered by the saved object, and the rollback expired that memory.
    """
    for prop in state.mapper.relationships:
        related = state.dict.get(prop.key)
        if not prop.back_populates or related is None:
            continue
        for target in related if prop.uselist else (related,):
            target_state = attributes.instance_state(target)
            reverse = target_state.manager[prop.back_populates].impl
            if target_state.key is None or not reverse.collection:
                continue
            loaded = target_state.dict.get(prop.back_populates, ())
            if not any(item is obj for item in loaded):
                reverse.append(
                    target_state, target_state.dict, obj, None, PASSIVE_NO_FETCH
                )


def _reapply(state: InstanceState[Any], obj: Any, changes: dict[str, Any]) -> None:
    """Make ``obj`` modified again with its new values over the saved ones."""
    for key, (saved, new) in changes.items():
        if state.manager[key].impl.collection:
            attributes.set_committed_value(obj, key, new)
        else:
            state.dict[key] = new
        state.expired_attributes.discard(key)
        attributes.flag_modified(obj, key)
        state.committed_state[key] = saved


__all__ = ["UnsavedWork"]
