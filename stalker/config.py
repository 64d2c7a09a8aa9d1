"""Studio-wide settings with their defaults, from a TOML file and the environment.

At import, ``settings`` is made from the defaults below, then the TOML file
named by ``STALKER_CONFIG`` (else ``~/.stalker/config.toml``, if it exists),
then ``STALKER_<NAME>`` variables, each winning over the one before. The file
is only parsed, never executed. Its keys are the setting names at the top
level, structured settings as tables (``[password_policy]``,
``[working_hours]``, ``[default_status_lists]``); a table gives only the keys
it changes. A variable of a text setting is taken as it is; any other is a
TOML value (``STALKER_SQLITE_BUSY_TIMEOUT=30``,
``STALKER_LOGIN_LIFETIME='{days = 1}'``,
``STALKER_HOLIDAYS='[2030-12-25]'``). A wrong type or an unknown key raises
``ConfigError`` naming the file or variable and the key. A program may also
change ``stalker.config.settings`` before calling ``stalker.db.setup()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from stalker.exceptions import ConfigError

#: The password ``db.setup()`` gives a new admin; Stalker warns while it is kept.
DEFAULT_ADMIN_PASSWORD = "admin"

#: Where the configuration file is looked for when ``STALKER_CONFIG`` is unset.
DEFAULT_CONFIG_FILE = "~/.stalker/config.toml"

Periods = tuple[tuple[dt.time, dt.time], ...]

_NINE_TO_SIX: Periods = ((dt.time(9), dt.time(18)),)


@dataclass
class PasswordPolicy:
    """The scrypt parameters new password hashes are made with."""

    n: int = 2**17
    r: int = 8
    p: int = 1
    salt_bytes: int = 16
    key_bytes: int = 32


@dataclass
class WorkingWeek:
    """The studio's working periods, ``(start, end)`` times per weekday."""

    monday: Periods = _NINE_TO_SIX
    tuesday: Periods = _NINE_TO_SIX
    wednesday: Periods = _NINE_TO_SIX
    thursday: Periods = _NINE_TO_SIX
    friday: Periods = _NINE_TO_SIX
    saturday: Periods = ()
    sunday: Periods = ()

    def periods(self) -> dict[int, list[tuple[dt.time, dt.time]]]:
        """The week as ``WorkingHours`` takes it: weekday number (0 is Monday)."""
        return {
            day: list(getattr(self, item.name)) for day, item in enumerate(fields(self))
        }


#: The statuses of the task workflow (stalker.core.models.workflow). Shots
#: and assets take them too, so that their status can add up from their
#: tasks'; sequences and projects keep the shorter list.
_TASK_WORKFLOW = ("WFD", "RTS", "WIP", "PREV", "HREV", "DREV", "OH", "STOP", "CMPL")


@dataclass
class StatusLists:
    """The short names of the statuses in each class's default StatusList."""

    project: tuple[str, ...] = ("NEW", "WIP", "OH", "STOP", "CMPL")
    sequence: tuple[str, ...] = ("NEW", "WIP", "OH", "STOP", "CMPL")
    shot: tuple[str, ...] = _TASK_WORKFLOW
    asset: tuple[str, ...] = _TASK_WORKFLOW
    task: tuple[str, ...] = _TASK_WORKFLOW
    version: tuple[str, ...] = ("NEW", "WIP", "PREV", "HREV", "CMPL")
    review: tuple[str, ...] = ("NEW", "APP", "RREV", "SUPD")


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
        ("Waiting For Dependency", "WFD"),
        ("Ready To Start", "RTS"),
        ("Work In Progress", "WIP"),
        ("Pending Review", "PREV"),
        ("Has Revision", "HREV"),
        ("Dependency Has Revision", "DREV"),
        ("On Hold", "OH"),
        ("Stopped", "STOP"),
        ("Completed", "CMPL"),
        ("Approved", "APP"),
        ("Requested Revision", "RREV"),
        ("Superseded", "SUPD"),
    )
    #: Which of those statuses each statused class's default StatusList has.
    default_status_lists: StatusLists = field(default_factory=StatusLists)
    #: The studio's week, ``schedule()``'s default working hours.
    working_hours: WorkingWeek = field(default_factory=WorkingWeek)
    #: Days nobody works, ``schedule()``'s default holidays.
    holidays: tuple[dt.date, ...] = ()


#: The keys of a duration given as a table (``{days = 1, hours = 12}``).
_DURATION_KEYS = ("weeks", "days", "hours", "minutes", "seconds")


def _is_secret(key: str) -> bool:
    """Whether a setting's value must never be shown (a password, a URL)."""
    return key.endswith("password") or key == "database"


def _refuse(where: str, key: str, expected: str, value: Any) -> typing.NoReturn:
    """Raise ``ConfigError``: ``<file or variable>: <key> should be ..., not ...``."""
    from stalker.core.models.validation import describe

    shown = type(value).__name__ if _is_secret(key) else describe(value)
    raise ConfigError(f"{where}: {key} should be {expected}, not {shown}")


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str):
        _refuse(where, key, "a string", value)
    return value


