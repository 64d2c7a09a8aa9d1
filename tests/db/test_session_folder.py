"""The login session folder: created private, refused when others could open it."""

from __future__ import annotations

import os
import stat

import pytest

from stalker import config
from stalker.db.session_folder import open_folder, private_folder, session_folder
from stalker.exceptions import UnsafeSessionFolderError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "home" / "sessions"
    monkeypatch.setattr(config.settings, "session_folder", str(path))
    return path


def test_default_is_a_folder_in_the_users_home(monkeypatch, tmp_path):
    """By default the sessions live in ~/.stalker/sessions."""
    assert config.Settings().session_folder == "~/.stalker/sessions"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(config.settings, "session_folder", "~/.stalker/sessions")
    assert session_folder() == tmp_path / ".stalker" / "sessions"


def test_the_folder_is_set_by_an_environment_variable(monkeypatch, tmp_path):
    """STALKER_SESSION_FOLDER overrides the default."""
    monkeypatch.setenv("STALKER_SESSION_FOLDER", str(tmp_path / "elsewhere"))
    settings = config._from_environment(config.Settings())
    assert settings.session_folder == str(tmp_path / "elsewhere")


def test_the_suite_never_uses_the_real_home():
    """The test suite's session folder is a temporary one."""
    assert not config.settings.session_folder.startswith("~")
    assert os.environ["STALKER_SESSION_FOLDER"] == config.settings.session_folder


def test_missing_folder_is_created_owner_only(folder):
    """private_folder(create=True) makes the folder with mode 0700."""
    assert private_folder(create=True) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_missing_folder_is_not_created_just_to_read(folder):
    """Without create, a missing folder means nobody logged in, and stays missing."""
    assert private_folder(create=False) is None
    assert not folder.exists()


@pytest.mark.parametrize("mode", [0o750, 0o705, 0o770, 0o777, 0o701])
def test_folder_others_can_open_is_refused(folder, mode):
    """A folder with any group or world permission is refused, not repaired."""
    folder.mkdir(parents=True)
    folder.chmod(mode)
    for create in (False, True):
        with pytest.raises(UnsafeSessionFolderError) as error:
            private_folder(create=create)
        assert str(error.value) == (
            f"the session folder {str(folder)!r} can be opened by others "
            f"(mode {mode:o}); Stalker keeps logins only in a folder of your own "
            f"that nobody else can open (fix it with: chmod 700 {folder}, or "
            f"remove it)"
        )
    assert stat.S_IMODE(folder.stat().st_mode) == mode


def test_folder_of_another_user_is_refused(folder, monkeypatch):
    """A folder owned by someone else is refused even with mode 0700."""
    folder.mkdir(parents=True, mode=0o700)
    owner = folder.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    with pytest.raises(UnsafeSessionFolderError, match=f"belongs to user id {owner},"):
        private_folder(create=False)


def test_a_file_in_place_of_the_folder_is_refused(folder):
    """A plain file where the folder should be is refused."""
    folder.parent.mkdir()
    folder.write_text("not a folder")
    with pytest.raises(UnsafeSessionFolderError, match="'sessions': not a folder"):
        private_folder(create=False)


def test_a_link_in_place_of_the_folder_is_refused(folder, tmp_path):
    """The folder itself is never a link, even to a private folder of ours."""
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    folder.parent.mkdir()
    folder.symlink_to(target)
    for create in (False, True):
        with pytest.raises(UnsafeSessionFolderError, match="is a link;"):
            private_folder(create=create)
    assert list(target.iterdir()) == []


def test_a_folder_above_that_others_can_write_to_is_refused(folder):
    """Someone who can write above the folder could swap it: refused."""
    folder.mkdir(parents=True, mode=0o700)
    folder.parent.chmod(0o777)
    with pytest.raises(UnsafeSessionFolderError) as error:
        private_folder(create=False)
    assert str(error.value) == (
        f"the session folder {str(folder)!r} is under {str(folder.parent)!r}, "
        f"which others can write to (mode 777); Stalker keeps logins only in a "
        f"folder of your own that nobody else can open (fix it with: chmod go-w "
        f"{folder.parent}, or remove it)"
    )


