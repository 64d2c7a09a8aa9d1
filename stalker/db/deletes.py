"""Deletes never take work with them as a side effect.

Deleting a task with children, versions, bookings or reviews, a user with
bookings or who leads projects, a project with sequences or assets, a
sequence with shots, a project, sequence, shot or asset with tasks, a
comment with replies is refused with ``DeleteRefusedError``, at once through
``delete()`` and at the latest at flush for ``session.delete()``.
``delete(task, with_versions=True)`` deletes a task together with its
versions, on purpose.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import instance_state

from stalker.core.models import (
    Comment,
    Project,
    Sequence,
    SimpleEntity,
    Task,
    TaskOwner,
    User,
)
from stalker.db import meta
from stalker.exceptions import DeleteRefusedError

#: (class, collection): the work that hangs off an object of the class.
WORK: tuple[tuple[type, str], ...] = (
    (Project, "sequences"),
    (Project, "assets"),
    (Sequence, "shots"),
    (TaskOwner, "tasks"),
    (Task, "children"),
    (Task, "versions"),
    (Task, "bookings"),
    (Task, "reviews"),
    (User, "bookings"),
    (User, "projects_lead"),
    (Comment, "replies"),
)


def check(obj: Any, deleted: Collection[Any] = ()) -> None:
    """Refuse to delete ``obj`` while work not in ``deleted`` hangs off it."""
    for cls, attr in WORK:
        if isinstance(obj, cls):
            held = [
                item
                for item in getattr(obj, attr)
                if item not in deleted and not instance_state(item).was_deleted
            ]
            if held:
                raise DeleteRefusedError(
                    f"{type(obj).__name__} {obj.name!r} cannot be deleted: its "  # type: ignore[attr-defined]
                    f"{attr} ({len(held)}) would be deleted or orphaned with it; "
                    f"delete or move them first"
                )


def delete(obj: SimpleEntity, *, with_versions: bool = False) -> None:
    """Delete ``obj`` in its session, refusing at once if work hangs off it.

    ``with_versions=True`` deletes a Task together with its versions.
    """
    session = object_session(obj) or meta.session()
    with session.no_autoflush:
        versions = list(obj.versions) if with_versions else []  # type: ignore[attr-defined]  # a Task's
        check(obj, [*versions, *session.deleted])  # those deleted already go too
    for version in versions:
        session.delete(version)
    session.delete(obj)


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse the deletes that would take work with them."""
    deleted = session.deleted
    if deleted:
        with session.no_autoflush:
            for obj in deleted:
                check(obj, deleted)


__all__ = ["WORK", "before_flush", "check", "delete"]
