"""The authentication system of Stalker: logins kept in a Beaker session on disk.

``authenticate(username, password)`` returns the User or raises
``LoginError``; ``login(user)`` writes the user's id and a new random token
to a Beaker session in the user's private session folder
(``settings.session_folder``), so every later Stalker process of that user
on the workstation finds it: ``"user_id" in SESSION`` is true and
``get_user()`` returns the User; ``logout()`` ends it::

    if "user_id" in auth.SESSION:
        user = auth.get_user()
    else:
        user = auth.authenticate(username, password)
        auth.login(user)

The database keeps only a hash of each token, with an expiry
(``settings.login_lifetime``): ``get_user()`` trusts the session only while
its token is valid, so an edited session file logs nobody in, and
``logout()`` revokes every token of the workstation's seat (a ``seat`` file
made once in the folder), so logins that raced each other leave no token
behind. The session is stored as JSON (Beaker's own file format is a
pickle) in a folder that is refused unless it is private to its owner, and
read and written relative to the folder's checked descriptor
(``stalker.db.session_folder``). ``login()``, ``logout()`` and an
``authenticate()`` that re-hashes a password commit ``db.session``.
"""

from __future__ import annotations

import base64
import functools
import inspect
import json
import logging
import secrets
import unicodedata
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar, overload

from beaker.container import FileNamespaceManager, OpenResourceNamespaceManager
from beaker.session import Session
from beaker.synchronization import null_synchronizer
from sqlalchemy import select, update
from sqlalchemy.orm import Session as DatabaseSession
from sqlalchemy.orm import attributes

from stalker.core.models import Group, Project, User
from stalker.core.models.validation import describe, utc_now
from stalker.db import audit, meta, tables, tokens
from stalker.db.session_folder import open_folder, private_folder, session_folder
from stalker.exceptions import LoginError, PermissionDeniedError, ValidationTypeError
from stalker.passwords import needs_rehash, verify_at_policy_cost

_log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: The id of the one login session of a user on a workstation.
SESSION_ID = "stalker"

#: The file the session is kept in, inside the session folder.
SESSION_FILE = "session.json"

#: The file naming this workstation's login seat: every token issued through
#: this session folder belongs to it, and ``logout()`` revokes them all.
SEAT_FILE = "seat"

#: What ``authenticate()`` says for a wrong user name and a wrong password alike.
WRONG_LOGIN = "authenticate() got a wrong user name or password"


def _read_json_hash(raw: bytes | None) -> dict[str, str]:
    """The stored namespace; anything unreadable counts as empty."""
    try:
        data = json.loads(raw or b"")
        if not isinstance(data, dict):
            return {}
        for value in data.values():
            base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        return {}
    return data


class _JsonFileNamespace(FileNamespaceManager):  # type: ignore[misc]  # untyped Beaker
    """Beaker's file namespace, kept as JSON in the checked session folder.

    Beaker's own file namespace opens its files and lock files by path; this
    one opens one file relative to the folder's checked descriptor
    (``stalker.db.session_folder``) and needs no lock: each write replaces the
    whole file at once.
    """

    def __init__(self, namespace: str, data_dir: str, **kwargs: Any) -> None:
        OpenResourceNamespaceManager.__init__(self, namespace)
        self.folder = Path(data_dir)
        self.hash: dict[str, str] = {}
        self.flags: str | None = None

    def get_access_lock(self) -> null_synchronizer:
        """No lock file: the session file is replaced whole at each write."""
        return null_synchronizer()

    def do_open(self, flags: str, replace: bool) -> None:
        """Load the namespace (an empty one when replacing or unreadable)."""
        self.flags = flags
        self.hash = {}
        folder = None if replace else open_folder(self.folder, create=False)
        if folder is not None:
            with folder:
                self.hash = _read_json_hash(folder.read(SESSION_FILE))

    def do_close(self) -> None:
        """Write the namespace back at once when it was opened for writing."""
        if self.flags in ("c", "w"):
            self._write(json.dumps(self.hash).encode("ascii"))
        self.hash = {}
        self.flags = None

    def do_remove(self) -> None:
        """Forget the namespace: the file then holds an empty one."""
        self._write(b"{}")
        self.hash = {}

    def _write(self, data: bytes) -> None:
        with open_folder(self.folder, create=True) as folder:
            folder.write(SESSION_FILE, data)