def test_a_sticky_folder_above_is_accepted(folder):
    """Like /tmp: with the sticky bit nobody else can rename what is ours."""
    folder.parent.mkdir()
    folder.parent.chmod(0o1777)
    assert private_folder(create=True) == folder


def test_a_folder_above_of_another_user_is_refused(folder):
    """A folder above that belongs to someone else (not root) is refused."""
    folder.mkdir(parents=True, mode=0o700)
    os.chown(folder.parent, 4242, -1)
    with pytest.raises(UnsafeSessionFolderError, match="which belongs to user id 4242"):
        private_folder(create=False)


@pytest.mark.parametrize("absolute", [True, False], ids=["absolute", "relative"])
def test_a_link_above_is_followed_through_checked_folders(folder, tmp_path, absolute):
    """A link among the folders above is resolved one checked folder at a time."""
    real = tmp_path / "real"
    real.mkdir()
    folder.parent.symlink_to(real if absolute else "real")
    assert private_folder(create=True) == folder
    assert stat.S_IMODE((real / "sessions").stat().st_mode) == 0o700


def test_a_link_above_into_a_shared_folder_is_refused(folder, tmp_path):
    """Following a link does not skip the checks of where it leads."""
    shared = tmp_path / "shared"
    (shared / "mine").mkdir(parents=True)
    shared.chmod(0o777)
    folder.parent.symlink_to(shared / "mine")
    with pytest.raises(UnsafeSessionFolderError, match="which others can write to"):
        private_folder(create=True)
    assert not (shared / "mine" / "sessions").exists()


def test_a_loop_of_links_is_refused(tmp_path, monkeypatch):
    """Links that lead to each other end with a clear refusal."""
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    folder = tmp_path / "a" / "sessions"
    monkeypatch.setattr(config.settings, "session_folder", str(folder))
    with pytest.raises(UnsafeSessionFolderError, match="too many links"):
        private_folder(create=True)


def test_without_posix_owners_only_the_kind_is_checked(folder, monkeypatch):
    """Where os.getuid does not exist (Windows) a folder is accepted as it is."""
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    monkeypatch.delattr(os, "getuid")
    assert private_folder(create=False) == folder
    folder.rmdir()
    folder.write_text("not a folder")
    with pytest.raises(UnsafeSessionFolderError, match="is not a folder"):
        private_folder(create=False)


def test_without_dir_fd_the_files_are_opened_by_path(folder, monkeypatch):
    """Where os.open takes no dir_fd, the folder is made and its files work."""
    monkeypatch.setattr(os, "supports_dir_fd", set())
    assert private_folder(create=False) is None
    with open_folder(folder, create=True) as opened:
        assert opened.fd is None
        opened.write("file", b"data")
        assert opened.create("file", b"other") == b"data"
        assert opened.read("file") == b"data"
        assert opened.read("missing") is None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_files_are_private_and_never_read_through_a_link(folder, tmp_path):
    """Written files are mode 0600; a link or a folder in a file's place reads as none."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"planted")
    with open_folder(folder, create=True) as opened:
        opened.write("file", b"data")
        assert stat.S_IMODE((folder / "file").stat().st_mode) == 0o600
        (folder / "link").symlink_to(elsewhere)
        assert opened.read("link") is None
        opened.write("link", b"mine")
        (folder / "sub").mkdir()
        assert opened.read("sub") is None
    assert elsewhere.read_bytes() == b"planted"
    assert (folder / "link").read_bytes() == b"mine"
    assert not (folder / "link").is_symlink()


def test_no_descriptor_is_left_open(folder):
    """Missing, refused or used, the walk closes every folder it opened."""
    before = len(os.listdir("/proc/self/fd"))
    assert private_folder(create=False) is None
    assert private_folder(create=True) == folder
    folder.chmod(0o755)
    with pytest.raises(UnsafeSessionFolderError):
        private_folder(create=False)
    assert len(os.listdir("/proc/self/fd")) == before
