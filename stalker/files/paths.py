"""Checks that a path rendered from a template stays under its root on every OS.

The same template runs on Linux, macOS and Windows, so a relative path is
checked with the rules of all of them at once: no absolute path, drive
letter or UNC share, no ``..``, no backslash (a separator on Windows only),
no character or name Windows cannot create, no NUL or control character.
Before anything is created on disk, ``check_inside`` also resolves symbolic
links, so a link inside the repository cannot lead a folder outside it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from stalker.core.models.validation import PATH_LENGTH
from stalker.exceptions import UnsafePathError

if TYPE_CHECKING:
    from stalker.files.templates import Label

#: Longest file or folder name, in UTF-8 bytes (most POSIX file systems).
NAME_BYTES = 255

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f]")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", *"¹²³"]]
)


def _plain_path() -> re.Pattern[str]:
    """The paths every rule below accepts as they are, to accept them at once.

    Names of ASCII letters, digits, "_", "-" and inner dots, at most
    NAME_BYTES long, no Windows device name (looked for only after one of
    their initials), joined by single "/".
    """
    devices = "|".join(map(re.escape, sorted(_DEVICES)))
    initials = "".join(sorted({re.escape(name[0]) for name in _DEVICES}))
    not_device = rf"(?=[^{initials}{initials.lower()}]|(?!(?i:{devices})(?:[./]|\Z)))"
    inner = rf"[A-Za-z0-9_.-]{{0,{NAME_BYTES - 2}}}"
    name = rf"{not_device}[A-Za-z0-9_-](?:{inner}[A-Za-z0-9_-])?"
    return re.compile(rf"{name}(?:/{name})*")


_PLAIN_PATH = _plain_path()


def _refuse(label: str | Label, problem: str, text: str) -> UnsafePathError:
    shown = repr(text) if len(text) <= 120 else f"{text[:117]!r}..."
    return UnsafePathError(
        f"{label} should give a relative path that stays under the repository "
        f"root on every OS, not one {problem}: {shown}"
    )


def _component_problem(name: str) -> str | None:
    """What makes ``name`` unusable as a file or folder name, if anything."""
    if name == "..":
        return "with a '..' component"
    forbidden = _WINDOWS_FORBIDDEN.search(name)
    if forbidden:
        return f"with {forbidden.group()!r}, which Windows forbids in {name!r}"
    if name[-1] in ". ":
        return f"with {name!r}, which ends with a dot or space (Windows drops it)"
    if name.split(".")[0].rstrip(" ").upper() in _DEVICES:
        return f"with {name!r}, a Windows device name"
    if len(name.encode()) > NAME_BYTES:
        return f"with a name longer than {NAME_BYTES} bytes: {name[:40]!r}..."
    return None


def safe_relative_path(
    text: str, label: str | Label, *, allow_empty: bool = False
) -> str:
    """Return ``text`` as a relative ``/`` separated path safe on every OS.

    Surrounding white space, empty and ``.`` components are dropped; anything
    that could leave the root or that some OS cannot create raises
    ``UnsafePathError`` naming ``label`` (the template) and the offending part.
    """
    if type(text) is str and len(text) <= PATH_LENGTH and _PLAIN_PATH.fullmatch(text):
        return text  # what the rules below would return, found at once
    path = text.strip()
    problem = None
    if _CONTROL.search(path):
        problem = "with a NUL or control character"
    elif "\\" in path:
        problem = "with a backslash (a separator on Windows only)"
    elif path.startswith("/"):
        problem = "that is absolute"
    elif _DRIVE.match(path):
        problem = "with a drive letter"
    elif len(path) > PATH_LENGTH:
        problem = f"longer than {PATH_LENGTH} characters"
    if problem:
        raise _refuse(label, problem, text)
    parts = [part for part in path.split("/") if part not in ("", ".")]
    for part in parts:
        problem = _component_problem(part)
        if problem:
            raise _refuse(label, problem, text)
    if not parts and not allow_empty:
        raise _refuse(label, "that is empty", text)
    return "/".join(parts)


def safe_name(text: str, label: str | Label) -> str:
    """Return ``text`` as one file or folder name safe on every OS."""
    name = safe_relative_path(text, label)
    if "/" in name:
        raise _refuse(label, "with a '/' in a single file or folder name", text)
    return name


def check_inside(root: Path, relative: str, label: str | Label) -> Path:
    """Return ``root / relative`` if, symbolic links resolved, it is under ``root``."""
    target = root / relative
    resolved, base = target.resolve(), root.resolve()
    if not resolved.is_relative_to(base):
        raise _refuse(
            label, f"that a symbolic link leads outside to {str(resolved)!r}", relative
        )
    return target


__all__ = ["NAME_BYTES", "check_inside", "safe_name", "safe_relative_path"]
