"""The objects every Stalker database starts with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stalker.config import settings
from stalker.core.models import (
    Asset,
    Project,
    Review,
    Sequence,
    Shot,
    Status,
    StatusList,
    Task,
    User,
    Version,
)
from stalker.db import tables as t
from stalker.exceptions import ConfigError

#: The classes that get a default StatusList.
STATUSED_CLASSES = (Project, Sequence, Shot, Asset, Task, Version, Review)

#: The flags of the default statuses that carry one (Status.is_done...).
DEFAULT_FLAGS: dict[str, dict[str, bool]] = {
    "CMPL": {"is_done": True},
    "STOP": {"is_done": True},
    "WIP": {"is_wip": True},
    "HREV": {"is_retake": True},
}


def default_status_lists() -> dict[type, tuple[str, ...]]:
    """The short names of each class's default StatusList (a setting)."""
    lists = settings.default_status_lists
    return {cls: getattr(lists, cls.__name__.lower()) for cls in STATUSED_CLASSES}


def _pick(
    cls: type, short_names: tuple[str, ...], statuses: dict[str, Status]
) -> list[Status]:
    """The statuses named for ``cls``'s list; ``ConfigError`` for a missing one."""
    for name in short_names:
        if name not in statuses:
            raise ConfigError(
                f"settings.default_status_lists.{cls.__name__.lower()} names the "
                f"status {name!r}, which is not in settings.default_statuses"
            )
    return [statuses[name] for name in short_names]


def _admin(session: Session) -> User | None:
    return session.scalars(
        select(User).where(User.login_name == settings.admin_login)  # type: ignore[arg-type,comparison-overlap]
    ).first()


def _new_admin(session: Session) -> User:
    admin = User(
        login_name=settings.admin_login,
        first_name=settings.admin_login,
        email=settings.admin_email,
        password=settings.admin_password,
    )
    session.add(admin)
    return admin


def _statuses(session: Session) -> dict[str, Status]:
    return {s.short_name: s for s in session.scalars(select(Status))}


def _list_targets(session: Session) -> set[str]:
    return set(
        session.scalars(
            select(StatusList.target_entity_type).where(  # type: ignore[call-overload]
                StatusList.target_entity_type.is_not(None)  # type: ignore[attr-defined]
            )
        )
    )


def missing_defaults(session: Session) -> bool:
    """Tell, reading only, whether admin, a status or a StatusList is missing.

    Plain table reads, no objects: a tool's start on a ready database loads
    nothing it does not use.
    """
    users, statuses, lists = t.users, t.statuses, t.status_lists
    admin = select(users.c.id).where(users.c.login_name == settings.admin_login)
    names = session.scalars(select(statuses.c.short_name))
    targets = session.scalars(
        select(lists.c.target_entity_type).where(
            lists.c.target_entity_type.is_not(None)
        )
    )
    return (
        session.scalar(admin) is None
        or not {short for _, short in settings.default_statuses} <= set(names)
        or not {cls.__name__ for cls in STATUSED_CLASSES} <= set(targets)
    )


def _add_statuses(session: Session, admin: User) -> dict[str, Status]:
    existing = _statuses(session)
    for name, short_name in settings.default_statuses:
        if short_name not in existing:
            flags = DEFAULT_FLAGS.get(short_name, {})
            status = Status(
                name=name,
                short_name=short_name,
                created_by=admin,
                is_done=flags.get("is_done", False),
                is_wip=flags.get("is_wip", False),
                is_retake=flags.get("is_retake", False),
            )
            session.add(status)
            existing[short_name] = status
    return existing


def _add_status_lists(
    session: Session, admin: User, statuses: dict[str, Status]
) -> None:
    targets = _list_targets(session)
    for cls, short_names in default_status_lists().items():
        if cls.__name__ not in targets:
            session.add(
                StatusList(
                    name=f"{cls.__name__} Statuses",
                    statuses=_pick(cls, short_names, statuses),
                    target_entity_type=cls.__name__,
                    created_by=admin,
                )
            )


def ensure_defaults(session: Session) -> None:
    """Add the missing admin user, default statuses and StatusLists.

    The caller holds the lock that makes processes do this one at a time
    and commits.
    """
    with session.no_autoflush:
        admin = _admin(session) or _new_admin(session)
        _add_status_lists(session, admin, _add_statuses(session, admin))


__all__ = [
    "DEFAULT_FLAGS",
    "STATUSED_CLASSES",
    "default_status_lists",
    "ensure_defaults",
    "missing_defaults",
]
