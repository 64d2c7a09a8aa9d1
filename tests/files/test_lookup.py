"""From a path on disk back to its repository, project, version and task."""

from __future__ import annotations

from typing import Any

from statements import statements_of

from stalker import Repository, Version, db
from stalker.files.lookup import (
    find_project,
    find_repository,
    find_version,
    to_native_path,
)


def saved(task, extension="ma", **kwargs) -> Version:
    version = Version(task=task, **kwargs)
    db.session.flush()
    version.update_paths(extension)
    db.session.flush()
    return version


def test_find_repository_in_any_os_form(production):
    """A path written on Linux, Windows or macOS finds its repository."""
    other = Repository(name="Movies", linux_path="/mnt/movies", windows_path="N:/")
    db.session.flush()
    assert (
        find_repository(f"{production.root}/FANCY_COMMERCIAL/x.ma")
        is production.repository
    )
    assert (
        find_repository("m:\\projects\\FANCY_COMMERCIAL\\x.ma") is production.repository
    )
    assert find_repository("/Volumes/M/FANCY_COMMERCIAL") is production.repository
    assert find_repository("N:\\films\\a.ma") is other
    assert find_repository("/elsewhere/a.ma") is None


def test_most_specific_root_wins(production):
    """When roots nest, the innermost repository holds the path."""
    inner = Repository(name="Inner", linux_path=f"{production.root}/FANCY_COMMERCIAL")
    db.session.flush()
    assert find_repository(f"{production.root}/FANCY_COMMERCIAL/a") is inner
    assert find_repository(f"{production.root}/OTHER/a") is production.repository


def test_os_independent_paths_round_trip(production, monkeypatch):
    """A stored $REPO path comes back in the running OS's form."""
    db.session.flush()
    stored = production.repository.to_os_independent_path("M:/PROJECTS/FC/a.ma")
    assert find_repository(stored) is production.repository
    assert to_native_path(stored) == f"{production.root.as_posix()}/FC/a.ma"
    monkeypatch.setattr("platform.system", lambda: "Windows")
    assert to_native_path(stored) == "M:/PROJECTS/FC/a.ma"
    assert to_native_path("/Volumes/M/FC/a.ma") == "M:/PROJECTS/FC/a.ma"
    assert to_native_path("/elsewhere/a.ma") == "/elsewhere/a.ma"
    assert find_repository("$REPO999999/FC") is None


def test_find_version_from_the_scene_open_in_maya(production, monkeypatch):
    """The path of a version's file finds the version, its task and project."""
    first = saved(production.model_task)
    second = saved(production.model_task)
    shot_version = saved(production.anim_task, extension="mb")
    db.session.commit()
    found = find_version(second.absolute_path)
    assert found is second
    assert found.task is production.model_task
    assert found.task.task_of.project is production.project
    assert find_version(first.absolute_path) is first
    assert find_version(shot_version.absolute_path) is shot_version
    windows = production.repository.to_path(second.absolute_path, "Windows")
    assert find_version(windows.replace("/", "\\")) is second


def count_statements(path: str) -> tuple[Version | None, list[str]]:
    db.session.commit()
    db.session.expire_all()
    return statements_of(lambda: find_version(path))


def test_find_version_uses_one_query_not_a_scan(production):
    """One query on path and filename finds the version, however many exist."""
    target = saved(production.model_task)
    found, few = count_statements(target.absolute_path)
    assert found is target
    for _ in range(20):
        saved(production.model_task)
    found, many = count_statements(target.absolute_path)
    assert found is target
    assert len(many) == len(few)
    searches = [s for s in many if "versions.filename =" in s]
    assert len(searches) == 1
    assert "versions.path =" in searches[0]


def read_next(path: str) -> tuple[Any, ...]:
    """Find a version as an artist's tool does, then read what it shows next."""
    version = find_version(path)
    task = version.task
    owner = task.task_of
    return (
        version.id,
        task.name,
        owner.name,
        owner.project.code,
        version.absolute_path,
    )


def test_find_version_and_what_is_read_next_take_two_statements(production):
    """Repositories, then the version with its task, shot or asset and project.

    The count is the same in a new session and with ten times the shots.
    """
    from stalker import AssetType, Sequence, Shot, Task

    versions = [saved(production.anim_task), saved(production.model_task)]
    paths = [version.absolute_path for version in versions]
    expected = [
        (versions[0].id, "Animation", "Shot 1", "FANCY_COMMERCIAL", paths[0]),
        (versions[1].id, "Model", "Olum", "FANCY_COMMERCIAL", paths[1]),
    ]
    ids = production.sequence.id, production.shots[0].type.id
    db.session.commit()

    def counts() -> list[int]:
        found = []
        for path, answer in zip(paths, expected, strict=True):
            db.session.expunge_all()
            read, statements = statements_of(lambda path=path: read_next(path))
            assert read == answer
            found.append(len(statements))
        return found

    few = counts()
    sequence, shot_type = (
        db.session.get(Sequence, ids[0]),
        db.session.get(AssetType, ids[1]),
    )
    for n in range(20):
        shot = Shot(name=f"More {n}", code=f"M{n}", sequence=sequence, type=shot_type)
        saved(Task(name="Animation", task_of=shot))
    db.session.commit()
    assert few == counts() == [2, 2]


def test_find_version_of_an_os_independent_path(production):
    """A stored ``$REPO<id>/...`` path finds its version on any OS."""
    version = saved(production.model_task)
    stored = production.repository.to_os_independent_path(version.absolute_path)
    assert stored.startswith(f"$REPO{production.repository.id}/FANCY_COMMERCIAL/")
    assert find_version(stored) is version


def test_find_version_misses(production):
    """Paths outside repositories, of other projects or of no version give None."""
    version = saved(production.model_task)
    assert find_version("/elsewhere/a.ma") is None
    assert find_version(f"{production.root}/FANCY_COMMERCIAL/nothing.ma") is None
    assert find_version(f"{production.root}") is None
    moved = version.absolute_path.replace("FANCY_COMMERCIAL", "OTHER_PROJECT")
    assert find_version(moved) is None


def test_version_of_a_loose_task_is_skipped(production):
    """A version with the same stored path but no shot or asset is not returned."""
    from stalker import Task

    version = saved(production.model_task)
    loose = Version(
        task=Task(name="Loose"), path=version.path, filename=version.filename
    )
    db.session.flush()
    assert loose.version_number == 1
    assert find_version(version.absolute_path) is version


def test_find_project(production):
    """A path in a project's folder finds the project."""
    db.session.flush()
    assert (
        find_project(f"{production.root}/FANCY_COMMERCIAL/Assets") is production.project
    )
    assert find_project("M:/PROJECTS/FANCY_COMMERCIAL") is production.project
    assert find_project(f"{production.root}/NOPE/Assets") is None
    assert find_project("/elsewhere") is None


def test_a_repository_id_beyond_the_database_finds_nothing(production):
    """``$REPO`` with an id no Integer column holds finds nothing, no overflow."""
    for path in ("$REPO99999999999999999999/x", f"$REPO{2**31}/FC/a.ma"):
        assert find_version(path) is None
        assert find_repository(path) is None
        assert find_project(path) is None
