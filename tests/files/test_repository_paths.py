"""Repository roots per OS: their shapes, the per-machine override, conversions."""

from __future__ import annotations

import platform

import pytest

from stalker import Repository, db
from stalker.exceptions import RepositoryError, ValidationError, ValidationTypeError


def make(**kwargs) -> Repository:
    kwargs.setdefault("name", "Commercial Repository")
    kwargs.setdefault("linux_path", "/mnt/M")
    kwargs.setdefault("windows_path", "M:/PROJECTS")
    kwargs.setdefault("osx_path", "/Volumes/M")
    return Repository(**kwargs)


@pytest.fixture
def on(monkeypatch):
    """Pretend the code runs on the given OS."""

    def on(system: str) -> None:
        monkeypatch.setattr(platform, "system", lambda: system)

    return on


@pytest.mark.parametrize(
    ("attr", "given", "stored"),
    [
        ("windows_path", "M:\\PROJECTS\\", "M:/PROJECTS"),
        ("windows_path", "  M:\\  ", "M:/"),
        ("windows_path", "\\\\server\\share\\projects", "//server/share/projects"),
        ("linux_path", "/mnt/M/", "/mnt/M"),
        ("linux_path", "/mnt//M", "/mnt/M"),
        ("osx_path", "/Volumes/M/", "/Volumes/M"),
        ("linux_path", "/", "/"),
    ],
)
def test_roots_are_normalized(attr, given, stored):
    """Roots keep '/' separators and no trailing one, in the constructor and later."""
    assert getattr(make(**{attr: given}), attr) == stored
    repository = make()
    setattr(repository, attr, given)
    assert getattr(repository, attr) == stored


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        (
            "linux_path",
            "mnt/M",
            "an absolute path like '/mnt/M', '~/...' (without '..') or empty",
        ),
        (
            "linux_path",
            "M:/x",
            "an absolute path like '/mnt/M', '~/...' (without '..') or empty",
        ),
        (
            "linux_path",
            "//srv/x",
            "an absolute path like '/mnt/M', '~/...' (without '..') or empty",
        ),
        (
            "osx_path",
            "/Volumes/../etc",
            "an absolute path like '/mnt/M', '~/...' (without '..') or empty",
        ),
        (
            "windows_path",
            "/mnt/M",
            "a Windows path like 'M:/PROJECTS' or '//server/share', '~/...' "
            "(without '..') or empty",
        ),
        (
            "windows_path",
            "PROJECTS",
            "a Windows path like 'M:/PROJECTS' or '//server/share', '~/...' "
            "(without '..') or empty",
        ),
    ],
)
def test_bad_roots_are_refused(attr, value, expected):
    """A root of the wrong shape raises, in the constructor and later."""
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert (
        str(error.value)
        == f"Repository.{attr} should be {expected}, not str: {value!r}"
    )
    repository = make()
    before = getattr(repository, attr)
    with pytest.raises(ValidationError):
        setattr(repository, attr, value)
    assert getattr(repository, attr) == before


@pytest.mark.parametrize("attr", ["linux_path", "windows_path", "osx_path"])
def test_roots_with_control_characters_are_refused(attr):
    """A root holding a control character (a tab here) is refused."""
    value = "/mnt/M\tX" if attr != "windows_path" else "M:/PRO\tJECTS"
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == (
        f"Repository.{attr} should be a path without control characters, "
        f"not str: {value!r}"
    )


@pytest.mark.parametrize("attr", ["linux_path", "windows_path", "osx_path"])
def test_roots_must_be_strings(attr):
    """A root that is not a string raises a type error."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: 3})
    assert str(error.value) == f"Repository.{attr} should be a string, not int: 3"
    with pytest.raises(ValidationTypeError):
        setattr(make(), attr, None)


@pytest.mark.parametrize(
    ("system", "expected"),
    [("Linux", "/mnt/M"), ("Windows", "M:/PROJECTS"), ("Darwin", "/Volumes/M")],
)
def test_path_answers_for_the_running_os(on, system, expected):
    """path is the root of the OS the code runs on."""
    on(system)
    assert make().path == expected


@pytest.mark.parametrize(
    ("system", "attribute"),
    [
        ("Linux", "linux_path"),
        ("Windows", "windows_path"),
        ("Darwin", "osx_path"),
    ],
)
def test_root_attribute(on, system, attribute):
    """root_attribute() names the attribute of a system's root (default: this one)."""
    assert Repository.root_attribute(system) == attribute
    on(system)
    assert Repository.root_attribute() == attribute


