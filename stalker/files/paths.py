"""Checks that a path rendered from a template stays under its root on every OS.

The rules are those of :mod:`stalker.core.paths`, which the models apply to
their stored paths too: no absolute path, drive letter or UNC share, no
``..``, no backslash, no character or name Windows cannot hold, no NUL or
control character. Here a refused path raises ``UnsafePathError`` naming
the template. Before anything is created on disk, ``check_inside`` also
resolves symbolic links, so a link inside the repository cannot lead a
folder outside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stalker.core.paths import name_problem, relative_path_problem
from stalker.exceptions import UnsafePathError

if TYPE_CHECKING:
    from stalker.files.templates import Label


def _refuse(label: str | Label, problem: str, text: str) -> UnsafePathError:
    shown = repr(text) if len(text) <= 120 else f"{text[:117]!r}..."
    return UnsafePathError(
        f"{label} should give a relative path that stays under the repository "
        f"root on every OS, not one {problem}: {shown}"
    )


def safe_relative_path(
    text: str, label: str | Label, *, allow_empty: bool = False
) -> str:
    """Return ``text`` as a relative ``/`` separated path valid on every OS.

    Leading white space, empty and ``.`` components are dropped; anything
    that could leave the root or that some OS cannot create (see
    :mod:`stalker.core.paths`) raises ``UnsafePathError`` naming ``label``
    (the template) and the offending part.
    """
    path, problem = relative_path_problem(text, allow_empty=allow_empty)
    if problem:
        raise _refuse(label, problem, text)
    return path


def safe_name(text: str, label: str | Label) -> str:
    """Return ``text`` as one file or folder name valid on every OS."""
    name, problem = name_problem(text)
    if problem:
        raise _refuse(label, problem, text)
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


__all__ = ["check_inside", "safe_name", "safe_relative_path"]