def _number(value: Any, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _refuse(where, key, "a number", value)
    return float(value)


def _integer(value: Any, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse(where, key, "an integer", value)
    return value


def _boolean(value: Any, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        _refuse(where, key, "true or false", value)
    return value


def _duration(value: Any, where: str, key: str) -> dt.timedelta:
    expected = "a number of seconds or a table of " + ", ".join(_DURATION_KEYS)
    if isinstance(value, Mapping) and set(value) <= set(_DURATION_KEYS):
        parts = {name: _number(v, where, f"{key}.{name}") for name, v in value.items()}
        return dt.timedelta(**parts)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _refuse(where, key, expected, value)
    return dt.timedelta(seconds=value)


def _iso(kind: Any, expected: str) -> Callable[[Any, str, str], Any]:
    """A converter to ``kind`` (date or time): TOML's own value or ISO text."""

    def convert(value: Any, where: str, key: str) -> Any:
        if isinstance(value, str):
            try:
                return kind.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, kind) and not isinstance(value, dt.datetime):
            return value
        _refuse(where, key, expected, value)

    return convert


_SCALARS: dict[Any, Callable[[Any, str, str], Any]] = {
    str: _text,
    bool: _boolean,
    float: _number,
    int: _integer,
    dt.timedelta: _duration,
    dt.date: _iso(dt.date, "a date (2030-12-25)"),
    dt.time: _iso(dt.time, "a time of day (09:30)"),
}


def _sequence(value: Any, hint: Any, where: str, key: str) -> tuple[Any, ...]:
    """A TOML array as the tuple ``hint`` describes, each item converted."""
    args = typing.get_args(hint)
    each = args[:1] * len(value) if args[1:] == (...,) else args
    if not isinstance(value, list) or len(value) != len(each):
        expected = "a list" if args[1:] == (...,) else f"a list of {len(args)} items"
        _refuse(where, key, expected, value)
    return tuple(
        _convert(item, kind, None, where, f"{key}[{i}]")
        for i, (item, kind) in enumerate(zip(value, each, strict=True))
    )


def _table(value: Any, cls: type, current: Any, where: str, key: str) -> Any:
    """``current`` (a dataclass) with the keys of the TOML table ``value`` changed."""
    if not isinstance(value, Mapping):
        _refuse(where, key, "a table", value)
    hints = typing.get_type_hints(cls)
    changes = {}
    for name, item in value.items():
        path = f"{key}.{name}" if key else name
        if name not in hints:
            raise ConfigError(f"{where}: unknown setting {path!r}")
        changes[name] = _convert(item, hints[name], getattr(current, name), where, path)
    return dataclasses.replace(current, **changes)


def _convert(value: Any, hint: Any, current: Any, where: str, key: str) -> Any:
    """``value`` read from TOML, as the type ``hint`` of the setting ``key``.

    ``X | None`` reads as ``X``: TOML has no null, so leave the key out.
    """
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _table(value, hint, current, where, key)
    if typing.get_origin(hint) is tuple:
        return _sequence(value, hint, where, key)
    return _SCALARS[hint](value, where, key)


def _toml() -> Any:
    """The TOML reader: the standard library's, or its backport on Python 3.10."""
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]  # 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    return tomllib


def _read_file(path: Path) -> dict[str, Any]:
    """The TOML table in the file at ``path``."""
    tomllib = _toml()
    try:
        with path.open("rb") as file:
            table: dict[str, Any] = tomllib.load(file)
            return table
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from None


def _parse_value(raw: str, variable: str) -> Any:
    """The TOML value written in the environment variable ``variable``."""
    tomllib = _toml()
    try:
        return tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{variable}: not a TOML value: {error}") from None


def _from_environment(
    settings: Settings, environ: Mapping[str, str] = os.environ
) -> Settings:
    """``settings`` with every ``STALKER_<NAME>`` variable of ``environ`` applied."""
    hints = typing.get_type_hints(Settings)
    for item in fields(settings):
        variable = f"STALKER_{item.name.upper()}"
        raw = environ.get(variable)
        if raw is not None:
            value = raw if hints[item.name] is str else _parse_value(raw, variable)
            settings = _table({item.name: value}, Settings, settings, variable, "")
    return settings


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    """The configuration file: ``STALKER_CONFIG``, else ``~/.stalker/config.toml``."""
    return Path(environ.get("STALKER_CONFIG") or DEFAULT_CONFIG_FILE).expanduser()


def load(environ: Mapping[str, str] = os.environ) -> Settings:
    """The defaults, changed by the configuration file, then by the variables.

    A file named by ``STALKER_CONFIG`` must exist; the default one may not.
    """
    settings = Settings()
    path = config_file(environ)
    if environ.get("STALKER_CONFIG") or path.is_file():
        settings = _table(_read_file(path), Settings, settings, str(path), "")
    return _from_environment(settings, environ)


settings = load()

__all__ = [
    "DEFAULT_ADMIN_PASSWORD",
    "DEFAULT_CONFIG_FILE",
    "PasswordPolicy",
    "Settings",
    "StatusLists",
    "WorkingWeek",
    "config_file",
    "load",
    "settings",
]