def test_other_running_systems_use_the_linux_root(on):
    """Running on another POSIX system (FreeBSD), the Linux root is used."""
    on("FreeBSD")
    assert Repository.root_attribute() == "linux_path"
    assert make().path == "/mnt/M"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        *[(name, "/mnt/M") for name in ("Linux", "linux", "LINUX", " linux ")],
        *[(name, "M:/PROJECTS") for name in ("Windows", "windows", "win32", "nt")],
        *[(name, "/Volumes/M") for name in ("Darwin", "darwin", "macOS", "osx", "OSX")],
    ],
)
def test_os_names_a_td_would_type(on, name, expected):
    """to_path and path_for take the OS names of platform, sys, os and marketing."""
    on("Linux")
    repository = make()
    assert repository.to_path("/mnt/M/FC/a.ma", name) == f"{expected}/FC/a.ma"
    assert repository.path_for(name) == expected


@pytest.mark.parametrize("name", ["foo", "posix", "FreeBSD", "", "win", 3])
def test_unknown_os_name_is_an_error(name):
    """An OS name that is not understood raises, never silently gives the Linux path."""
    repository = make()
    with pytest.raises(ValidationError) as error:
        repository.to_path("/mnt/M/FC/a.ma", name)
    assert str(error.value) == (
        "Repository.system should be one of 'linux', 'windows', 'win32', 'nt', "
        f"'darwin', 'macos', 'osx' (in any case), not {type(name).__name__}: {name!r}"
    )
    with pytest.raises(ValidationError):
        repository.path_for(name)


@pytest.mark.parametrize("attr", ["linux_path", "windows_path", "osx_path"])
@pytest.mark.parametrize(
    ("given", "stored"), [("~", "~"), ("~/Projects/", "~/Projects")]
)
def test_roots_may_start_at_home(attr, given, stored):
    """A root may start with '~', kept as given until the root is used."""
    assert getattr(make(**{attr: given}), attr) == stored


@pytest.mark.parametrize("value", ["~other/Projects", "~/../etc", "~x"])
def test_only_this_users_home_is_understood(value):
    """'~user' and a '..' after '~' are refused."""
    with pytest.raises(ValidationError):
        make(linux_path=value)


@pytest.mark.parametrize(
    ("system", "attr"),
    [("Linux", "linux_path"), ("Windows", "windows_path"), ("Darwin", "osx_path")],
)
def test_home_root_is_expanded_when_used(on, monkeypatch, tmp_path, system, attr):
    """path, to_path and path_for expand '~' to the home of whoever runs the code."""
    monkeypatch.setattr("pathlib.Path.home", lambda: tmp_path / "home")
    home = (tmp_path / "home").as_posix()
    on(system)
    repository = make(**{attr: "~/Projects"})
    assert repository.path == f"{home}/Projects"
    assert repository.path_for(system) == f"{home}/Projects"
    assert repository.to_path(
        "/mnt/M/FC/a.ma" if attr != "linux_path" else "~/Projects/FC/a.ma"
    ) == (f"{home}/Projects/FC/a.ma")
    assert repository.relative_path(f"{home}/Projects/FC/a.ma") == "FC/a.ma"


def test_home_root_of_another_os_keeps_its_tilde(on, monkeypatch, tmp_path):
    """The root of another OS is given in that OS's form: '~' stays for its user."""
    monkeypatch.setattr("pathlib.Path.home", lambda: tmp_path)
    on("Linux")
    repository = make(osx_path="~/Projects")
    assert repository.to_path("/mnt/M/FC/a.ma", "macOS") == "~/Projects/FC/a.ma"


def test_home_in_the_env_variable_is_expanded(on, monkeypatch, tmp_path):
    """STALKER_REPOSITORY_<CODE>_PATH may start with '~' too."""
    monkeypatch.setattr("pathlib.Path.home", lambda: tmp_path)
    on("Linux")
    repository = make(code="COMM")
    monkeypatch.setenv(repository.env_variable, "~/mounted")
    assert repository.path == f"{tmp_path.as_posix()}/mounted"


