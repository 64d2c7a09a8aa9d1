"""Many processes logging in and out at once leave a loadable, valid session."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from test_concurrency import PROCESSES, run_together

from stalker import User, db
from stalker.db import auth, tables

pytestmark = [pytest.mark.concurrency, pytest.mark.usefixtures("login_folder")]


def log_in_and_out(user_id: int, rounds: int) -> int:
    """Log one user in and out ``rounds`` times, ending logged in; count sightings."""
    from stalker import User, db
    from stalker.db import auth

    user = db.session.get(User, user_id)
    seen = 0
    for _ in range(rounds):
        auth.login(user)
        found = auth.get_user()
        seen += found is not None
        auth.logout()
        auth.get_user()
    auth.login(user)
    return seen


def test_many_processes_logging_in_and_out_leave_a_loadable_session(
    fresh_database_url, resetup, make_user, session_file
):
    """Each process's last act is a login; afterwards one of them is logged in."""
    db.setup(fresh_database_url)
    users = [make_user() for _ in range(PROCESSES)]
    db.session.commit()
    ids = [user.id for user in users]
    db.session.remove()
    seen = run_together(fresh_database_url, log_in_and_out, [(i, 10) for i in ids])
    assert len(seen) == PROCESSES
    assert set(json.loads(session_file.read_bytes())) == {"session"}
    assert auth.SESSION["user_id"] in ids
    user = auth.get_user()
    assert isinstance(user, User)
    assert user.id == auth.SESSION["user_id"]


def log_in_again_and_again(user_id: int, rounds: int) -> int:
    """Log one user in ``rounds`` times, as tools starting together do."""
    from stalker import User, db
    from stalker.db import auth

    user = db.session.get(User, user_id)
    for _ in range(rounds):
        auth.login(user)
    return rounds


def test_logout_revokes_the_tokens_of_logins_that_raced(
    fresh_database_url, resetup, make_user
):
    """Processes logging one user in at once leave no token logout cannot revoke."""
    db.setup(fresh_database_url)
    user = make_user()
    db.session.commit()
    user_id = user.id
    db.session.remove()
    run_together(fresh_database_url, log_in_again_and_again, [(user_id, 10)] * 4)
    assert auth.get_user().id == user_id
    auth.logout()
    valid = db.session.scalar(
        select(func.count())
        .select_from(tables.auth_tokens)
        .where(tables.auth_tokens.c.expires > dt.datetime.now(dt.timezone.utc))
    )
    assert valid == 0
