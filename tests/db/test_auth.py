"""stalker.db.auth: authenticate, login, get_user, logout and the stored session."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from pathlib import Path

import pytest
from beaker.session import Session
from processes import python_lines
from sqlalchemy import func, select, update
from test_readme import code_blocks, section

from stalker import User, config, db, passwords
from stalker.db import auth, tables
from stalker.exceptions import (
    LoginError,
    UnsafeSessionFolderError,
    ValidationTypeError,
)

pytestmark = pytest.mark.usefixtures("login_folder")

UTC = dt.timezone.utc


@pytest.fixture
def ozgur(session, make_user) -> User:
    user = make_user("ozgur", password="secret")
    session.commit()
    return user


def token_rows(user: User) -> list:
    return db.session.execute(
        select(tables.auth_tokens).where(tables.auth_tokens.c.user_id == user.id)
    ).all()


# authenticate -------------------------------------------------------------
def test_authenticate_returns_the_user(ozgur):
    """The right login name and password give the User."""
    assert auth.authenticate("ozgur", "secret") is ozgur


def test_authenticate_ignores_case_and_spaces_of_the_login_name(ozgur):
    """Login names are stored lower case and stripped, so they match that way."""
    assert auth.authenticate("  OZGUR ", "secret") is ozgur


def test_a_decomposed_login_name_finds_its_user(make_user, session):
    """The name typed decomposed (as macOS keyboards may) is the stored one."""
    user = make_user("\u00f6zg\u00fcr")
    session.commit()
    assert auth.authenticate("O\u0308zgu\u0308r", "secret") is user


@pytest.mark.parametrize(
    ("username", "password"),
    [("ozgur", "wrong"), ("nobody", "secret"), ("ozgur", ""), ("", "")],
    ids=["wrong-password", "unknown-user", "empty-password", "empty-both"],
)
def test_wrong_logins_give_one_message(ozgur, username, password):
    """A wrong user name and a wrong password raise the same LoginError."""
    with pytest.raises(LoginError) as error:
        auth.authenticate(username, password)
    assert str(error.value) == "authenticate() got a wrong user name or password"


@pytest.fixture
def kdf_runs(monkeypatch) -> list[tuple]:
    """The parameters (n, r, p, salt bytes, key bytes) of each KDF run."""
    calls: list[tuple] = []
    derive = passwords._derive

    def counting(raw, salt, n, r, p, length):
        calls.append((n, r, p, len(salt), length))
        return derive(raw, salt, n, r, p, length)

    monkeypatch.setattr(passwords, "_derive", counting)
    return calls


def test_every_failure_costs_one_run_of_the_policy(
    ozgur, make_user, kdf_runs, monkeypatch
):
    """Wrong password (current or older hash), unknown user, no password: alike.

    Each failure runs the policy's KDF exactly once and nothing stronger, so
    the answer's time does not tell the cases apart.
    """
    policy = config.settings.password_policy
    with monkeypatch.context() as older:
        older.setattr(config.settings, "password_policy", config.PasswordPolicy(n=4))
        make_user("old")
    make_user("nopassword", password=None)
    db.session.commit()
    at_policy = (policy.n, policy.r, policy.p, policy.salt_bytes, policy.key_bytes)
    for username in ("ozgur", "old", "nobody", "nopassword"):
        kdf_runs.clear()
        with pytest.raises(LoginError) as error:
            auth.authenticate(username, "wrong")
        assert str(error.value) == auth.WRONG_LOGIN
        assert kdf_runs.count(at_policy) == 1, username
        assert all(run <= at_policy for run in kdf_runs), username


def test_a_user_without_a_password_cannot_log_in(make_user, session):
    """No password, not even an empty one, logs in a user who has none."""
    make_user("newcomer", password="")
    session.commit()
    for attempt in ("", " ", "newcomer"):
        with pytest.raises(LoginError) as error:
            auth.authenticate("newcomer", attempt)
        assert str(error.value) == auth.WRONG_LOGIN


def test_a_password_has_to_match_exactly(make_user, session):
    """A long Unicode password is not truncated or normalized."""
    password = "şifre 🔑 " * 200
    make_user("long", password=password)
    session.commit()
    assert auth.authenticate("long", password).login_name == "long"
    with pytest.raises(LoginError):
        auth.authenticate("long", password[:-1])


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        (
            None,
            "secret",
            "authenticate.username should be a string, not NoneType: None",
        ),
        (
            "ozgur",
            b"secret",
            "authenticate.password should be a string, not bytes: b'secret'",
        ),
    ],
)
def test_authenticate_refuses_non_strings(ozgur, username, password, expected):
    """Arguments of the wrong type raise a clear error, not a failed login."""
    with pytest.raises(ValidationTypeError) as error:
        auth.authenticate(username, password)
    assert str(error.value) == expected


def test_weaker_hash_is_upgraded_at_login(ozgur, monkeypatch):
    """A successful login re-hashes a password made with weaker parameters."""
    old = ozgur.password
    assert old.startswith("scrypt$16$1$1$")
    monkeypatch.setattr(
        config.settings, "password_policy", config.PasswordPolicy(n=2**5, r=1, p=1)
    )
    with pytest.raises(LoginError):
        auth.authenticate("ozgur", "wrong")
    assert ozgur.password == old
    auth.authenticate("ozgur", "secret")
    stored = db.session.scalar(
        select(tables.users.c.password).where(tables.users.c.id == ozgur.id)
    )
    assert stored.startswith("scrypt$32$1$1$")
    assert passwords.verify_password("secret", stored)
    assert not db.session.new and not db.session.dirty


def test_hash_under_the_policy_is_kept(ozgur):
    """A hash as strong as the policy is not re-hashed."""
    old = ozgur.password
    auth.authenticate("ozgur", "secret")
    assert ozgur.password == old


# login, get_user, logout --------------------------------------------------
def test_nobody_is_logged_in_at_first(login_folder):
    """Without a session, get_user() is None and SESSION is empty."""
    assert auth.get_user() is None
    assert "user_id" not in auth.SESSION
    assert len(auth.SESSION) == 0
    assert not login_folder.exists()


def test_login_then_get_user(ozgur, login_folder):
    """login() keeps the user's id; get_user() returns the User."""
    before = dt.datetime.now(UTC)
    auth.login(ozgur)
    assert "user_id" in auth.SESSION
    assert auth.SESSION["user_id"] == ozgur.id
    assert {"token", "user_id"} <= set(auth.SESSION)
    assert auth.get_user() is ozgur
    assert ozgur.last_login >= before
    assert repr(auth.SESSION).startswith("<stalker session {")
    assert (login_folder.stat().st_mode & 0o777) == 0o700


