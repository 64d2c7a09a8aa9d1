"""Objects that belong to another are never saved without it.

A Shot without its sequence (or with a sequence of no project), a Task
without the project, sequence, shot or asset it is done for, a Version
without its task: stored, they would be found by no project. They may be
built without it (the tutorial gives a task its shot later, and may query
meanwhile, which flushes), but a commit refuses them with ``OrphanError``
naming the class and the attribute, and nothing of the transaction is
stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, attributes

from stalker.core.models import Shot, Task, Version
from stalker.core.models.validation import a, message
from stalker.exceptions import OrphanError

#: (class, attribute, what it must be) for each object that belongs to another.
OWNERS: tuple[tuple[type, str, str], ...] = (
    (Shot, "sequence", "Sequence"),
    (Task, "task_of", "Project, Sequence, Shot or Asset"),
    (Version, "task", "Task"),
)


def _is_orphan(obj: Any, attr: str) -> bool:
    """Tell whether ``obj`` lacks its owner; a saved one not loaded is there."""
    state = attributes.instance_state(obj)
    owner = state.dict.get(f"_{attr}", state.has_identity)
    return owner is None or owner is False


def _check_shot(shot: Shot) -> None:
    """A shot's sequence must belong to a project: shot codes are unique in it."""
    sequence = attributes.instance_state(shot).dict.get("_sequence")
    if sequence is not None and sequence.project is None:
        raise OrphanError(
            message(
                shot, "sequence", "a Sequence of a Project when it is saved", sequence
            )
        )


_WATCHED = "stalker.orphans.watched"
_CLASSES = tuple(cls for cls, _, _ in OWNERS)


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Note the objects each flush of the transaction writes, for the commit."""
    watched = session.info.setdefault(_WATCHED, {})
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, _CLASSES):
            watched[id(obj)] = obj


def before_commit(session: Session) -> None:
    """Refuse the commit if an object written or about to be is an orphan."""
    watched = session.info.pop(_WATCHED, {})
    for obj in [*watched.values(), *session.new, *session.dirty]:
        for cls, attr, owner in OWNERS:
            if isinstance(obj, cls) and _is_orphan(obj, attr):
                raise OrphanError(
                    message(obj, attr, f"{a(owner)} when it is saved", None)
                )
        if isinstance(obj, Shot):
            _check_shot(obj)


def forget(session: Session) -> None:
    """Forget the noted objects: the transaction ended (committed or rolled back).

    A commit's own last flushes note objects again after ``before_commit``:
    kept, they would outlive the commit until the next one.
    """
    session.info.pop(_WATCHED, None)


__all__ = ["OWNERS", "before_commit", "before_flush", "forget"]
