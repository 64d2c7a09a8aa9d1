"""The seed's tutorial, Parts I to IV, runs as docs/tutorial.rst writes it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from test_readme import code_blocks

from stalker import Project, User, db

TUTORIAL = (Path(__file__).parent.parent / "docs" / "tutorial.rst").read_text(
    encoding="utf-8"
)


def test_tutorial_parts_one_to_four(resetup, capsys):
    """Every Python block of the page runs, in order, in one namespace."""
    blocks = code_blocks(TUTORIAL, "python")
    assert len(blocks) == 11
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/tutorial.rst", "exec"), namespace)

    # what the tutorial promises, read back from the database
    assert capsys.readouterr().out == "Erkan Ozgur\n"
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
