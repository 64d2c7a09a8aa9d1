"""Objects that belong to another are never saved without it.

A Shot without its sequence, a Sequence or an Asset without its project, a
Task without the shot or asset it is done for, a Version without its task:
stored, they would be found by no project. They may be built without it
(the tutorial gives a task its shot later), but a flush refuses them with
``OrphanError`` naming the class and the attribute.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, attributes

from stalker.core.models import Asset, Sequence, Shot, Task, Version
from stalker.core.models.validation import a, message
from stalker.exceptions import OrphanError

#: (class, attribute, what it must be) for each object that belongs to another.
OWNERS: tuple[tuple[type, str, str], ...] = (
    (Sequence, "project", "Project"),
    (Asset, "project", "Project"),
    (Shot, "sequence", "Sequence"),
    (Task, "task_of", "Shot or an Asset"),
    (Version, "task", "Task"),
)


def _is_orphan(obj: Any, attr: str) -> bool:
    """Tell whether ``obj`` lacks its owner; a saved one not loaded is there."""
    state = attributes.instance_state(obj)
    owner = state.dict.get(f"_{attr}", state.has_identity)
    return owner is None or owner is False


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse a new object, or a changed one, without what it belongs to."""
    for obj in [*session.new, *session.dirty]:
        for cls, attr, owner in OWNERS:
            if isinstance(obj, cls) and _is_orphan(obj, attr):
                raise OrphanError(
                    message(obj, attr, f"{a(owner)} when it is saved", None)
                )


__all__ = ["OWNERS", "before_flush"]
