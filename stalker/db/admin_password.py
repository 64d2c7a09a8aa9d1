"""The warning that the admin user still has the default password.

It is given for a database in a file or on a server, never for an in-memory
one (a test or a demo that is gone when the process ends). Once admin's
password was changed it costs no KDF run: the default's hash carries a marker
(``stalker.passwords.may_be_default``). Only the stored hash is read: no
``User`` object is loaded.
"""

from __future__ import annotations

import warnings

from sqlalchemy import select
from sqlalchemy.orm import Session

from stalker.config import DEFAULT_ADMIN_PASSWORD, settings
from stalker.db import tables as t
from stalker.db.engine import is_in_memory
from stalker.exceptions import DefaultAdminPasswordWarning
from stalker.passwords import may_be_default, verify_password

#: Whether a stored hash is one of the default password (each checked once).
_is_default: dict[str, bool] = {}


def _is_default_hash(stored: str | None) -> bool:
    if stored is None or not may_be_default(stored):
        return False
    if stored not in _is_default:
        _is_default[stored] = verify_password(DEFAULT_ADMIN_PASSWORD, stored)
    return _is_default[stored]


def warn_if_default(session: Session) -> None:
    """Warn (``DefaultAdminPasswordWarning``) while admin's password is the default.

    Only for a database in a file or on a server.
    """
    if is_in_memory(session.get_bind().engine.url):
        return
    users = t.users
    stored = session.execute(
        select(users.c.password).where(users.c.login_name == settings.admin_login)
    ).scalar_one()
    if _is_default_hash(stored):
        warnings.warn(
            DefaultAdminPasswordWarning(
                f"the {settings.admin_login!r} user still has the default password "
                f"{DEFAULT_ADMIN_PASSWORD!r}: give it a new one (see the README, "
                f"'How to change the admin password')"
            ),
            stacklevel=3,
        )


__all__ = ["warn_if_default"]
