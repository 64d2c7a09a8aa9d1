"""The `stalker` command driven in-process: output, effects and exit codes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, update

from stalker import Repository, User, config, db
from stalker.cli import options, users
from stalker.db import schema, tables

COMMANDS = [
    [],
    ["init"],
    ["upgrade"],
    ["demo"],
    ["check"],
    ["create-structure"],
    ["schedule"],
    ["user"],
    ["user", "add"],
    ["user", "passwd"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_everywhere(stalker, command):
    """--help on every command prints its usage and exits 0."""
    result = stalker(*command, "--help", database=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: stalker {' '.join(command)}".rstrip())
    if command not in ([], ["user"]):
        assert "--database URL" in result.output


def test_usage_errors_exit_2(stalker):
    """Wrong usage (unknown command, missing argument) exits with 2."""
    assert stalker("frobnicate", database=False).exit_code == 2
    result = stalker("schedule")
    assert result.exit_code == 2
    assert "Missing argument 'PROJECTS...'" in result.output


def test_init_then_check_is_all_ok(stalker, tmp_path, monkeypatch):
    """init makes the database; check then finds nothing wrong and exits 0."""
    monkeypatch.setattr(config.settings, "session_folder", str(tmp_path / "sessions"))
    result = stalker("init")
    assert result.exit_code == 0, result.output
    assert f"is ready (schema revision {schema.HEAD})" in result.output
    result = stalker("check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"ok       schema revision {schema.HEAD} (the latest)",
        "ok       'admin' has a password of its own",
        f"ok       session folder {tmp_path / 'sessions'} does not exist yet",
    ]


def test_check_reports_each_problem(stalker, tmp_path, monkeypatch):
    """Default admin password, unmounted root, shared session folder: exit 1."""
    monkeypatch.setattr(
        config.settings, "admin_password", config.DEFAULT_ADMIN_PASSWORD
    )
    assert stalker("init").exit_code == 0
    shared = tmp_path / "sessions"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setattr(config.settings, "session_folder", str(shared))
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    Repository(name="Here", linux_path=str(mounted))
    Repository(name="Gone", linux_path=str(tmp_path / "gone"))
    Repository(name="Windows Only", windows_path="M:/PROJECTS")
    db.session.commit()
    result = stalker("check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("ok       schema revision")
    assert lines[1] == (
        "PROBLEM  'admin' has the default password: change it with "
        "`stalker user passwd admin`"
    )
    assert (
        lines[2]
        == f"PROBLEM  repository 'Gone' root {tmp_path / 'gone'} is not mounted here"
    )
    assert lines[3] == f"ok       repository 'Here' root {mounted} is mounted"
    assert lines[4].startswith(
        "PROBLEM  repository 'Windows Only' has no root for this"
    )
    assert lines[5].startswith(
        f"PROBLEM  the session folder '{shared}' can be opened by others"
    )
    assert len(lines) == 6


def test_check_of_an_empty_database(stalker, tmp_path, monkeypatch):
    """An empty database is a problem: it needs `stalker init`."""
    monkeypatch.setattr(config.settings, "session_folder", str(tmp_path))
    tmp_path.chmod(0o700)
    result = stalker("check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"PROBLEM  {stalker.url} is empty: create it with `stalker init`",
        f"ok       session folder {tmp_path} is private",
    ]


def test_old_schema_found_by_check_and_fixed_by_upgrade(stalker, tmp_path, monkeypatch):
    """check and init refuse a database without revision; upgrade adopts it."""
    monkeypatch.setattr(config.settings, "session_folder", str(tmp_path / "s"))
    engine = create_engine(stalker.url)
    own = [tables.metadata.tables[name] for name in schema.STALKER_TABLES]
    tables.metadata.create_all(engine, tables=own)
    engine.dispose()
    result = stalker("check")
    assert result.exit_code == 1
    assert "PROBLEM  The database" in result.output
    assert "stalker upgrade --database URL" in result.output
    result = stalker("init")
    assert result.exit_code == 1
    assert result.output.startswith("Error: The database")
    result = stalker("upgrade")
    assert result.exit_code == 0, result.output
    assert f"is at schema revision {schema.HEAD}" in result.output
    assert stalker("init").exit_code == 0


def test_a_newer_database_is_refused(stalker):
    """A Stalker error is printed as `Error: ...` with exit code 1."""
    assert stalker("init").exit_code == 0
    engine = create_engine(stalker.url)
    with engine.begin() as connection:
        connection.execute(update(schema.alembic_version).values(version_num="9999"))
    engine.dispose()
    result = stalker("init")
    assert result.exit_code == 1
    assert "made by a newer Stalker" in result.output


def test_demo_then_create_structure_and_schedule(stalker, tmp_path):
    """The demo's project by its code: folders with a progress bar, then a plan."""
    root = tmp_path / "root"
    result = stalker("demo", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "Project 'Demo Commercial' (DEMO)" in result.output
    (root / "DEMO" / "Assets").rmdir()
    result = stalker("create-structure", "DEMO")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(root / "DEMO" / "Assets")]
    assert "Folders of DEMO" in result.stderr
    assert "Created 1 folder(s) for DEMO" in result.stderr
    gantt = tmp_path / "plan.html"
    result = stalker("schedule", "DEMO", "--gantt", str(gantt))
    assert result.exit_code == 0, result.output
    # The demo's 13 tasks (12 of shots, the sequence's Edit) less SH010's
    # Layout, which it completed: 12.
    assert result.stdout.startswith("Planned 12 task(s), done by ")
    assert "Planning" in result.stderr
    page = gantt.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert 'data-group="/Demo Commercial/Sequence 1"' in page