def test_login_of_a_new_user_saves_it(make_user):
    """A user not yet in the database is saved by login()."""
    newcomer = make_user()
    auth.login(newcomer)
    assert newcomer.id is not None
    assert auth.get_user() is newcomer


def test_login_refuses_what_is_not_a_user():
    """login() takes a User, not a name."""
    with pytest.raises(ValidationTypeError) as error:
        auth.login("admin")
    assert str(error.value) == (
        "login.user_obj should be a User instance, not str: 'admin'"
    )


def test_database_keeps_only_a_hash_of_the_token(ozgur):
    """The token is in the session; the database has only its sha256 and expiry."""
    auth.login(ozgur)
    token = auth.SESSION["token"]
    assert len(token) >= 40
    (row,) = token_rows(ozgur)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in row]
    assert row.expires - row.date_created == config.settings.login_lifetime
    assert config.Settings().login_lifetime == dt.timedelta(days=7)


def test_a_new_login_replaces_the_previous_token(ozgur, make_user):
    """Logging in again revokes the token of the previous login."""
    auth.login(ozgur)
    first = auth.SESSION["token"]
    other = make_user()
    auth.login(other)
    assert auth.SESSION["token"] != first
    assert token_rows(ozgur) == []
    assert len(token_rows(other)) == 1
    assert auth.get_user() is other


