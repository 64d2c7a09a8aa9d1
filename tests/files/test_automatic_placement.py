"""Placement is automatic: the flush that numbers a version renders its paths."""

from __future__ import annotations

import pytest
from factories import a_shot, numbered

from stalker import Asset, Task, Version, db
from stalker.exceptions import TemplateError, UnsafePathError


def test_a_new_version_is_placed_at_its_first_flush(production):
    """Numbered at the flush, the version has its path and filename at once."""
    version = Version(task=production.model_task, extension="ma")
    assert (version.path, version.filename) == ("", "")
    db.session.flush()
    assert version.path == "ASSETS/Character/Olum/MODEL"
    assert version.filename == "Olum_MAIN_Character_v001.ma"
    assert version.absolute_path.endswith(
        "/FANCY_COMMERCIAL/ASSETS/Character/Olum/MODEL/Olum_MAIN_Character_v001.ma"
    )


def test_placed_paths_are_stored(production):
    """The paths rendered at the flush are what the database keeps."""
    version = Version(task=production.anim_task, take="Alt", extension=".mb")
    db.session.commit()
    version_id = version.id
    db.session.expunge_all()
    stored = db.session.get(Version, version_id)
    assert (stored.path, stored.filename, stored.extension) == (
        "Sequences/SEQ1/Shots/SH001/Animation",
        "SH001_Alt_v1.mb",
        ".mb",
    )


def test_versions_of_one_flush_are_placed_each_with_its_number(production):
    """Several new versions of a task, flushed together, each get their own file."""
    versions = [Version(task=production.anim_task) for _ in range(3)]
    db.session.flush()
    assert [v.filename for v in versions] == [f"SH001_MAIN_v{n}" for n in (1, 2, 3)]


def test_a_version_without_template_commits_with_empty_paths(production):
    """No template for its project or its type: the version is saved unplaced."""
    production.structure.asset_templates.remove(production.character_template)
    loose = Version(task=Task(name="Loose", task_of=a_shot()))
    unplaced = Version(task=production.model_task)
    orphan = Version(task=Task(name="Orphan", task_of=Asset(name="Orphan")))
    db.session.commit()
    assert [(v.path, v.filename) for v in (loose, unplaced, orphan)] == [("", "")] * 3
    assert [v.version_number for v in (loose, unplaced, orphan)] == [1, 1, 1]


def test_a_version_given_its_paths_keeps_them(production):
    """Paths given by the caller are not replaced by the template's."""
    version = numbered(production.model_task, path="elsewhere", filename="mine.ma")
    assert (version.path, version.filename) == ("elsewhere", "mine.ma")


def test_only_the_first_flush_places(production):
    """A later template change leaves saved versions until update_paths() is called."""
    version = numbered(production.model_task)
    production.character_template.path_code = "MODELS/{{ asset.name }}"
    db.session.flush()
    assert version.path == "ASSETS/Character/Olum/MODEL"
    version.update_paths()
    assert version.path == "MODELS/Olum"


def test_update_paths_keeps_the_versions_extension(production):
    """update_paths() without an extension ends the name in the version's own."""
    version = numbered(production.model_task, extension="ma")
    version.update_paths()
    assert version.filename == "Olum_MAIN_Character_v001.ma"
    version.update_paths("abc")
    assert (version.filename, version.extension) == (
        "Olum_MAIN_Character_v001.abc",
        ".abc",
    )


@pytest.mark.parametrize(
    ("path_code", "error"),
    [("../../{{ asset.name }}", UnsafePathError), ("{{ nope }}", TemplateError)],
)
def test_a_bad_template_fails_the_flush(production, path_code, error):
    """A template that cannot place the file fails the save: nothing is written."""
    db.session.commit()
    production.character_template.path_code = path_code
    db.session.commit()
    Version(task=production.model_task)
    with pytest.raises(error):
        db.session.flush()
    db.session.rollback()
    assert db.query(Version).count() == 0
