"""What a commit expires: the objects its transaction wrote, not the rest.

SQLAlchemy's default (``expire_on_commit``) expires every object of the
session at each commit, so a commit costs as much as what the session holds
and every object is read again afterwards. Stalker's session expires only the
objects the transaction inserted or updated (their next read comes from the
database, with what the database computed) and detaches the ones it deleted:
a commit costs what it wrote. A commit that deleted objects expires every
object, as SQLAlchemy does: the loaded lists of other objects may still hold
the deleted ones, and which lists do is not known without looking at them
all. The objects a commit only read stay loaded as they were read:
``session.expire_all()``, ``session.refresh(obj)`` or a new session shows
what other processes committed since. Editing one of them after another
process changed it is refused (``StaleEditError``), so no change is lost.

An expired object also drops the lists its association proxies (a task's
``depends``, the ordered lists) keep in its ``__dict__``: each refers back
to the object, so an object written and no longer held by anyone is freed
at once instead of waiting for Python's cyclic collector. An ingest that
commits every few shots keeps only what it holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.state import InstanceState

#: The keys under which the association proxies keep their lists in an
#: object's ``__dict__`` (``stalker.db.mapper`` adds one per proxy it maps).
PROXY_CACHE_KEYS: set[str] = set()


def root(transaction: Any) -> Any:
    """The outermost transaction of ``transaction``, the one a commit ends."""
    while transaction._parent is not None:
        transaction = transaction._parent
    return transaction


def expire_written(session: Session, transaction: Any) -> None:
    """Expire what the committed ``transaction`` wrote; detach what it deleted.

    It reads the transaction's own record of the objects it inserted, updated
    and deleted (its savepoints' included); only a transaction that deleted
    objects expires the whole identity map.
    """
    if transaction._deleted:
        session.expire_all()
        InstanceState._detach_states(list(transaction._deleted), session)
        transaction._deleted.clear()
        return
    identity_map = session.identity_map
    for state in [*transaction._new, *transaction._dirty]:
        if identity_map.contains_state(state):
            values = state.dict
            state._expire(values, identity_map._modified)
            for key in PROXY_CACHE_KEYS.intersection(values):
                del values[key]
            # The empty lists SQLAlchemy lent for unset collections refer back too.
            state.__dict__.pop("_empty_collections", None)


__all__ = ["PROXY_CACHE_KEYS", "expire_written", "root"]