def test_logout_ends_the_login_and_revokes_the_token(ozgur):
    """After logout() nobody is logged in and the token no longer counts."""
    auth.login(ozgur)
    stolen = auth.SESSION.copy()
    items = dict(auth.SESSION.items())
    assert (items["user_id"], items["token"]) == (stolen["user_id"], stolen["token"])
    assert stolen["token"] in list(auth.SESSION.values())
    auth.logout()
    assert auth.get_user() is None
    assert "user_id" not in auth.SESSION
    assert token_rows(ozgur) == []
    restored = auth.create_session()
    restored.update(stolen)
    restored.save()
    assert auth.get_user() is None


def test_logout_when_nobody_is_logged_in(login_folder):
    """logout() without a login does nothing and creates nothing."""
    auth.logout()
    assert not login_folder.exists()
    auth.create_session()
    auth.logout()
    assert auth.get_user() is None


def test_expired_token_logs_nobody_in(ozgur):
    """A token past its expiry is not trusted."""
    auth.login(ozgur)
    db.session.execute(
        update(tables.auth_tokens).values(
            expires=dt.datetime.now(UTC) - dt.timedelta(seconds=1)
        )
    )
    assert auth.get_user() is None


def test_expired_tokens_of_the_user_are_cleaned_up_at_login(
    ozgur, tmp_path, monkeypatch
):
    """A new login deletes the user's expired tokens and keeps the valid ones."""
    workstations = iter(range(3))

    def login_elsewhere() -> str:
        folder = tmp_path / f"workstation{next(workstations)}"
        monkeypatch.setattr(config.settings, "session_folder", str(folder))
        auth.login(ozgur)
        return hashlib.sha256(auth.SESSION["token"].encode()).hexdigest()

    expired, valid = login_elsewhere(), login_elsewhere()
    db.session.execute(
        update(tables.auth_tokens)
        .where(tables.auth_tokens.c.token_hash == expired)
        .values(expires=dt.datetime.now(UTC) - dt.timedelta(seconds=1))
    )
    latest = login_elsewhere()
    assert {row.token_hash for row in token_rows(ozgur)} == {valid, latest}


@pytest.mark.parametrize(
    "edit",
    [
        {"user_id": "admin"},
        {"token": "guessed"},
        {"token": None},
        {"user_id": True},
    ],
    ids=["other-user", "guessed-token", "no-token", "bool-id"],
)
def test_an_edited_session_logs_nobody_in(ozgur, edit):
    """Changing the stored id or token does not make anyone logged in."""
    admin = db.query(User).filter_by(login_name="admin").one()
    auth.login(ozgur)
    stored = auth.create_session()
    stored.update({k: admin.id if v == "admin" else v for k, v in edit.items()})
    stored.save()
    assert auth.get_user() is None


def test_removing_the_stored_namespace_empties_it(ozgur, session_file):
    """Beaker's namespace remove() leaves an empty session file: nobody."""
    auth.login(ozgur)
    auth.create_session().namespace.remove()
    assert json.loads(session_file.read_bytes()) == {}
    assert auth.get_user() is None


def test_a_namespace_in_a_missing_folder_is_empty(tmp_path):
    """Reading a session whose folder is gone finds nothing and creates nothing."""
    namespace = auth._JsonFileNamespace(auth.SESSION_ID, data_dir=str(tmp_path / "x"))
    namespace.do_open("r", False)
    assert namespace.hash == {}
    assert not (tmp_path / "x").exists()


def test_the_session_is_a_beaker_session_stored_as_json(ozgur, session_file):
    """create_session() gives a Beaker Session whose file is JSON, not a pickle."""
    auth.login(ozgur)
    stored = auth.create_session()
    assert isinstance(stored, Session)
    assert stored["user_id"] == ozgur.id
    assert set(json.loads(session_file.read_bytes())) == {"session"}


