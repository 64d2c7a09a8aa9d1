"""The folder the login session lives in: private to its owner, or refused.

Beaker's session files are read back by every later Stalker process of the
user, so a folder someone else could write to would let them plant a login.
The folder is created with mode 0700 and an existing one is checked (owner
and permissions) before anything in it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from stalker.config import settings
from stalker.exceptions import UnsafeSessionFolderError


def session_folder() -> Path:
    """Return the configured session folder (``settings.session_folder``)."""
    return Path(settings.session_folder).expanduser()


def _refuse(folder: Path, problem: str) -> None:
    raise UnsafeSessionFolderError(
        f"the session folder {str(folder)!r} {problem}; Stalker keeps logins "
        f"only in a folder of your own that nobody else can open "
        f"(fix it with: chmod 700 {folder}, or remove it)"
    )


def check_folder(folder: Path) -> None:
    """Raise ``UnsafeSessionFolderError`` unless ``folder`` is private to us.

    On systems without POSIX owners (Windows) the folder's place in the
    user's profile is what keeps it private, so only its kind is checked.
    """
    info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):
        _refuse(folder, "is not a folder")
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return
    if info.st_uid != getuid():
        _refuse(folder, f"belongs to user id {info.st_uid}, not to you")
    if info.st_mode & 0o077:
        mode = stat.S_IMODE(info.st_mode)
        _refuse(folder, f"can be opened by others (mode {mode:o})")


def private_folder(create: bool) -> Path | None:
    """Return the checked session folder; create it (mode 0700) if asked.

    Without ``create`` a missing folder gives None: nobody has logged in.
    """
    folder = session_folder()
    if not folder.exists():
        if not create:
            return None
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    check_folder(folder)
    return folder


__all__ = ["check_folder", "private_folder", "session_folder"]