class _JsonSerializer:
    """Session data as JSON; data that is not a JSON object reads as no data."""

    def dumps(self, data: dict[str, Any]) -> bytes:
        """Return the data as JSON bytes."""
        return json.dumps(data).encode("utf-8")

    def loads(self, raw: bytes) -> dict[str, Any] | None:
        """Return the stored dict, or None for anything else."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None


def _open(folder: Path) -> Session:
    return Session(
        {},
        id=SESSION_ID,
        type="file",
        data_dir=str(folder),
        use_cookies=False,
        namespace_class=_JsonFileNamespace,
        data_serializer=_JsonSerializer(),
    )


def create_session() -> Session:
    """Return the Beaker session, creating the private session folder if missing."""
    return _open(private_folder(create=True))


def _stored() -> dict[str, Any]:
    """The data of the session on disk; empty when there is none."""
    folder = private_folder(create=False)
    return {} if folder is None else dict(_open(folder))


class _StoredSession(Mapping[str, Any]):
    """A read-only view of the session on disk, read afresh at each use.

    ``copy()`` (and ``items()``, ``values()``) read it once, so they give a
    consistent picture even while other processes log in and out.
    """

    def __getitem__(self, key: str) -> Any:
        return _stored()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_stored())

    def __len__(self) -> int:
        return len(_stored())

    def copy(self) -> dict[str, Any]:
        """Return the session's data as one snapshot."""
        return _stored()

    def items(self) -> ItemsView[str, Any]:
        """Return the items of one snapshot."""
        return _stored().items()

    def values(self) -> ValuesView[Any]:
        """Return the values of one snapshot."""
        return _stored().values()

    def __repr__(self) -> str:
        return f"<stalker session {_stored()!r}>"


#: The login session as stored on disk: ``"user_id" in SESSION`` after login.
SESSION: Mapping[str, Any] = _StoredSession()


def _refuse_argument(function: str, arg: str, expected: str, value: Any) -> NoReturn:
    raise ValidationTypeError(
        f"{function}.{arg} should be {expected}, not {describe(value)}"
    )


def _refuse_login(login_name: str) -> NoReturn:
    _log.warning("authentication of %r refused", login_name)
    raise LoginError(WRONG_LOGIN)


def authenticate(username: str = "", password: str = "") -> User:
    """Return the User with this login name and password, or raise ``LoginError``.

    An unknown user name, a wrong password and a user without a password cost
    the same work (one run of the policy's KDF, see
    ``stalker.passwords.verify_at_policy_cost``) and give the same message.
    A password hashed with weaker parameters than the current policy is
    hashed again (and committed). An unsafe session folder raises
    ``UnsafeSessionFolderError`` first: no login could be kept in it.
    """
    for arg, value in (("username", username), ("password", password)):
        if not isinstance(value, str):
            _refuse_argument("authenticate", arg, "a string", value)
    private_folder(create=False)
    session = meta.session()
    login_name = unicodedata.normalize("NFC", username.strip()).lower()
    user = session.scalars(
        select(User).where(User.login_name == login_name)  # type: ignore[arg-type,comparison-overlap]
    ).first()
    if user is None:
        verify_at_policy_cost(password, None)
        _refuse_login(login_name)
    if not user.check_password(password):
        _refuse_login(login_name)
    if needs_rehash(user.password):  # type: ignore[arg-type]  # checked: it is set
        user.password = password
        session.commit()
    return user


def _record_login_time(session: DatabaseSession, user_obj: User) -> None:
    """Set ``last_login`` without counting it as an edit of the user.

    Written straight to its column: logins racing each other, or an admin's
    edit of the user, never make one another stale (``StaleEditError``).
    """
    now = utc_now()
    session.execute(
        update(tables.users)
        .where(tables.users.c.id == user_obj.id)
        .values(last_login=now)
    )
    attributes.set_committed_value(user_obj, "_last_login", now)


def login(user_obj: User) -> None:
    """Keep ``user_obj`` logged in on this workstation until ``logout()``.

    The new token belongs to this workstation's seat (the session folder's
    ``seat`` file): it replaces every token issued to the seat before, also
    by processes logging in at the same moment, so ``logout()`` can revoke
    them all. ``last_login`` is set; ``db.session`` is committed.
    """
    if not isinstance(user_obj, User):
        _refuse_argument("login", "user_obj", "a User instance", user_obj)
    session = meta.session()
    seat = _seat(create=True)
    tokens.revoke_seat(session, seat)
    session.add(user_obj)
    session.flush()
    token = tokens.issue(session, user_obj, seat)
    audit.remember(user_obj)
    _record_login_time(session, user_obj)
    session.commit()
    stored = create_session()
    stored["user_id"] = user_obj.id
    stored["token"] = token
    stored.save()
    _log.info("%r logged in", user_obj.login_name)


def get_user() -> User | None:
    """Return the logged-in User, or None when nobody is (validly) logged in."""
    stored = _stored()
    user_id, token = stored.get("user_id"), stored.get("token")
    user = None
    if type(user_id) is int and isinstance(token, str):
        user = tokens.holder(meta.session(), user_id, token)
    audit.remember(user)
    return user