class _Planted:
    """A pickle that would create a file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.mkdir, (self.marker,))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b"[1, 2]",
        b'{"session": 5}',
        b'{"session": "not base64!"}',
        b'{"session": "bm90IGpzb24="}',
        b'{"session": "WzEsIDJd"}',
        b'{"session": "/w=="}',
        "pickle",
    ],
    ids=[
        "empty",
        "garbage",
        "json-list",
        "not-text",
        "not-base64",
        "base64-not-json",
        "json-not-a-dict",
        "not-utf8",
        "pickle",
    ],
)
def test_a_corrupt_session_file_means_nobody_is_logged_in(
    ozgur, session_file, tmp_path, content
):
    """Whatever is in the file, reading it logs nobody in and never runs code."""
    marker = tmp_path / "planted"
    if content == "pickle":
        content = pickle.dumps({"session": _Planted(marker)})
    auth.login(ozgur)
    session_file.write_bytes(content)
    assert auth.get_user() is None
    assert "user_id" not in auth.SESSION
    assert not marker.exists()
    auth.logout()
    auth.login(ozgur)
    assert auth.get_user() is ozgur


def test_an_unsafe_folder_is_refused_before_anything_is_read(
    ozgur, login_folder, monkeypatch
):
    """With a group/world-readable folder, nothing in it is loaded; logins fail."""
    auth.login(ozgur)
    login_folder.chmod(0o755)
    opened = []
    monkeypatch.setattr(
        auth._JsonFileNamespace, "do_open", lambda *args: opened.append(args)
    )
    for call in (
        auth.get_user,
        lambda: "user_id" in auth.SESSION,
        auth.create_session,
        auth.logout,
        lambda: auth.login(ozgur),
    ):
        with pytest.raises(UnsafeSessionFolderError):
            call()
    assert opened == []


def test_a_link_swapped_in_for_the_folder_captures_nothing(
    ozgur, login_folder, tmp_path
):
    """After a login the folder is swapped for a link elsewhere: logins refuse."""
    auth.login(ozgur)
    captured = tmp_path / "captured"
    captured.mkdir(mode=0o700)
    login_folder.rename(tmp_path / "moved")
    login_folder.symlink_to(captured)
    for call in (auth.get_user, lambda: auth.login(ozgur), auth.logout):
        with pytest.raises(UnsafeSessionFolderError, match="is a link"):
            call()
    assert list(captured.iterdir()) == []


def test_a_link_swapped_in_for_the_session_file_is_neither_read_nor_written_through(
    ozgur, session_file, tmp_path
):
    """The session file is opened without following links and replaced whole."""
    auth.login(ozgur)
    planted = tmp_path / "planted.json"
    planted.write_bytes(session_file.read_bytes())
    session_file.unlink()
    session_file.symlink_to(planted)
    before = planted.read_bytes()
    assert auth.get_user() is None
    auth.login(ozgur)
    assert auth.get_user() is ozgur
    assert planted.read_bytes() == before
    assert not session_file.is_symlink()


_LATER_PROCESS = """
import sys
from stalker import db
from stalker.db import auth
db.setup(sys.argv[1])
print("user_id" in auth.SESSION, auth.get_user().login_name)
auth.logout()
print("user_id" in auth.SESSION, auth.get_user())
"""


def test_a_later_process_finds_the_logged_in_user(
    fresh_database_url, resetup, make_user
):
    """Another Python process on the workstation sees the login, and its logout."""
    db.setup(fresh_database_url)
    auth.login(make_user("lighter"))
    assert python_lines(_LATER_PROCESS, fresh_database_url) == [
        "True lighter",
        "False None",
    ]
    assert auth.get_user() is None
    assert db.session.scalar(select(func.count()).select_from(tables.auth_tokens)) == 0


def test_the_readme_login_runs_as_written(make_user, session, monkeypatch):
    """The README's block logs in the first time and finds the login the next."""
    user = make_user("eoyilmaz", password="secret")
    session.commit()
    (block,) = code_blocks(section("Logging in"), "python")
    for _ in range(2):
        namespace: dict = {}
        exec(compile(block, "README.rst", "exec"), namespace)
        assert namespace["user"] is user
        monkeypatch.setattr(auth, "authenticate", None)  # the second run must not ask
    assert auth.get_user() is user


_IMPORTS = """
import sys, stalker, stalker.db
print('beaker' in sys.modules)
import stalker.db.auth
print('beaker' in sys.modules)
"""


def test_beaker_is_imported_only_by_the_auth_module():
    """import stalker.db leaves Beaker out; stalker.db.auth brings it in."""
    assert python_lines(_IMPORTS) == ["False", "True"]
