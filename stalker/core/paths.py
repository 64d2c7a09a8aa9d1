"""Relative paths and names that are valid on every OS: pure rules, no I/O.

The same path is used on Linux, macOS and Windows, so it is checked with the
rules of all of them at once: no absolute path, drive letter or UNC share,
no ``..``, no backslash (a separator on Windows only), no NUL or control
character, and no name Windows cannot hold: a trailing dot or space, a
device name (``CON``, ``NUL``, ``COM1``... also with an extension) or one of
``<>:"|?*``. The models check their stored paths with these rules
(``check_relative_path``) and ``stalker.files`` the paths templates render,
so both agree.
"""

from __future__ import annotations

import re
from typing import Any

from stalker.core.models.validation import PATH_LENGTH, check_string, refuse

#: Longest file or folder name, in UTF-8 bytes (most POSIX file systems).
NAME_BYTES = 255

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
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


def _path_problem(path: str) -> str | None:
    if _CONTROL.search(path):
        return "with a NUL or control character"
    if "\\" in path:
        return "with a backslash (a separator on Windows only)"
    if path.startswith("/"):
        return "that is absolute"
    if _DRIVE.match(path):
        return "with a drive letter"
    if len(path) > PATH_LENGTH:
        return f"longer than {PATH_LENGTH} characters"
    return None


def relative_path_problem(
    text: str, *, allow_empty: bool = False
) -> tuple[str, str | None]:
    """Return ``(normal form, None)`` for a valid path, ``(text, problem)`` if not.

    The normal form is ``/`` separated, without leading white space
    (indentation) and without empty or ``.`` components. White space at the
    end belongs to the last name, so it is refused like every name that
    ends with a space. ``problem`` reads "with a '..' component", "that is
    absolute"...
    """
    if type(text) is str and len(text) <= PATH_LENGTH and _PLAIN_PATH.fullmatch(text):
        return text, None  # what the rules below would return, found at once
    path = text.lstrip()
    problem = _path_problem(path)
    if problem:
        return text, problem
    parts = [part for part in path.split("/") if part not in ("", ".")]
    for part in parts:
        problem = _component_problem(part)
        if problem:
            return text, problem
    if not parts and not allow_empty:
        return text, "that is empty"
    return "/".join(parts), None


def name_problem(text: str) -> tuple[str, str | None]:
    """Like ``relative_path_problem`` for one file or folder name (no ``/``)."""
    name, problem = relative_path_problem(text)
    if problem is None and "/" in name:
        return text, "with a '/' in a single file or folder name"
    return name, problem


def check_relative_path(
    obj: Any, attr: str, value: Any, *, single: bool, allow_empty: bool = True
) -> str:
    """Return a stored path (``single``: one name) in its normal form, or raise.

    Surrounding white space is stripped like in every string attribute.
    """
    text = check_string(
        obj, attr, value, max_length=PATH_LENGTH, allow_empty=allow_empty
    )
    if not text:
        return text
    normal, problem = name_problem(text) if single else relative_path_problem(text)
    if problem:
        kind = "file name" if single else "relative path"
        refuse(obj, attr, f"a {kind} valid on every OS (not one {problem})", value)
    return normal


def has_control_character(text: str) -> bool:
    """Tell whether ``text`` holds a NUL or another control character."""
    return bool(_CONTROL.search(text))


def check_any_path(obj: Any, attr: str, value: Any) -> str:
    """Return a non-empty absolute or relative path or URL with ``/`` separators.

    Backslashes become ``/`` (Windows takes both); a control character,
    which no OS's file dialogs or shells handle, is refused.
    """
    text = check_string(obj, attr, value, max_length=PATH_LENGTH, allow_empty=False)
    if has_control_character(text):
        refuse(obj, attr, "a path without control characters", value)
    return text.replace("\\", "/")


__all__ = [
    "NAME_BYTES",
    "check_any_path",
    "check_relative_path",
    "has_control_character",
    "name_problem",
    "relative_path_problem",
]
