"""From a path on disk back to the database: repository, project, version.

A path is matched against the roots of the (few) repositories (an
OS-independent ``$REPO<id>`` path naming no repository, even an id too large
for the database, finds nothing); the version
is then found with one query on the stored ``path`` and ``filename`` of
versions (indexed) and its project's code and repository, never by
scanning versions in Python.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, lazyload

from stalker.core import os_paths
from stalker.core.models import Project, Repository, Task, Version
from stalker.core.models.validation import INT32_MAX
from stalker.db import meta
from stalker.db import tables as t
from stalker.db.flat import flat, outerjoin
from stalker.db.owners import (
    Owners,
    attach,
    join_owners,
    lazy_statuses,
    link,
    owners,
)


@cache
def _repositories() -> Select[Any]:
    # Read from the few ids in repositories: SQLite without statistics would
    # otherwise read every row of simple_entities to find the repositories'.
    ids = t.repositories.alias()
    return select(Repository).where(t.simple_entities.c.id.in_(select(ids.c.id)))


def _locate(path: str) -> tuple[Repository, str] | None:
    """The repository holding ``path`` (the most specific root) and the rest."""
    session = meta.session
    independent = os_paths.INDEPENDENT.match(path)
    if independent:
        repository_id = int(independent.group(1))
        # An id no Integer column holds names no repository: nothing is found.
        in_range = repository_id <= INT32_MAX
        repositories = [session.get(Repository, repository_id)] if in_range else []
    else:
        repositories = list(session.scalars(_repositories()))
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


@cache
def _version_at() -> Select[Any]:
    task = flat(Task, t.tasks)
    versions = t.simple_entities.join(
        t.versions, t.versions.c.id == t.simple_entities.c.id
    )
    joined = join_owners(
        outerjoin(versions, task, t.versions.c.task_id), task.own.c.task_of_id
    )
    project = owners().project
    return (
        select(Version, *owners())
        .select_from(joined)
        .where(
            Version.filename == bindparam("filename"),  # type: ignore[arg-type]
            Version.path == bindparam("folder"),  # type: ignore[arg-type]
            project.code == bindparam("code"),
            project.repository_id == bindparam("repository"),
        )
        .order_by(Version.id)  # type: ignore[arg-type]
        .limit(1)
        .options(
            contains_eager(Version._task.of_type(task.entity)).lazyload(  # type: ignore[attr-defined,misc]
                task.entity._status
            ),
            lazyload(Version._status),  # type: ignore[arg-type]
            *lazy_statuses(),
        )
    )


def find_version(path: str) -> Version | None:
    """The Version whose file is ``path`` (for example the scene open in Maya).

    One statement reads it with its ``task``, the task's owner (a shot, an
    asset, a sequence or the project) and the project, so reading those next
    costs nothing more.
    """
    located = _locate(path)
    if located is None:
        return None
    repository, relative = located
    code, _, rest = relative.partition("/")
    folder, _, filename = rest.rpartition("/")
    found = meta.session.execute(
        _version_at(),
        {
            "filename": filename,
            "folder": folder,
            "code": code,
            "repository": repository.id,
        },
    ).first()
    if found is None:
        return None
    version, *joined = found
    row = Owners(*joined)
    link(version.task, row)
    attach(row.project, "_repository", repository)
    return version


__all__ = ["find_project", "find_repository", "find_version", "to_native_path"]
