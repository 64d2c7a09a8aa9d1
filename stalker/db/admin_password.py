"""The warning that the admin user still has the default password."""

from __future__ import annotations

import warnings

from sqlalchemy import select
from sqlalchemy.orm import Session

from stalker.config import DEFAULT_ADMIN_PASSWORD, settings
from stalker.core.models import User
from stalker.exceptions import DefaultAdminPasswordWarning

#: Whether a stored hash is one of the default password (each checked once).
_is_default: dict[str, bool] = {}


def warn_if_default(session: Session) -> None:
    """Warn (``DefaultAdminPasswordWarning``) while admin's password is the default."""
    admin = session.scalars(
        select(User).where(User.login_name == settings.admin_login)
    ).one()
    stored = admin.password
    if stored not in _is_default:
        _is_default[stored] = admin.check_password(DEFAULT_ADMIN_PASSWORD)
    if _is_default[stored]:
        warnings.warn(
            DefaultAdminPasswordWarning(
                f"the {settings.admin_login!r} user still has the default password "
                f"{DEFAULT_ADMIN_PASSWORD!r}: give it a new one (see the README, "
                f"'How to change the admin password')"
            ),
            stacklevel=3,
        )


__all__ = ["warn_if_default"]
