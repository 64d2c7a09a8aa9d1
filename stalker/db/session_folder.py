"""The folder the login session lives in: private to its owner, or refused.

Beaker's session files are read back by every later Stalker process of the
user, so a folder someone else could write to would let them plant a login,
and a folder under a directory someone else can write to would let them
swap it for a link while logins happen. So on POSIX systems:

- the folder is reached by opening each folder of its path in turn relative
  to the one before (``os.open`` with ``dir_fd``), and each is checked on the
  descriptor held, so nothing can be swapped between check and use;
- every folder above it belongs to root or to you and is writable by nobody
  else, unless it has the sticky bit (like ``/tmp``: there others cannot
  rename or remove what is yours); a link among them is followed only
  through such checked folders;
- the folder itself is a real folder (never a link), yours, mode 0700
  (created so when missing);
- its files are opened relative to the folder's descriptor, never through
  a link, and written whole under a new name and then renamed into place.

Where the system has no POSIX owners or ``dir_fd`` (Windows), the folder's
place in the user's profile is what keeps it private, so only its kind is
checked and its files are opened by path.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path, PurePath
from types import TracebackType
from typing import Literal, NoReturn, overload

from stalker.config import settings
from stalker.exceptions import UnsafeSessionFolderError

#: How many links a folder's path may pass through (as the kernel's limit).
MAX_LINKS = 40

_NO_LINK = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_LINK


def session_folder() -> Path:
    """Return the configured session folder (``settings.session_folder``)."""
    return Path(settings.session_folder).expanduser()


def _refuse(folder: Path, problem: str, fix: str | None = None) -> NoReturn:
    raise UnsafeSessionFolderError(
        f"the session folder {str(folder)!r} {problem}; Stalker keeps logins "
        f"only in a folder of your own that nobody else can open "
        f"(fix it with: {fix or f'chmod 700 {folder}'}, or remove it)"
    )


def _uses_descriptors() -> bool:
    """Tell whether this system opens files relative to folders, with owners."""
    return hasattr(os, "getuid") and os.open in os.supports_dir_fd


class CheckedFolder:
    """The open, checked session folder; its files never reached through a link.

    ``fd`` is the folder's descriptor (None where the system has none: names
    are then joined to ``path``). Use it as a context manager to close it.
    """

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    def _name(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def read(self, name: str) -> bytes | None:
        """Return the content of the regular file ``name``, or None if there is none."""
        try:
            fd = os.open(self._name(name), os.O_RDONLY | _NO_LINK, dir_fd=self.fd)
        except OSError:
            return None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with open(fd, "rb") as stream:
            return stream.read()

    def _write_new(self, name: str, data: bytes) -> None:
        """Write ``data`` to a new file ``name`` (mode 0600)."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINK
        fd = os.open(self._name(name), flags, 0o600, dir_fd=self.fd)
        with open(fd, "wb") as stream:
            stream.write(data)

    def write(self, name: str, data: bytes) -> None:
        """Replace the file ``name`` by ``data`` at once (a link there is replaced)."""
        temporary = f".{name}.{secrets.token_hex(8)}"
        self._write_new(temporary, data)
        os.replace(
            self._name(temporary),
            self._name(name),
            src_dir_fd=self.fd,
            dst_dir_fd=self.fd,
        )

    def create(self, name: str, data: bytes) -> bytes:
        """Write the file ``name`` unless it exists; return what it holds then.

        Of several processes creating it at once, exactly one writes it and
        every one gets that one's content.
        """
        temporary = f".{name}.{secrets.token_hex(8)}"
        self._write_new(temporary, data)
        try:
            os.link(
                self._name(temporary),
                self._name(name),
                src_dir_fd=self.fd,
                dst_dir_fd=self.fd,
            )
        except FileExistsError:
            pass
        finally:
            os.unlink(self._name(temporary), dir_fd=self.fd)
        found = self.read(name)
        return data if found is None else found

    def close(self) -> None:
        """Close the folder's descriptor."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> CheckedFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _check_above(folder: Path, above: str, fd: int) -> None:
    """Refuse a folder on the path that someone else could change."""
    info = os.fstat(fd)
    if info.st_uid not in (0, os.getuid()):
        _refuse(
            folder,
            f"is under {above!r}, which belongs to user id {info.st_uid}",
            "move the session folder (STALKER_SESSION_FOLDER)",
        )
    if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
        mode = stat.S_IMODE(info.st_mode)
        _refuse(
            folder,
            f"is under {above!r}, which others can write to (mode {mode:o})",
            f"chmod go-w {above}",
        )


def _check_own(folder: Path, fd: int) -> None:
    """Refuse the session folder itself unless it is ours and private."""
    info = os.fstat(fd)
    if info.st_uid != os.getuid():
        _refuse(folder, f"belongs to user id {info.st_uid}, not to you")
    if info.st_mode & 0o077:
        mode = stat.S_IMODE(info.st_mode)
        _refuse(folder, f"can be opened by others (mode {mode:o})")


def _open_step(fd: int, part: str, create: bool) -> int | None:
    """Open the folder ``part`` inside ``fd``; None when it is missing."""
    try:
        return os.open(part, _FOLDER_FLAGS, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            return None
    with contextlib.suppress(FileExistsError):  # made by another process meanwhile
        os.mkdir(part, 0o700, dir_fd=fd)
    return os.open(part, _FOLDER_FLAGS, dir_fd=fd)


def _link_target(fd: int, part: str) -> str | None:
    try:
        return os.readlink(part, dir_fd=fd)
    except OSError:
        return None


def _walk(folder: Path, create: bool) -> int | None:
    """Open ``folder`` one checked folder at a time; None when it is missing."""
    pending = list(folder.parts[1:])
    fd = os.open("/", _FOLDER_FLAGS)
    above = "/"
    links = 0
    try:
        while pending:
            _check_above(folder, above, fd)
            part = pending.pop(0)
            try:
                child = _open_step(fd, part, create)
            except OSError:
                target = _link_target(fd, part)
                if target is None:
                    _refuse(folder, f"passes through {part!r}: not a folder to open")
                if not pending:
                    _refuse(folder, "is a link; Stalker never follows one there")
                links += 1
                if links > MAX_LINKS:
                    _refuse(folder, "passes through too many links")
                path = PurePath(target)
                if path.is_absolute():
                    os.close(fd)
                    fd, above = os.open("/", _FOLDER_FLAGS), "/"
                pending[:0] = path.parts[1:] if path.is_absolute() else path.parts
                continue
            os.close(fd)
            if child is None:
                return None
            fd, above = child, os.path.join(above, part)
        _check_own(folder, fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_by_path(folder: Path, create: bool) -> CheckedFolder | None:
    """Open ``folder`` where the system has no owners or ``dir_fd``."""
    if not folder.exists():
        if not create:
            return None
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not folder.is_dir():
        _refuse(folder, "is not a folder")
    return CheckedFolder(folder, None)


@overload
def open_folder(folder: Path, create: Literal[True]) -> CheckedFolder: ...
@overload
def open_folder(folder: Path, create: bool) -> CheckedFolder | None: ...
def open_folder(folder: Path, create: bool) -> CheckedFolder | None:
    """Open and check the session folder ``folder``; create it (0700) if asked.

    Without ``create`` a missing folder gives None: nobody has logged in.
    Raises ``UnsafeSessionFolderError`` for an unsafe folder.
    """
    folder = Path(os.path.abspath(folder))
    if not _uses_descriptors():
        return _open_by_path(folder, create)
    fd = _walk(folder, create)
    return None if fd is None else CheckedFolder(folder, fd)


@overload
def private_folder(create: Literal[True]) -> Path: ...
@overload
def private_folder(create: bool) -> Path | None: ...
def private_folder(create: bool) -> Path | None:
    """Return the checked session folder; create it (mode 0700) if asked.

    Without ``create`` a missing folder gives None: nobody has logged in.
    """
    opened = open_folder(session_folder(), create)
    if opened is None:
        return None
    opened.close()
    return opened.path


__all__ = [
    "MAX_LINKS",
    "CheckedFolder",
    "open_folder",
    "private_folder",
    "session_folder",
]
