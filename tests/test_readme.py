"""The README's commands and tutorial work as written."""

from __future__ import annotations

import re
import tempfile
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from stalker import Project, Shot, Task, Version, db
from stalker.demo import main

README = (Path(__file__).parent.parent / "README.rst").read_text(encoding="utf-8")


def section(title: str) -> str:
    """Return the text of a README section, up to the next section title."""
    start = README.index(f"{title}\n{'=' * len(title)}\n")
    following = re.search(r"\n\n[^\n]+\n=+\n", README[start + len(title) * 2 + 2 :])
    end = start + len(title) * 2 + 2 + following.start() if following else len(README)
    return README[start:end]


def code_blocks(text: str, language: str) -> list[str]:
    """Return the dedented bodies of the ``.. code-block:: language`` blocks."""
    pattern = rf"\.\. code-block:: {language}\n\n((?:   .*\n|\n)+)"
    return [textwrap.dedent(block) for block in re.findall(pattern, text)]


def test_readme_starts_with_the_two_commands():
    """The first two console blocks install and run the demo, then the tests."""
    demo, tests = code_blocks(README, "console")[:2]
    assert demo.strip() == "python -m pip install . && python -m stalker.demo"
    assert tests.strip() == 'python -m pip install -e ".[test]" && python -m pytest'


def test_tutorial_runs_as_written(resetup, capsys):
    """Every Python block of the tutorial runs, in order, in one namespace."""
    blocks = code_blocks(section("Tutorial"), "python")
    assert len(blocks) == 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.rst", "exec"), namespace)
    assert "Task.depends should be a list of Tasks that do not depend on it" in (
        capsys.readouterr().out
    )
    assert db.query(Project).one().lead.login_name == "eoyilmaz"
    assert [s.code for s in db.query(Shot).order_by(Shot.code)] == ["SH010", "SH020"]
    assert db.query(Version).count() == 2
    assert [
        t.name for t in db.query(Task).filter_by(name="Animation").one().depends
    ] == ["Layout"]


def test_files_on_disk_walk_through_runs_as_written(
    resetup, tmp_path, monkeypatch, capsys
):
    """The Files on disk blocks continue the tutorial and place a version on disk."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("STALKER_REPOSITORY_COMMERCIALS_PATH", "")  # restored after
    blocks = code_blocks(section("Tutorial"), "python")
    files = code_blocks(section("Files on disk"), "python")
    assert len(files) == 5
    namespace: dict = {}
    for block in blocks + files:
        exec(compile(block, "README.rst", "exec"), namespace)
    root = Path(namespace["repository"].path)
    assert root.parent == tmp_path
    scene = root / (
        "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH010/Animation/"
        "SH010_Animation_MAIN_v003.ma"
    )
    assert scene.parent.is_dir()
    assert (root / "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH020").is_dir()
    assert not (tmp_path / "etc").exists()
    out = capsys.readouterr().out.splitlines()
    assert out[-3] == scene.as_posix()
    assert out[-2].startswith(
        "Structure('Commercial Structure').project_template should give a relative "
        "path that stays under the repository root on every OS, not one with a '..'"
    )
    assert out[-1].startswith(
        "Version.path should be a relative path valid on every OS (not one with a "
        "'..' component), not str: '../../../../etc'"
    )
    stored = db.query(Version).order_by(Version.version_number).all()
    assert [(v.path, v.filename) for v in stored] == [
        (
            "Sequences/SEQ1/Shots/SH010/Animation",
            f"SH010_Animation_MAIN_v00{n}.ma",
        )
        for n in (1, 2, 3)
    ]


def test_demo_builds_and_prints_a_production(resetup, tmp_path, capsys):
    """The demo builds a project with a sequence of shots and prints it."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["--database", url, "--root", str(tmp_path / "projects")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Database: {url}"
    assert lines[1].startswith("Project 'Demo Commercial' (DEMO), 25 fps, 1920x1080")
    assert lines[2] == (
        "  Sequence SEQ1: 3 shots, status Work In Progress; its own tasks: Edit RTS"
    )
    assert lines[3] == (
        "    SH010: Layout -> Animation -> Lighting -> Compositing; 1 version(s)"
    )
    # Layout approved opened Animation; the second shot's Layout got a revision.
    assert lines[4] == (
        "      statuses: Layout CMPL, Animation RTS, Lighting WFD, Compositing WFD"
    )
    assert lines[6] == (
        "      statuses: Layout HREV, Animation WFD, Lighting WFD, Compositing WFD"
    )
    root = tmp_path / "projects"
    assert lines[-3] == f"Repository root: {root}"
    shot_folder = root / "DEMO" / "Sequences" / "SEQ1" / "Shots" / "SH030"
    assert lines[-2] == f"Created 9 folders, for example {shot_folder}"
    assert shot_folder.is_dir()
    scene = root / "DEMO/Sequences/SEQ1/Shots/SH010/Layout/SH010_Layout_MAIN_v001.ma"
    assert lines[-1] == f"Version 1 of Layout saved as an empty placeholder: {scene}"
    assert scene.is_file()
    assert db.query(Task).count() == 13
    edit = db.query(Task).filter_by(name="Edit").one()
    assert [(v.path, v.filename) for v in edit.versions] == [
        ("Sequences/SEQ1/Edit", "SEQ1_Edit_MAIN_v001.ma")
    ]


