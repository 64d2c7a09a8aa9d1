"""Repository: a file server's root on Linux, Windows and macOS, and its path here."""

from __future__ import annotations

import platform

import pytest

from stalker import Entity, Repository
from stalker.core.models.repository import Repository as RepositoryFromModule
from stalker.exceptions import ValidationError, ValidationTypeError

PATHS = {
    "linux_path": "/mnt/T/Projects",
    "windows_path": "T:\\Projects",
    "osx_path": "/Volumes/T/Projects",
}
#: How each root is kept: with '/' separators.
STORED = {
    "linux_path": "/mnt/T/Projects",
    "windows_path": "T:/Projects",
    "osx_path": "/Volumes/T/Projects",
}
ATTRS = list(PATHS)


def make(**kwargs) -> Repository:
    kwargs.setdefault("name", "Commercials")
    for attr, path in PATHS.items():
        kwargs.setdefault(attr, path)
    return Repository(**kwargs)


def test_repository_is_an_entity():
    """Repository extends Entity and is importable from the seed's module."""
    assert RepositoryFromModule is Repository
    assert isinstance(make(), Entity)


def test_paths_in_constructor():
    """The three paths are kept, Windows' with '/' separators."""
    repository = make()
    assert repository.linux_path == "/mnt/T/Projects"
    assert repository.windows_path == "T:/Projects"
    assert repository.osx_path == "/Volumes/T/Projects"


def test_paths_default_to_empty():
    """A path not given is an empty string."""
    repository = Repository(name="Nowhere")
    assert (repository.linux_path, repository.windows_path, repository.osx_path) == (
        "",
        "",
        "",
    )


@pytest.mark.parametrize("attr", ATTRS)
def test_path_is_stripped(attr):
    """Surrounding white space of a path is removed; inner spaces are kept."""
    root = "T:/My Projects" if attr == "windows_path" else "/mnt/My Projects"
    repository = make(**{attr: f"  {root} \n"})
    assert getattr(repository, attr) == root


@pytest.mark.parametrize("attr", ATTRS)
def test_path_set_later(attr):
    """Each path can be set later."""
    root = "U:/new/root" if attr == "windows_path" else "/new/root"
    repository = make()
    setattr(repository, attr, f" {root} ")
    assert getattr(repository, attr) == root


@pytest.mark.parametrize("attr", ATTRS)
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "NoneType: None"),
        (3, "int: 3"),
        (["/mnt/T"], "list: ['/mnt/T']"),
        (b"/mnt/T", "bytes: b'/mnt/T'"),
    ],
)
def test_bad_path_type(attr, value, shown):
    """A path that is not a string raises TypeError and ValueError, always."""
    expected = f"Repository.{attr} should be a string, not {shown}"
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    repository = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(repository, attr, value)
    assert str(error.value) == expected
    assert getattr(repository, attr) == STORED[attr]


@pytest.mark.parametrize("attr", ATTRS)
@pytest.mark.parametrize(
    ("value", "expectation", "shown"),
    [
        (
            "/" + "p" * 1024,
            "a string of at most 1024 characters",
            "str: '/" + "p" * 75 + "...",
        ),
        ("/mnt/\x00T", "a string without NUL characters", "str: '/mnt/\\x00T'"),
    ],
)
def test_bad_path_value(attr, value, expectation, shown):
    """A too long path or one with NUL raises ValueError, always."""
    expected = f"Repository.{attr} should be {expectation}, not {shown}"
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    repository = make()
    with pytest.raises(ValidationError) as error:
        setattr(repository, attr, value)
    assert str(error.value) == expected
    assert getattr(repository, attr) == STORED[attr]


def test_longest_path_is_kept():
    """A path of 1024 characters is accepted."""
    path = "/" + "p" * 1023
    assert make(linux_path=path).linux_path == path


# path ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("Linux", "/mnt/T/Projects"),
        ("Windows", "T:/Projects"),
        ("Darwin", "/Volumes/T/Projects"),
    ],
)
def test_path_follows_the_operating_system(monkeypatch, system, expected):
    """path answers the root for the system the code runs on."""
    monkeypatch.setattr(platform, "system", lambda: system)
    assert make().path == expected


def test_path_follows_a_change_of_system(monkeypatch):
    """path asks the system each time."""
    repository = make()
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    assert repository.path == "T:/Projects"
    monkeypatch.setattr(platform, "system", lambda: "Darwin")
    assert repository.path == "/Volumes/T/Projects"


def test_other_unix_systems_use_the_linux_path(monkeypatch):
    """Other POSIX systems (FreeBSD...) use the Linux path."""
    monkeypatch.setattr(platform, "system", lambda: "FreeBSD")
    assert make().path == "/mnt/T/Projects"


def test_path_on_this_machine():
    """Without patching, path is one of the three roots, for this system."""
    expected = {"Windows": "windows_path", "Darwin": "osx_path"}.get(
        platform.system(), "linux_path"
    )
    repository = make()
    assert repository.path == getattr(repository, expected)


def test_path_follows_changes(monkeypatch):
    """path follows the current system's path when it is changed."""
    monkeypatch.setattr(platform, "system", lambda: "Linux")
    repository = make()
    repository.linux_path = "/srv/projects"
    assert repository.path == "/srv/projects"


def test_path_is_read_only():
    """path cannot be set, and is not a constructor argument."""
    repository = make()
    with pytest.raises(AttributeError):
        repository.path = "/elsewhere"
    with pytest.raises(ValidationTypeError) as error:
        make(path="/elsewhere")
    assert str(error.value) == "Repository() got unexpected keyword arguments: path"


# persistence -----------------------------------------------------------
def test_repository_round_trip(session, monkeypatch):
    """The three paths survive a commit and a reload; path still follows the OS."""
    repository = make(name="Film Server", description="the big one")
    session.commit()
    repository_id = repository.id
    session.expire_all()
    loaded = session.get(Repository, repository_id)
    assert (loaded.name, loaded.description) == ("Film Server", "the big one")
    assert loaded.linux_path == PATHS["linux_path"]
    assert loaded.windows_path == STORED["windows_path"]
    assert loaded.osx_path == PATHS["osx_path"]
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    assert loaded.path == "T:/Projects"


def test_path_changes_round_trip(session):
    """A path changed after a commit is saved."""
    repository = make()
    session.commit()
    repository.osx_path = "/Volumes/Projects2"
    session.commit()
    session.expire_all()
    assert repository.osx_path == "/Volumes/Projects2"


def test_empty_paths_round_trip(session):
    """A repository with empty paths can be saved."""
    repository = Repository(name="Unmounted")
    session.commit()
    session.expire_all()
    assert (repository.linux_path, repository.windows_path, repository.osx_path) == (
        "",
        "",
        "",
    )
