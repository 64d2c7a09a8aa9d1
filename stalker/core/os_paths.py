r"""Root paths and the paths under them, in the form of each operating system.

Every path is handled with ``/`` as separator (Windows accepts it too), so
``M:\PROJECTS\X`` and ``M:/PROJECTS/X`` are the same path. Windows paths
(a drive letter or a UNC share) compare case-insensitively.
"""

from __future__ import annotations

import re
from pathlib import Path

LINUX, WINDOWS, MACOS = "Linux", "Windows", "Darwin"

#: The OS names a TD may type, in any case, and the system each one means:
#: ``platform.system()``'s names, ``sys.platform``'s, ``os.name``'s "nt" and
#: the marketing ones.
SYSTEM_NAMES = {
    "linux": LINUX,
    "windows": WINDOWS,
    "win32": WINDOWS,
    "nt": WINDOWS,
    "darwin": MACOS,
    "macos": MACOS,
    "osx": MACOS,
}

#: The OS-independent form of a path: ``$REPO<repository id>/<relative path>``.
INDEPENDENT = re.compile(r"^\$REPO(\d+)(?:/(.*))?$")

_WINDOWS_ROOT = re.compile(r"^(?:[A-Za-z]:(?:/|$)|//[^/]+/[^/]+)")
_BARE_DRIVE = re.compile(r"^[A-Za-z]:/$")
_REPEATED = re.compile(r"/{2,}")
_HOME = re.compile(r"^~(?=/|$)")


def normalize(path: str) -> str:
    """Return ``path`` with ``/`` separators, no repeated or trailing ones.

    A UNC share keeps its leading ``//``; a bare drive keeps its ``/``
    (``M:/``).
    """
    path = path.replace("\\", "/")
    unc = path.startswith("//")
    path = _REPEATED.sub("/", path)
    if unc:
        path = "/" + path
    if len(path) > 1 and path.endswith("/") and not _BARE_DRIVE.match(path):
        path = path.rstrip("/") or "/"
    return path


def system_named(name: str) -> str | None:
    """The system (``LINUX``, ``WINDOWS``, ``MACOS``) ``name`` means, or None."""
    return SYSTEM_NAMES.get(name.strip().casefold())


def starts_at_home(path: str) -> bool:
    """Tell whether ``path`` is ``~`` or starts with ``~/``: the user's home."""
    return bool(_HOME.match(path))


def expand_home(path: str) -> str:
    """Return ``path`` with a leading ``~`` replaced by this user's home folder."""
    if not starts_at_home(path):
        return path
    return normalize(str(Path.home()) + path[1:])


def is_windows_path(path: str) -> bool:
    """Tell whether ``path`` starts with a drive letter or a UNC share."""
    return bool(_WINDOWS_ROOT.match(normalize(path)))


def is_posix_root(path: str) -> bool:
    """Tell whether ``path`` is an absolute POSIX path (not a UNC share)."""
    path = normalize(path)
    return path.startswith("/") and not path.startswith("//")


def relative_to(path: str, root: str) -> str | None:
    """Return the part of ``path`` under ``root`` (``""`` for the root itself).

    None when ``path`` is outside ``root`` or climbs out of it with ``..``.
    """
    path, prefix = normalize(path), normalize(root).rstrip("/")
    if is_windows_path(root):
        same, under = path.casefold(), prefix.casefold()
    else:
        same, under = path, prefix
    if same == under:
        return ""
    if not same.startswith(under + "/"):
        return None
    rest = path[len(prefix) + 1 :]
    return None if ".." in rest.split("/") else rest


def join(root: str, relative: str) -> str:
    """Return ``relative`` (``/`` separated) under ``root``."""
    root = normalize(root)
    return f"{root.rstrip('/')}/{relative}" if relative else root


__all__ = [
    "INDEPENDENT",
    "LINUX",
    "MACOS",
    "SYSTEM_NAMES",
    "WINDOWS",
    "expand_home",
    "is_posix_root",
    "is_windows_path",
    "join",
    "normalize",
    "relative_to",
    "starts_at_home",
    "system_named",
]
