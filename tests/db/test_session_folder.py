"""The login session folder: created private, refused when others could open it."""

from __future__ import annotations

import os
import stat

import pytest

from stalker import config
from stalker.db.session_folder import check_folder, private_folder, session_folder
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
    with pytest.raises(UnsafeSessionFolderError, match="is not a folder"):
        check_folder(folder)


def test_symlink_to_someone_elses_folder_is_refused(folder, tmp_path, monkeypatch):
    """The check follows links: a link to a foreign folder is refused."""
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    folder.parent.mkdir()
    folder.symlink_to(target)
    assert private_folder(create=False) == folder
    owner = target.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    with pytest.raises(UnsafeSessionFolderError):
        private_folder(create=False)


def test_without_posix_owners_only_the_kind_is_checked(folder, monkeypatch):
    """Where os.getuid does not exist (Windows) a folder is accepted as it is."""
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    monkeypatch.delattr(os, "getuid")
    assert private_folder(create=False) == folder