def test_schedule_lists_what_it_could_not_plan(stalker):
    """A project whose tasks cannot be planned says so, and why."""
    assert stalker("init").exit_code == 0
    from stalker import Asset, Project, Task

    Task(name="Unbid", task_of=Asset(name="Prop", project=Project(name="Empty")))
    db.session.commit()
    result = stalker("schedule", "EMPTY")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Planned 0 task(s), done by nothing to plan"
    assert result.stdout.splitlines()[1].startswith("Not planned: Unbid (")


def test_unknown_projects_exit_1(stalker):
    """Projects are named by code; unknown codes are listed, exit code 1."""
    assert stalker("init").exit_code == 0
    result = stalker("schedule", "NOPE", "NADA")
    assert result.exit_code == 1
    assert result.output == "Error: no project with code NOPE, NADA\n"
    assert stalker("create-structure", "NOPE").exit_code == 1


def test_demo_without_database_uses_its_own_file(monkeypatch, tmp_path, resetup):
    """`stalker demo` without --database never touches the configured database."""
    calls = []
    from stalker import demo

    monkeypatch.setattr(demo, "main", calls.append)
    from click.testing import CliRunner

    from stalker.cli import cli

    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    assert calls == [[]]


def test_user_add_and_passwd_from_standard_input(stalker):
    """Scripts pipe the password in; the user can then log in with it."""
    result = stalker(
        "user",
        "add",
        "ann",
        "--email",
        "ann@example.com",
        "--first-name",
        "Ann",
        input="first pass\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Added user 'ann'\n"
    ann = db.query(User).filter_by(login_name="ann").one()
    assert ann.check_password("first pass")
    result = stalker("user", "passwd", "ann", input="second pass\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert (
        db.query(User).filter_by(login_name="ann").one().check_password("second pass")
    )
    assert "second pass" not in result.output


def test_user_passwd_asks_twice_without_echo_on_a_terminal(stalker, monkeypatch):
    """On a terminal the password is prompted for, hidden, and confirmed."""
    assert stalker("init").exit_code == 0
    monkeypatch.setattr(users, "_stdin_is_terminal", lambda: True)
    result = stalker("user", "passwd", "admin", input="typed pass\ntyped pass\n")
    assert result.exit_code == 0, result.output
    assert "typed pass" not in result.output
    assert "Repeat for confirmation" in result.output
    db.session.expire_all()
    assert (
        db.query(User).filter_by(login_name="admin").one().check_password("typed pass")
    )


def test_user_errors_exit_1(stalker):
    """A second user of a login, an unknown login, no password: exit code 1."""
    assert stalker("init").exit_code == 0
    result = stalker(
        "user", "add", "admin", "--email", "a@b.c", "--first-name", "A", input="x\n"
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: there is already a user 'admin'\n",
    )
    result = stalker("user", "passwd", "nobody", input="x\n")
    assert (result.exit_code, result.output) == (
        1,
        "Error: there is no user 'nobody'\n",
    )
    result = stalker("user", "passwd", "admin", input="")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no password on standard input\n",
    )


def test_init_prints_setup_warnings(stalker, monkeypatch):
    """setup()'s warnings (the default admin password) are printed, not raised."""
    monkeypatch.setattr(
        config.settings, "admin_password", config.DEFAULT_ADMIN_PASSWORD
    )
    result = stalker("init")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "Warning: the 'admin' user still has the default password"
    )


def test_the_database_setting_is_the_default(stalker, monkeypatch):
    """Without --database the `database` setting is used, its password never shown."""
    monkeypatch.setattr(config.settings, "database", stalker.url)
    result = stalker("init", database=False)
    assert result.exit_code == 0, result.output
    assert (
        options.shown("postgresql+psycopg://u:secret@host/db")
        == "postgresql+psycopg://u:***@host/db"
    )


def test_progress_bar_follows_the_callback(capsys):
    """The callback moves one bar to done; nothing is drawn before the first call."""
    with options.progress_bar("Work") as progress:
        pass
    assert capsys.readouterr().err == ""
    with options.progress_bar("Work") as progress:
        progress(1, 3)
        progress(3, 3)
    assert "Work" in capsys.readouterr().err


def test_the_readme_commands_exist(stalker):
    """Each `stalker ...` line of the README names a real (sub-)command."""
    from test_readme import code_blocks, section

    (block,) = code_blocks(section("Command line"), "console")
    lines = [line.split("#")[0].split() for line in block.splitlines() if line]
    assert len(lines) == 8
    for words in lines:
        assert words[0] == "stalker"
        command = words[1:3] if words[1] == "user" else words[1:2]
        result = stalker(*command, "--help", database=False)
        assert result.exit_code == 0, words


def test_an_unreachable_database_is_a_problem_not_a_traceback(stalker, tmp_path):
    """A database that cannot be opened: check reports it, other commands exit 1."""
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.db'}"
    result = stalker("check", "--database", url, database=False)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"PROBLEM  {url}: the database refused: unable to open database file"
    )
    result = stalker("init", "--database", url, database=False)
    assert (result.exit_code, result.output) == (
        1,
        "Error: the database refused: unable to open database file\n",
    )