def test_scheduling_example_continues_the_tutorial(resetup, tmp_path, monkeypatch):
    """The Scheduling block plans the tutorial's project and writes a Gantt chart."""
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in code_blocks(section("Tutorial"), "python") + code_blocks(
        section("Scheduling"), "python"
    ):
        exec(compile(block, "README.rst", "exec"), namespace)
    plan = namespace["plan"]
    layout = db.query(Task).filter_by(name="Layout").one()
    # Monday 09:00 in Istanbul is 06:00 UTC; one 9-hour working day
    assert layout.computed_start.isoformat() == "2030-04-22T06:00:00+00:00"
    assert layout.computed_end.isoformat() == "2030-04-22T15:00:00+00:00"
    assert [(task.name, reason) for task, reason in plan.unscheduled.items()] == [
        ("Animation", "no bid")
    ]
    (animation,) = plan.unscheduled
    shown = f"<Task 'Animation' id={animation.id}>"  # its shot is not loaded
    assert repr(plan.unscheduled) == f"{{{shown}: 'no bid'}}"
    assert (tmp_path / "plan.html").read_text(encoding="utf-8").startswith("<!")


class _StopDaemonError(Exception):
    """Ends the README's daemon after its first poll."""


def test_events_examples_run_as_written(monkeypatch, capsys):
    """The listeners refuse a .tmp version and announce a commit; the daemon prints."""
    from factories import a_shot

    from stalker import events
    from stalker.db import callbacks

    listening, polling = code_blocks(section("Events and history"), "python")[:2]
    namespace: dict = {}
    exec(compile(listening, "README.rst", "exec"), namespace)
    check = namespace["check"]
    (announce,) = [fn for _, fn in callbacks._listeners["after_commit"]]
    try:
        task = Task(name="Layout", task_of=a_shot())
        Version(task=task, extension=".tmp")
        with pytest.raises(ValueError, match="temporary files are not published"):
            db.session.commit()
        db.session.rollback()
        task = Task(name="Layout", task_of=a_shot())
        published = Version(task=task, extension=".ma")
        db.session.commit()
    finally:
        events.remove(Version, "before_insert", check)
        events.remove(Version, "after_commit", announce)
    assert f"publish {published.id}" in capsys.readouterr().out

    def stop(seconds):
        raise _StopDaemonError

    monkeypatch.setattr(db, "setup", lambda url: None)  # the suite's database
    monkeypatch.setattr("time.sleep", stop)
    with pytest.raises(_StopDaemonError):
        exec(compile(polling, "README.rst", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert f"insert Version {published.id}" in [
        line.split(" ", 1)[1] for line in printed
    ]
    assert [int(line.split()[0]) for line in printed] == sorted(
        int(line.split()[0]) for line in printed
    )


def test_messages_continue_the_tutorial(resetup):
    """A mention, an attachment, a reply, the inbox and a read mark, as shown."""
    from stalker import Comment

    blocks = code_blocks(section("Tutorial"), "python")
    messages = code_blocks(section("Events and history"), "python")[2:]
    assert len(messages) == 1
    namespace: dict = {}
    for block in blocks + messages:
        exec(compile(block, "README.rst", "exec"), namespace)
    db.session.commit()
    db.session.expire_all()
    note = db.query(Comment).filter(Comment.reply_to == None).one()  # noqa: E711
    assert [user.login_name for user in note.mentions] == ["ann"]
    assert [link.filename for link in note.attachments] == ["still.png"]
    assert [reply.body for reply in note.replies] == ["Fixed in the next take"]
    assert note.is_read_by(namespace["ann"])


def test_an_artists_day_continues_the_tutorial(resetup):
    """Book, request a review, get a revision, book again, approve: Animation opens."""
    blocks = code_blocks(section("Tutorial"), "python")
    day = code_blocks(section("Production tracking"), "python")
    assert len(day) == 1
    namespace: dict = {}
    for block in blocks + day:
        exec(compile(block, "README.rst", "exec"), namespace)
    db.session.expire_all()
    layout = db.query(Task).filter_by(name="Layout").one()
    assert [r.status.short_name for r in layout.reviews] == ["RREV", "APP"]
    assert layout.bid == timedelta(days=1, hours=2)
    animation = db.query(Task).filter_by(name="Animation").one()
    assert animation.status.short_name == "RTS"
