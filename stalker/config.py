"""Studio-wide settings with their defaults.

A studio overrides them in Python (``stalker.config.settings.admin_password =
...``) before calling ``stalker.db.setup()``, or through environment
variables named ``STALKER_<SETTING>`` (for example ``STALKER_ADMIN_LOGIN``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields

#: The password ``db.setup()`` gives a new admin; Stalker warns while it is kept.
DEFAULT_ADMIN_PASSWORD = "admin"


@dataclass
class PasswordPolicy:
    """The scrypt parameters new password hashes are made with."""

    n: int = 2**17
    r: int = 8
    p: int = 1
    salt_bytes: int = 16
    key_bytes: int = 32


@dataclass
class Settings:
    """Every setting Stalker reads, with its default value."""

    admin_login: str = "admin"
    admin_password: str = DEFAULT_ADMIN_PASSWORD
    admin_email: str = "admin@admin.com"
    database: str = "sqlite://"
    #: Seconds a writer waits for a lock another process holds before
    #: ``LockTimeoutError`` (SQLite's busy timeout, PostgreSQL's lock_timeout).
    lock_timeout: float = 60.0
    #: The IANA time zone the studio's working hours are given in.
    studio_timezone: str = "UTC"
    password_policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    #: Where ``stalker.db.auth`` keeps the login session (owner-only folder).
    session_folder: str = "~/.stalker/sessions"
    #: How long a login stays valid.
    login_lifetime: dt.timedelta = dt.timedelta(days=7)
    #: (name, short name) of the statuses ``db.setup()`` creates.
    default_statuses: tuple[tuple[str, str], ...] = (
        ("New", "NEW"),
        ("Waiting To Start", "WTS"),
        ("Ready To Start", "RTS"),
        ("Work In Progress", "WIP"),
        ("Pending Review", "PREV"),
        ("Has Revision", "HREV"),
        ("On Hold", "OH"),
        ("Stopped", "STOP"),
        ("Completed", "CMPL"),
    )


def _from_environment(settings: Settings) -> Settings:
    """Override the plain string settings from ``STALKER_*`` variables."""
    for item in fields(settings):
        if item.type == "str":
            value = os.environ.get(f"STALKER_{item.name.upper()}")
            if value is not None:
                setattr(settings, item.name, value)
    return settings


settings = _from_environment(Settings())

__all__ = ["DEFAULT_ADMIN_PASSWORD", "PasswordPolicy", "Settings", "settings"]
