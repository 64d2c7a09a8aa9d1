"""The objects every Stalker database starts with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stalker.config import settings
from stalker.core.models import (
    Asset,
    Project,
    Sequence,
    Shot,
    Status,
    StatusList,
    Task,
    User,
    Version,
)
from stalker.db.locks import Namespace, serialize
from stalker.exceptions import ConfigError

#: The classes that get a default StatusList.
STATUSED_CLASSES = (Project, Sequence, Shot, Asset, Task, Version)


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


def _admin(session: Session) -> User:
    admin = session.scalars(
        select(User).where(User.login_name == settings.admin_login)
    ).first()
    if admin is None:
        admin = User(
            login_name=settings.admin_login,
            first_name=settings.admin_login,
            email=settings.admin_email,
            password=settings.admin_password,
        )
        session.add(admin)
    return admin


def _statuses(session: Session, admin: User) -> dict[str, Status]:
    existing = {s.short_name: s for s in session.scalars(select(Status))}
    for name, short_name in settings.default_statuses:
        if short_name not in existing:
            status = Status(name=name, short_name=short_name, created_by=admin)
            session.add(status)
            existing[short_name] = status
    return existing


def _status_lists(session: Session, admin: User, statuses: dict[str, Status]) -> None:
    targets = set(
        session.scalars(
            select(StatusList.target_entity_type).where(
                StatusList.target_entity_type.is_not(None)
            )
        )
    )
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
    """Create the admin user, the default statuses and StatusLists if missing."""
    serialize(session, Namespace.DEFAULTS)
    with session.no_autoflush:
        admin = _admin(session)
        _status_lists(session, admin, _statuses(session, admin))
    session.commit()


__all__ = ["STATUSED_CLASSES", "default_status_lists", "ensure_defaults"]
