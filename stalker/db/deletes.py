"""Deletes never take work with them as a side effect.

Deleting a task with versions or bookings, a user with bookings or who
leads projects, a project with sequences or assets, a sequence with shots,
a shot or an asset with tasks is refused with ``DeleteRefusedError``, at
once through ``delete()`` and at the latest at flush for
``session.delete()``. ``delete(task, with_versions=True)`` deletes a task
together with its versions, on purpose.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, attributes, object_session

from stalker.core.models import AssetBase, Project, Sequence, SimpleEntity, Task, User
from stalker.db import meta
from stalker.exceptions import DeleteRefusedError

#: (class, collection): the work that hangs off an object of the class.
WORK: tuple[tuple[type, str], ...] = (
    (Project, "sequences"),
    (Project, "assets"),
    (Sequence, "shots"),
    (AssetBase, "tasks"),
    (Task, "versions"),
    (Task, "bookings"),
    (User, "bookings"),
    (User, "projects_lead"),
)

_ALLOWED = "stalker.deletes.allowed"


def check(obj: Any, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse to delete ``obj`` if work other than ``allowed`` hangs off it."""
    for cls, attr in WORK:
        if isinstance(obj, cls) and attr not in allowed:
            held = getattr(obj, attr)
            if held:
                raise DeleteRefusedError(
                    f"{type(obj).__name__} {obj.name!r} cannot be deleted: its "
                    f"{attr} ({len(held)}) would be deleted or orphaned with it; "
                    f"delete or move them first"
                )


def delete(obj: SimpleEntity, *, with_versions: bool = False) -> None:
    """Delete ``obj`` in its session, refusing if work hangs off it.

    ``with_versions=True`` deletes a Task together with its versions.
    """
    allowed = frozenset({"versions"}) if with_versions else frozenset()
    check(obj, allowed)
    session = object_session(obj) or meta.session()
    session.info.setdefault(_ALLOWED, {})[id(obj)] = allowed
    session.delete(obj)


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse the deletes that would take work with them."""
    allowed = session.info.pop(_ALLOWED, {})
    deleted = list(session.deleted)
    for obj in deleted:
        if attributes.instance_state(obj).mapper.class_ is not None:
            check(obj, allowed.get(id(obj), frozenset()))


__all__ = ["WORK", "before_flush", "check", "delete"]
