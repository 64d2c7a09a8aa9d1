"""Creating checked folders under a repository root.

Every folder is checked (and its missing parents found) before the first
one is created, so a refused path leaves the disk untouched. The root
itself must exist: a file server that is not mounted is an error, never a
folder created on the local disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from stalker.exceptions import MissingTemplateError, RepositoryError
from stalker.files.paths import check_inside

if TYPE_CHECKING:
    from stalker.core.models.project import Project

_log = logging.getLogger(__name__)

#: Called as ``progress(done, total)`` after each folder is created.
Progress = Callable[[int, int], object]


def repository_root(project: Project) -> str:
    """The root of the project's repository on this machine (not checked on disk)."""
    repository = project.repository
    if repository is None:
        raise MissingTemplateError(
            f"Project({project.name!r}).repository should be a Repository to "
            f"place files on disk, not None"
        )
    root: str = repository.path
    if not root:
        raise RepositoryError(
            f"Repository({repository.name!r}) has no root path for this operating "
            f"system: set its path or the {repository.env_variable} variable"
        )
    return root


def existing_root(project: Project) -> Path:
    """The root of the project's repository on this machine; it must exist."""
    root = repository_root(project)
    if not Path(root).is_dir():
        repository = project.repository
        raise RepositoryError(
            f"Repository({repository.name!r}) root {root!r} is not an existing "
            f"folder (is the file server mounted?); Stalker never creates a root"
        )
    return Path(root)


def plan_folders(root: Path, folders: Iterable[str], label: str) -> list[Path]:
    """Check ``folders`` (relative to ``root``); return the missing ones, parents first.

    Nothing is created. A folder that a symbolic link leads outside ``root``,
    or a file standing where a folder should be, raises.
    """
    missing: list[Path] = []
    seen: set[Path] = set()
    for relative in folders:
        check_inside(root, relative, label)
        current = root
        for part in PurePosixPath(relative).parts:
            current = current / part
            if current in seen:
                continue
            seen.add(current)
            if current.is_dir():
                continue
            if current.exists() or current.is_symlink():
                raise RepositoryError(
                    f"{label} gives {str(current)!r}, where a file (not a folder) is"
                )
            missing.append(current)
    return missing


def create_folders(
    root: Path, folders: Iterable[str], label: str, progress: Progress | None = None
) -> list[str]:
    """Create the missing ``folders`` under ``root``; return those created."""
    missing = plan_folders(root, folders, label)
    for done, folder in enumerate(missing, start=1):
        folder.mkdir(exist_ok=True)
        _log.debug("created folder %s", folder)
        if progress is not None:
            progress(done, len(missing))
    if missing:
        _log.info("created %d folder(s) under %s for %s", len(missing), root, label)
    return [str(folder) for folder in missing]


__all__ = [
    "Progress",
    "create_folders",
    "existing_root",
    "plan_folders",
    "repository_root",
]
