"""From a path on disk back to the database: repository, project, version.

A path is matched against the roots of the (few) repositories; the version
is then found with one query on the stored ``path`` and ``filename`` of
versions (indexed), never by scanning versions in Python.
"""

from __future__ import annotations

from sqlalchemy import select

from stalker.core.models import Project, Repository, Version
from stalker.db import meta
from stalker.db import tables as t
from stalker.files import os_paths


def _locate(path: str) -> tuple[Repository, str] | None:
    """The repository holding ``path`` (the most specific root) and the rest."""
    session = meta.session
    independent = os_paths.INDEPENDENT.match(path)
    if independent:
        repositories = [session.get(Repository, int(independent.group(1)))]
    else:
        repositories = list(session.scalars(select(Repository)))
    found = [
        (repository, relative)
        for repository in repositories
        if repository is not None
        and (relative := repository.relative_path(path)) is not None
    ]
    return min(found, key=lambda item: len(item[1])) if found else None


def find_repository(path: str) -> Repository | None:
    """The Repository ``path`` (any OS's form, or OS-independent) lies in."""
    located = _locate(path)
    return located[0] if located else None


def to_native_path(path: str) -> str:
    """Return a stored path (any OS's form, or OS-independent) for this OS.

    A path under no repository is returned unchanged.
    """
    located = _locate(path)
    return located[0].to_path(path) if located else path


def find_project(path: str) -> Project | None:
    """The Project whose folder holds ``path``, or None."""
    located = _locate(path)
    if located is None:
        return None
    repository, relative = located
    code = relative.split("/")[0]
    return meta.session.scalars(
        select(Project).where(
            t.projects.c.repository_id == repository.id,
            t.simple_entities.c.code == code,
        )
    ).first()


def find_version(path: str) -> Version | None:
    """The Version whose file is ``path`` (for example the scene open in Maya).

    Its ``task``, and the task's shot or asset and project, follow from it.
    """
    located = _locate(path)
    if located is None:
        return None
    repository, relative = located
    code, _, rest = relative.partition("/")
    folder, _, filename = rest.rpartition("/")
    candidates = meta.session.scalars(
        select(Version).where(
            t.versions.c.filename == filename, t.versions.c.path == folder
        )
    )
    for version in candidates:
        owner = version.task.task_of
        project = owner.project if owner is not None else None
        if project is not None and (project.code, project.repository) == (
            code,
            repository,
        ):
            return version
    return None


__all__ = ["find_project", "find_repository", "find_version", "to_native_path"]
