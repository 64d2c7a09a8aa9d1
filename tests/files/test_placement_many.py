"""placement.update_paths: many versions placed at once, each task's work done once."""

from __future__ import annotations

import pytest
from factories import make_user, numbered
from statements import statements_of

from stalker import Version
from stalker.exceptions import UnsafePathError, ValidationError
from stalker.files import placement


@pytest.fixture
def versions(production) -> list[Version]:
    """Versions of a shot's task and an asset's task, in two takes."""
    return [
        numbered(production.anim_task),
        numbered(production.anim_task, take="Alt"),
        numbered(production.model_task),
        numbered(production.anim_task),
        numbered(production.model_task, take="Alt"),
    ]


def _placed(versions: list[Version]) -> list[tuple[str, str]]:
    return [(version.path, version.filename) for version in versions]


def test_each_version_gets_what_its_own_update_paths_gives(versions):
    """The batch stores the paths each version's update_paths() renders."""
    placement.update_paths(versions, "ma")
    together = _placed(versions)
    for version in versions:
        version.path = version.filename = ""
        version.update_paths("ma")
    assert together == _placed(versions)
    assert together[1] == ("Sequences/SEQ1/Shots/SH001/Animation", "SH001_Alt_v1.ma")
    assert together[4] == (
        "ASSETS/Character/Olum/MODEL",
        "Olum_Alt_Character_v001.ma",
    )


@pytest.mark.parametrize(
    ("path_code", "expected"),
    [
        ("v{{ version.version_number }}", ["v1", "v1", "v2"]),
        ("{{ take }}/{{ shot.code }}", ["MAIN/SH001", "Alt/SH001", "MAIN/SH001"]),
        ("{{ user.login_name }}", ["anim", "lead", "anim"]),
    ],
)
def test_a_folder_that_reads_the_version_is_rendered_per_version(
    production, path_code, expected
):
    """A path template reading version, take or user renders for each version."""
    anim, lead = make_user("anim"), make_user("lead")
    production.shot_template.path_code = path_code
    versions = [
        numbered(production.anim_task, created_by=anim),
        numbered(production.anim_task, take="Alt", created_by=lead),
        numbered(production.anim_task, created_by=anim),
    ]
    placement.update_paths(versions)
    assert [version.path for version in versions] == expected


def test_a_bad_extension_is_refused_and_nothing_is_stored(versions):
    """The extension is checked once, before any version changes."""
    before = _placed(versions)
    with pytest.raises(ValidationError) as error:
        placement.update_paths(versions, "m a")
    assert str(error.value).startswith("Version.extension should be letters")
    assert _placed(versions) == before
    assert {version.extension for version in versions} == {""}


def test_an_unnumbered_version_is_refused_and_nothing_is_stored(production, versions):
    """A version not flushed yet is refused as update_paths() refuses it."""
    pending = Version(task=production.anim_task)
    before = _placed(versions)
    with pytest.raises(ValidationError) as error:
        placement.update_paths([*versions, pending], "ma")
    assert "Version.version_number should be assigned before paths" in str(error.value)
    assert _placed(versions) == before
    assert {version.extension for version in versions} == {""}


def test_an_unsafe_path_of_one_version_stores_none(production, versions):
    """One version whose path would leave the root leaves every version as it was."""
    before = _placed(versions)
    production.character_template.path_code = "../{{ asset.name }}"
    with pytest.raises(UnsafePathError):
        placement.update_paths(versions, "ma")
    assert _placed(versions) == before
    assert {version.extension for version in versions} == {""}


def test_versions_whose_chain_is_at_hand_are_placed_without_sql(versions):
    """Placed once, the versions are placed again without a statement."""
    placement.update_paths(versions, "ma")
    _, statements = statements_of(lambda: placement.update_paths(versions, "mb"))
    assert statements == []
    assert versions[0].filename == "SH001_MAIN_v1.mb"


def test_no_versions_is_nothing_to_do(session):
    """An empty list places nothing and raises nothing."""
    _, statements = statements_of(lambda: placement.update_paths([], "ma"))
    assert statements == []


def test_versions_of_one_task_share_the_views_of_its_chain(production):
    """Consecutive versions of a task get the same views of the task and its shot."""
    first, second = numbered(production.anim_task), numbered(production.anim_task)
    one, two = placement.context(first), placement.context(second)
    assert one["task"] is two["task"]
    assert one["shot"] is two["shot"]
    assert one["version"] is not two["version"]
    assert two["version"].version_number == 2


def test_a_shared_view_never_shows_what_the_chain_no_longer_holds(production):
    """A shot moved to another sequence between two renders is rendered in the new one."""
    from stalker import Sequence

    first, second = numbered(production.anim_task), numbered(production.anim_task)
    first.update_paths("ma")
    shot = production.shots[0]
    shot.sequence = Sequence(name="Sequence 2", code="SEQ2", project=production.project)
    second.update_paths("ma")
    assert first.path == "Sequences/SEQ1/Shots/SH001/Animation"
    assert second.path == "Sequences/SEQ2/Shots/SH001/Animation"
    assert placement.context(second)["sequence"].code == "SEQ2"


def test_many_versions_are_rendered_with_the_collector_paused(versions, monkeypatch):
    """Rendering many versions in one call pauses the cyclic collector, as a flush."""
    import gc

    seen: list[bool] = []
    store = placement._store

    def record(*args: object) -> None:
        seen.append(gc.isenabled())
        store(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(placement, "_store", record)
    placement.update_paths(versions, "ma")
    assert seen == [False]
    assert gc.isenabled()
