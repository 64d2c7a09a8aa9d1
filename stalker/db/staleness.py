"""Stale edits are refused: optimistic concurrency on every object.

Each row of ``simple_entities`` carries a version counter
(``simple_entities.version_id``, SQLAlchemy's ``version_id_col``): an UPDATE
or DELETE only applies to the version the session read, and bumps it. When
another process changed (or deleted) the row meanwhile, nothing matches and
the flush raises ``StaleEditError`` naming the object, instead of silently
overwriting the other process's change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.exc import StaleDataError

from stalker.exceptions import StaleEditError

_EDITED = "stalker.staleness.edited"


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Note the saved objects this flush changes or deletes, by class and name.

    A failed flush may expire them: the names are kept as text beforehand.
    """
    edited = []
    for obj in [*session.dirty, *session.deleted]:
        state = attributes.instance_state(obj)
        if state.has_identity and state.mapper.version_id_col is not None:
            edited.append(f"{type(obj).__name__} {state.dict.get('_name')!r}")
    session.info[_EDITED] = edited


def after_flush(session: Session, flush_context: Any) -> None:
    """Forget the names noted by ``before_flush``: the flush went through."""
    session.info.pop(_EDITED, None)


def translate(session: Session, error: BaseException) -> StaleEditError | None:
    """The StaleEditError for SQLAlchemy's StaleDataError, naming the object."""
    edited = session.info.pop(_EDITED, [])
    if not isinstance(error, StaleDataError):
        return None
    return StaleEditError(
        f"{' or '.join(edited) or 'an object'} was changed or deleted by another "
        "process since this session read it: the edit is refused so as not to "
        "overwrite that change; read it again (a new session, or "
        "session.refresh()) and edit it again"
    )


__all__ = ["after_flush", "before_flush", "translate"]
