"""db.setup() warns while the admin user still has the default password."""

from __future__ import annotations

import pytest
from processes import python_lines
from sqlalchemy.engine import make_url
from test_readme import code_blocks, section

from stalker import User, config, db, demo, passwords
from stalker.db import admin_password, engine
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


@pytest.fixture
def kdf_runs(monkeypatch) -> list[tuple]:
    """The arguments of each KDF run."""
    calls: list[tuple] = []
    derive = passwords._derive
    monkeypatch.setattr(
        passwords, "_derive", lambda *args: calls.append(args) or derive(*args)
    )
    return calls


def test_each_stored_hash_is_checked_once(
    fresh_database_url, resetup, monkeypatch, kdf_runs
):
    """While admin has the default, a process checks its hash once at most."""
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    with pytest.warns(DefaultAdminPasswordWarning):
        db.setup(fresh_database_url)
    kdf_runs.clear()
    for _ in range(2):
        with pytest.warns(DefaultAdminPasswordWarning):
            db.setup(fresh_database_url)
    assert kdf_runs == []


def test_a_changed_password_costs_no_kdf_run_in_a_new_process(
    fresh_database_url, resetup, monkeypatch, kdf_runs
):
    """Once admin's password was changed, setup() never runs the KDF for it.

    Forgetting what this process already checked makes it a new process.
    """
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    with pytest.warns(DefaultAdminPasswordWarning):
        db.setup(fresh_database_url)
    admin = db.query(User).filter_by(login_name="admin").one()
    admin.password = "a new secret"
    db.session.commit()
    for _ in range(2):
        admin_password._is_default.clear()
        kdf_runs.clear()
        db.setup(fresh_database_url)  # no warning: the suite turns them into errors
        assert kdf_runs == []


def test_setting_the_default_again_warns_again(
    fresh_database_url, resetup, monkeypatch
):
    """Whoever sets 'admin' as admin's password again is warned again."""
    db.setup(fresh_database_url)
    admin = db.query(User).filter_by(login_name="admin").one()
    admin.password = "admin"
    db.session.commit()
    with pytest.warns(DefaultAdminPasswordWarning):
        db.setup(fresh_database_url)


@pytest.mark.parametrize(
    "url",
    [
        None,
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file::memory:?cache=shared&uri=true",
    ],
)
def test_an_in_memory_database_is_not_warned_about(url, resetup, monkeypatch):
    """A database that ends with the process has nothing to protect."""
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    db.setup(url)  # no warning: the suite turns warnings into errors
    admin = db.query(User).filter_by(login_name="admin").one()
    assert admin.check_password("admin")


@pytest.mark.parametrize(
    ("url", "in_memory"),
    [
        ("sqlite:///file:studio?mode=memory&uri=true", True),
        ("sqlite:///studio.db", False),
        ("sqlite:///file:studio.db?uri=true", False),
        ("postgresql+psycopg://studio@server/stalker", False),
    ],
)
def test_in_memory_urls_are_told_apart(url, in_memory):
    """Only an SQLite database that lives in memory counts as in memory."""
    assert engine.is_in_memory(make_url(url)) is in_memory


_DEMO_WITH_WARNINGS_AS_ERRORS = """
import runpy, warnings
warnings.simplefilter("error")
runpy.run_module("stalker.demo", run_name="__main__")
"""


def test_demo_runs_with_warnings_as_errors(tmp_path):
    """python -W error -m stalker.demo does not stop at the admin warning."""
    lines = python_lines(_DEMO_WITH_WARNINGS_AS_ERRORS, cwd=tmp_path)
    assert lines[0].startswith("Database: sqlite://")
    assert not any("default password" in line for line in lines)


def test_demo_notes_the_default_password_of_a_given_database(
    fresh_database_url, resetup, monkeypatch, tmp_path, capsys
):
    """On a database of the user's, the demo prints the warning as a note."""
    monkeypatch.setattr(config.settings, "admin_password", "admin")
    assert demo.main(["--database", fresh_database_url, "--root", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("Note: the 'admin' user still has the default password")


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