def test_env_variable_overrides_the_root(on, monkeypatch):
    """STALKER_REPOSITORY_<CODE>_PATH overrides the root on this machine."""
    on("Linux")
    repository = make(code="Comm-1 repo")
    assert repository.env_variable == "STALKER_REPOSITORY_COMM_1_REPO_PATH"
    monkeypatch.setenv("STALKER_REPOSITORY_COMM_1_REPO_PATH", "/net/site2/M/")
    assert repository.path == "/net/site2/M"
    assert repository.to_path("M:/PROJECTS/X/a.ma") == "/net/site2/M/X/a.ma"
    assert repository.to_path("/net/site2/M/X/a.ma", "Windows") == "M:/PROJECTS/X/a.ma"
    assert repository.to_path("/net/site2/M/X/a.ma", "Linux") == "/mnt/M/X/a.ma"
    monkeypatch.setenv("STALKER_REPOSITORY_COMM_1_REPO_PATH", " ")
    assert repository.path == "/mnt/M"


@pytest.mark.parametrize(
    ("given", "system", "expected"),
    [
        ("M:/PROJECTS/X/a.ma", "Linux", "/mnt/M/X/a.ma"),
        ("m:\\projects\\X\\a.ma", "Linux", "/mnt/M/X/a.ma"),
        ("/mnt/M/X/a.ma", "Windows", "M:/PROJECTS/X/a.ma"),
        ("/mnt/M/X/a.ma", "Darwin", "/Volumes/M/X/a.ma"),
        ("/Volumes/M/X/a.ma", "Windows", "M:/PROJECTS/X/a.ma"),
        ("/Volumes/M", "Linux", "/mnt/M"),
        ("/mnt/M/", "Windows", "M:/PROJECTS"),
    ],
)
def test_to_path_converts_between_oses(given, system, expected):
    """A path under the repository in any OS's form converts to any other's."""
    assert make().to_path(given, system) == expected


def test_to_path_defaults_to_the_running_os(on):
    """Without a system, to_path answers for the running OS."""
    on("Windows")
    assert make().to_path("/mnt/M/X/a.ma") == "M:/PROJECTS/X/a.ma"


@pytest.mark.parametrize(
    "path",
    ["/mnt/Other/a.ma", "/mnt/MM/a.ma", "/mnt/M/../etc/passwd", "N:/PROJECTS/a", 3],
)
def test_to_path_refuses_paths_outside(path):
    """A path outside the repository, or climbing out of it, raises."""
    repository = make()
    with pytest.raises(ValidationError) as error:
        repository.to_path(path, "Linux")
    assert str(error.value).startswith(
        "Repository.path should be a path under the roots of 'Commercial Repository', not "
    )
    if isinstance(path, str):
        assert not repository.is_in_repo(path)


def test_to_path_needs_a_root_for_the_target_os():
    """Converting to an OS the repository has no root for raises RepositoryError."""
    repository = make(osx_path="")
    with pytest.raises(RepositoryError) as error:
        repository.to_path("/mnt/M/a", "Darwin")
    assert str(error.value) == (
        "Repository 'Commercial Repository' has no root path for Darwin"
    )


def test_is_in_repo_and_relative_path():
    """relative_path gives the part under the root, '' for the root itself."""
    repository = make()
    assert repository.relative_path("/mnt/M/X/a.ma") == "X/a.ma"
    assert repository.relative_path("M:/PROJECTS") == ""
    assert repository.is_in_repo("/Volumes/M/X")
    assert not repository.is_in_repo("/Volumes/MX")


def test_os_independent_path_round_trip():
    """A stored repository gives $REPO<id>/... and takes it back on every OS."""
    repository = make()
    db.session.flush()
    stored = repository.to_os_independent_path("M:\\PROJECTS\\X\\a.ma")
    assert stored == f"$REPO{repository.id}/X/a.ma"
    assert repository.to_os_independent_path("/mnt/M") == f"$REPO{repository.id}"
    assert repository.to_path(stored, "Linux") == "/mnt/M/X/a.ma"
    assert repository.to_path(stored, "Windows") == "M:/PROJECTS/X/a.ma"
    assert repository.relative_path(f"$REPO{repository.id + 1}/X") is None
    assert repository.relative_path(f"$REPO{repository.id}/../X") is None


def test_os_independent_path_needs_an_id():
    """Before the repository is flushed there is no id to store paths with."""
    repository = make()
    with pytest.raises(RepositoryError) as error:
        repository.to_os_independent_path("/mnt/M/a")
    assert "has no id yet" in str(error.value)
