"""The seed's tutorial, Parts I to V, runs as docs/tutorial.rst writes it.

docs/tutorial.rst also says where Stalker differs from the seed, and why.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from test_readme import code_blocks

from stalker import Project, User, db

TUTORIAL = (Path(__file__).parent.parent / "docs" / "tutorial.rst").read_text(
    encoding="utf-8"
)

SEED_FOLDERS = """
M:/PROJECTS/FANCY_COMMERCIAL
M:/PROJECTS/FANCY_COMMERCIAL/Assets
M:/PROJECTS/FANCY_COMMERCIAL/References
M:/PROJECTS/FANCY_COMMERCIAL/Sequences
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit/AnimaticStoryboard
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit/Export
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Storyboard
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH001
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH002
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH003
""".strip().splitlines()


def test_tutorial_parts_one_to_five(resetup, capsys, tmp_path, monkeypatch):
    """Every Python block of the page runs, in order, in one namespace.

    Part V's file server is not mounted here: this machine mounts it in a
    temporary folder, with the per-machine variable Stalker reads for that.
    """
    monkeypatch.setattr("platform.system", lambda: "Linux")
    monkeypatch.setenv("STALKER_REPOSITORY_COMMERCIAL_REPOSITORY_PATH", str(tmp_path))
    blocks = code_blocks(TUTORIAL, "python")
    assert len(blocks) == 16
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/tutorial.rst", "exec"), namespace)

    # what the tutorial promises, read back from the database
    assert capsys.readouterr().out == f"Erkan Ozgur\n{tmp_path}\n"
    assert namespace["repol"].windows_path == "M:/PROJECTS"
    assert namespace["repol"].path_for("Linux") == "/mnt/M"
    created = sorted(
        "M:/PROJECTS/" + path.relative_to(tmp_path).as_posix()
        for path in tmp_path.rglob("*")
    )
    assert created == sorted(SEED_FOLDERS)
    assert namespace["anim_version"].path == "ASSETS/Shot/ANIM"
    assert namespace["anim_version"].filename == "Shot 1_MAIN_Shot_v1.ma"
    db.session.expunge_all()
    project = db.query(Project).filter_by(name="Fancy Commercial").one()
    assert project.code == "FANCY_COMMERCIAL"
    assert project.lead.login_name == "eoyilmaz"
    assert project.type.name == "Commercial"
    assert project.image_format.device_aspect == 1920 / 1080
    assert project.due == datetime(2011, 2, 15).replace(tzinfo=project.due.tzinfo)
    assert [s.code for s in project.sequences[0].shots] == ["SH001", "SH002", "SH003"]
    shot = project.sequences[0].shots[0]
    assert shot.type.name == "Shot"
    assert [s.code for s in shot.type.steps] == ["PRE", "MM", "ANIM", "LIGHT", "COMP"]
    assert [t.name for t in shot.tasks] == [
        "Previz",
        "Match Move",
        "Animation",
        "Lighting",
        "Compositing",
    ]
    tasks = {t.name: t for t in shot.tasks}
    assert [t.name for t in tasks["Animation"].depends] == ["Previz", "Match Move"]
    assert [t.name for t in tasks["Compositing"].depends] == ["Animation", "Lighting"]
    assert all(t.resources[0].first_name == "Erkan Ozgur" for t in shot.tasks)
    user = db.query(User).filter_by(name="eoyilmaz").one()
    assert user.department.name == "TDs"
    assert user.check_password("secret")
    assert len(user.tasks) == 5
    assert project.repository.name == "Commercial Repository"
    assert project.structure.name == "Commercial Projects Structure"
