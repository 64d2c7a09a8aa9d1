"""Logins and logouts are logged by login name; no secret is ever logged."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from test_logging import stalker_lines

from stalker import User, db
from stalker.db import auth
from stalker.exceptions import LoginError

pytestmark = pytest.mark.usefixtures("login_folder")

PASSWORD = "correct horse battery staple"


@pytest.fixture
def log(caplog) -> pytest.LogCaptureFixture:
    """Every record logged during the test, from the DEBUG level up."""
    caplog.set_level(logging.DEBUG)
    return caplog


def test_logins_and_logouts_are_logged_by_login_name(session, log):
    """A refused authentication, a login and a logout each log the login name."""
    User(login_name="ozgur", first_name="O", email="o@s.com", password=PASSWORD)
    session.commit()
    with pytest.raises(LoginError):
        auth.authenticate("Ozgur", "wrong")
    with pytest.raises(LoginError):
        auth.authenticate("nobody", PASSWORD)
    auth.login(auth.authenticate("ozgur", PASSWORD))
    auth.logout()
    auth.logout()  # nobody is logged in any more: nothing to log
    assert stalker_lines(log) == [
        ("stalker.db.auth", logging.WARNING, "authentication of 'ozgur' refused"),
        ("stalker.db.auth", logging.WARNING, "authentication of 'nobody' refused"),
        ("stalker.db.auth", logging.INFO, "'ozgur' logged in"),
        ("stalker.db.auth", logging.INFO, "'ozgur' logged out"),
    ]


def test_a_logout_after_the_user_is_gone_logs_no_name(session, log):
    """A session naming a deleted user logs out under the user's id."""
    user = User(login_name="gone", first_name="G", email="g@s.com", password=PASSWORD)
    session.commit()
    auth.login(user)
    user_id = user.id
    session.delete(user)
    session.commit()
    auth.logout()
    assert stalker_lines(log)[-1] == (
        "stalker.db.auth",
        logging.INFO,
        f"user id {user_id} logged out",
    )


def _secrets_of_a_login_cycle(
    folder: Path, log: pytest.LogCaptureFixture
) -> dict[str, str]:
    """Log in and out, with a refused attempt; return the secrets that were in play."""
    user = User(login_name="ozgur", first_name="O", email="o@s.com", password=PASSWORD)
    db.session.commit()
    password_hash = user.password
    with pytest.raises(LoginError):
        auth.authenticate("ozgur", PASSWORD + "!")
    auth.login(auth.authenticate("ozgur", PASSWORD))
    stored = auth.SESSION.copy()
    seat = (folder / auth.SEAT_FILE).read_text()
    auth.logout()
    assert len(stalker_lines(log)) == 3, "the cycle logged nothing"
    assert stored["token"]
    return {
        "password": PASSWORD,
        "password hash": password_hash,
        "token": stored["token"],
        "token hash": hashlib.sha256(stored["token"].encode()).hexdigest(),
        "seat": seat,
        "seat hash": hashlib.sha256(seat.encode()).hexdigest(),
    }


def test_no_secret_is_ever_logged(login_folder, session, log):
    """No record of a login cycle holds a password, hash, token or token hash."""
    found = _secrets_of_a_login_cycle(login_folder, log)
    for record in log.records:
        texts = [str(record.msg), record.getMessage(), repr(record.args)]
        for name, secret in found.items():
            assert all(secret not in text for text in texts), (name, record.name)
