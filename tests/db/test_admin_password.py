"""db.setup() warns while the admin user still has the default password."""

from __future__ import annotations

import pytest
from test_readme import code_blocks, section

from stalker import User, config, db, passwords
from stalker.exceptions import DefaultAdminPasswordWarning


def test_the_default_password_is_admin():
    """The configuration's default admin password is the seed's 'admin'."""
    assert config.DEFAULT_ADMIN_PASSWORD == "admin"
    assert config.Settings().admin_password == "admin"


def test_setup_warns_while_admin_has_the_default_password(
    fresh_database_url, resetup, monkeypatch
):
    """A new database's admin gets 'admin'; setup() warns until it is changed."""
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    with pytest.warns(DefaultAdminPasswordWarning) as record:
        db.setup(fresh_database_url)
    assert str(record[0].message) == (
        "the 'admin' user still has the default password 'admin': give it a new "
        "one (see the README, 'How to change the admin password')"
    )
    assert record[0].filename == __file__
    with pytest.warns(DefaultAdminPasswordWarning):
        db.setup(fresh_database_url)
    admin = db.query(User).filter_by(login_name="admin").one()
    admin.password = "a new secret"
    db.session.commit()
    db.setup(fresh_database_url)  # no warning: the suite turns warnings into errors


def test_a_configured_password_is_not_warned_about(fresh_database_url, resetup):
    """An admin made with a password other than the default is not warned about."""
    assert config.settings.admin_password != config.DEFAULT_ADMIN_PASSWORD
    db.setup(fresh_database_url)
    admin = db.query(User).filter_by(login_name="admin").one()
    assert admin.check_password(config.settings.admin_password)


def test_each_stored_hash_is_checked_once(fresh_database_url, resetup, monkeypatch):
    """Setting up again with the same admin hash costs no more password checks."""
    db.setup(fresh_database_url)
    calls = []
    derive = passwords._derive
    monkeypatch.setattr(
        passwords, "_derive", lambda *args: calls.append(args) or derive(*args)
    )
    db.setup(fresh_database_url)
    db.setup(fresh_database_url)
    assert calls == []


def test_the_readme_way_to_change_it_stops_the_warning(
    fresh_database_url, resetup, monkeypatch
):
    """The README's block gives admin a new password; setup() then stays quiet."""
    (block,) = code_blocks(section("How to change the admin password"), "python")
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    with pytest.warns(DefaultAdminPasswordWarning):
        db.setup(fresh_database_url)
    exec(compile(block, "README.rst", "exec"), {})
    db.setup(fresh_database_url)  # no warning: the suite turns warnings into errors
    admin = db.query(User).filter_by(login_name="admin").one()
    assert admin.check_password("a long passphrase only you know")