def logout() -> None:
    """End the login: revoke the seat's tokens (committing ``db.session``), clear it.

    Every token issued through this session folder is revoked, also those
    of logins that raced each other, and the one the session names.
    """
    seat = _seat(create=False)
    if seat is not None:
        stored = _open(session_folder())
        session = meta.session()
        tokens.revoke_seat(session, seat)
        token = stored.get("token")
        if isinstance(token, str):
            tokens.revoke(session, token)
        who = _who_was_logged_in(session, stored.get("user_id"))
        session.commit()
        stored.clear()
        stored.save()
        if who is not None:
            _log.info("%s logged out", who)
    audit.remember(None)


def _who_was_logged_in(session: DatabaseSession, user_id: Any) -> str | None:
    """For the log: the login name of the stored session's user (None: nobody)."""
    if type(user_id) is not int:
        return None
    user = session.get(User, user_id)
    return f"user id {user_id}" if user is None else repr(user.login_name)


@overload
def _seat(create: Literal[True]) -> bytes: ...
@overload
def _seat(create: bool) -> bytes | None: ...
def _seat(create: bool) -> bytes | None:
    """Return the workstation's login seat, made once (None: nobody logged in).

    Of processes making it at once, one writes it and all of them use it.
    """
    folder = open_folder(session_folder(), create=create)
    if folder is None:
        return None
    with folder:
        return folder.create(SEAT_FILE, secrets.token_urlsafe(32).encode("ascii"))


def _guarded(check: Callable[[Callable[..., Any]], None]) -> Callable[[F], F]:
    """A decorator that calls ``check(func)`` before each call of ``func``."""

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check(func)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def login_required(
    view: Callable[[], bool], error_message: str | None = None
) -> Callable[[F], F]:
    """Make a decorator that runs the function only while someone is logged in.

    When nobody is, ``view()`` is called to log someone in; if it returns a
    false value (or logged nobody in), ``LoginError(error_message)`` is raised.
    """
    if not callable(view):
        _refuse_argument("login_required", "view", "a callable", view)

    def check(func: Callable[..., Any]) -> None:
        if get_user() is None and (not view() or get_user() is None):
            raise LoginError(
                error_message
                or f"{func.__qualname__}() needs a logged-in user; "
                f"{view.__qualname__}() logged nobody in"
            )

    return _guarded(check)


def _is_member(user: User, group: Group | str) -> bool:
    if isinstance(group, str):
        return any(found.name == group for found in user.permission_groups)
    return any(
        found is group or found.id == group.id for found in user.permission_groups
    )


def permission_required(
    permission_group: Group | str, error_message: str | None = None
) -> Callable[[F], F]:
    """Make a decorator that runs the function only for members of a Group.

    ``permission_group`` is a Group or its name. Nobody logged in raises
    ``LoginError``; a user outside the group raises ``PermissionDeniedError``
    (both with ``error_message`` when one is given).
    """
    group: Group | str
    if isinstance(permission_group, Group):
        group, name = permission_group, permission_group.name
    elif isinstance(permission_group, str) and permission_group.strip():
        group = name = permission_group.strip()
    else:
        _refuse_argument(
            "permission_required",
            "permission_group",
            "a Group or the name of one",
            permission_group,
        )

    def check(func: Callable[..., Any]) -> None:
        user = get_user()
        if user is None:
            raise LoginError(
                error_message
                or f"{func.__qualname__}() needs a logged-in member of the "
                f"Group {name!r}; nobody is logged in"
            )
        if not _is_member(user, group):
            raise PermissionDeniedError(
                error_message
                or f"{func.__qualname__}() needs a member of the Group "
                f"{name!r}; {user.login_name!r} is not one"
            )

    return _guarded(check)


def project_member_required(
    argument: str = "project", error_message: str | None = None
) -> Callable[[F], F]:
    """Make a decorator that runs the function only for the people of a project.

    The project is the decorated function's argument named ``argument`` (a
    Project); its lead and its users are its people. Nobody logged in raises
    ``LoginError``; anyone else raises ``PermissionDeniedError`` (both with
    ``error_message`` when one is given).
    """

    def decorator(func: F) -> F:
        signature = inspect.signature(func)
        if argument not in signature.parameters:
            _refuse_argument(
                "project_member_required",
                "argument",
                f"the name of an argument of {func.__qualname__}()",
                argument,
            )

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            project = signature.bind(*args, **kwargs).arguments.get(argument)
            if not isinstance(project, Project):
                _refuse_argument(func.__qualname__, argument, "a Project", project)
            user = get_user()
            if user is None:
                raise LoginError(
                    error_message
                    or f"{func.__qualname__}() needs a logged-in member of the "
                    f"Project {project.name!r}; nobody is logged in"
                )
            if project.lead is not user and user not in project.users:
                raise PermissionDeniedError(
                    error_message
                    or f"{func.__qualname__}() needs a member of the Project "
                    f"{project.name!r}; {user.login_name!r} is not one"
                )
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


__all__ = [
    "SESSION",
    "SESSION_ID",
    "WRONG_LOGIN",
    "authenticate",
    "create_session",
    "get_user",
    "login",
    "login_required",
    "logout",
    "permission_required",
    "project_member_required",
]
