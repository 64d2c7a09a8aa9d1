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

#: The short names of the statuses in each class's default StatusList.
DEFAULT_STATUS_LISTS: dict[type, tuple[str, ...]] = {
    Project: ("NEW", "WIP", "OH", "STOP", "CMPL"),
    Sequence: ("NEW", "WIP", "OH", "STOP", "CMPL"),
    Shot: ("WTS", "RTS", "WIP", "PREV", "HREV", "OH", "STOP", "CMPL"),
    Asset: ("WTS", "RTS", "WIP", "PREV", "HREV", "OH", "STOP", "CMPL"),
    Task: ("WTS", "RTS", "WIP", "PREV", "HREV", "OH", "STOP", "CMPL"),
    Version: ("NEW", "WIP", "PREV", "HREV", "CMPL"),
}


def _admin(session: Session) -> User:
    admin = session.scalars(
        select(User).where(User.login_name == settings.admin_login)  # type: ignore[arg-type,comparison-overlap]
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
            select(StatusList.target_entity_type).where(  # type: ignore[call-overload]
                StatusList.target_entity_type.is_not(None)  # type: ignore[attr-defined]
            )
        )
    )
    for cls, short_names in DEFAULT_STATUS_LISTS.items():
        if cls.__name__ not in targets:
            session.add(
                StatusList(
                    name=f"{cls.__name__} Statuses",
                    statuses=[statuses[name] for name in short_names],
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


__all__ = ["DEFAULT_STATUS_LISTS", "ensure_defaults"]
