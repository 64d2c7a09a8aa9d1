"""Where a Version's file goes: the TypeTemplate of its shot's or asset's type.

A version's file lives at ``<repository root>/<project code>/<path>/<filename>``:
``path`` renders the template's ``path_code`` (relative to the project's
folder) and ``filename`` its ``file_code`` plus the extension the caller
gives. The version number is part of the context, so paths are rendered
once the version is numbered (after the session is flushed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stalker.core.models.shot import Shot
from stalker.core.models.validation import PATH_LENGTH, message, refuse
from stalker.db.chain import load_chain
from stalker.exceptions import MissingTemplateError, ValidationError
from stalker.files import os_paths
from stalker.files.folders import create_folders, existing_root, repository_root
from stalker.files.paths import safe_name, safe_relative_path
from stalker.files.templates import Label, label, render

if TYPE_CHECKING:
    from stalker.core.models.asset_base import AssetBase
    from stalker.core.models.project import Project
    from stalker.core.models.task import Task
    from stalker.core.models.types import TypeTemplate
    from stalker.core.models.version import Version

_EXTENSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")


class Take(str):
    """A take in a template: ``{{ take }}`` and the seed's ``{{ take.name }}``."""

    __slots__ = ()

    @property
    def name(self) -> str:
        """The take itself."""
        return str(self)


def _missing(obj: Any, attr: str, expected: str, value: Any) -> MissingTemplateError:
    return MissingTemplateError(message(obj, attr, expected, value))


def _owner_of_task(task: Task) -> AssetBase:
    owner = task.task_of
    if owner is None:
        raise _missing(task, "task_of", "a Shot or Asset to place its versions", None)
    return owner


def owner_of(version: Version) -> AssetBase:
    """The Shot or Asset the version's task is done for."""
    return _owner_of_task(version.task)


def _project_of_owner(owner: AssetBase) -> Project:
    project = owner.project
    if project is None:
        raise _missing(owner, "project", "a Project to place its versions", None)
    return project


def project_of(version: Version) -> Project:
    """The Project the version belongs to, through its task's shot or asset."""
    return _project_of_owner(owner_of(version))


def type_template(version: Version) -> TypeTemplate:
    """The TypeTemplate of the version's shot or asset type in the project."""
    owner = owner_of(version)
    return _template_of(owner, _project_of_owner(owner))


def _template_of(owner: AssetBase, project: Project) -> TypeTemplate:
    structure = project.structure
    if structure is None:
        raise _missing(project, "structure", "a Structure to place versions", None)
    kind = owner.type
    if kind is None:
        raise _missing(owner, "type", "an AssetType to find its TypeTemplate", None)
    for template in structure.asset_templates:
        if template.type is kind:
            return template
    raise _missing(
        structure,
        "asset_templates",
        f"a list holding a TypeTemplate for AssetType {kind.name!r}",
        list(structure.asset_templates),
    )


class Variables(Mapping[str, Any]):
    """The variables of a version's templates, each read when a template uses it."""

    __slots__ = ("owner", "project", "task", "version")

    def __init__(self, version: Version) -> None:
        self.version, self.task = version, version.task
        self.owner = _owner_of_task(self.task)
        self.project = _project_of_owner(self.owner)

    def __getitem__(self, name: str) -> Any:
        return _VARIABLES[name](self)

    def __iter__(self) -> Iterator[str]:
        return iter(_VARIABLES)

    def __len__(self) -> int:
        return len(_VARIABLES)


_VARIABLES: dict[str, Callable[[Variables], Any]] = {
    "repository": lambda v: v.project.repository,
    "project": lambda v: v.project,
    "sequence": lambda v: v.owner.sequence if isinstance(v.owner, Shot) else None,
    "shot": lambda v: v.owner if isinstance(v.owner, Shot) else None,
    "asset": lambda v: v.owner,
    "asset_type": lambda v: v.owner.type,
    "pipeline_step": lambda v: v.task.pipeline_step,
    "task": lambda v: v.task,
    "take": lambda v: Take(v.version.take),
    "version": lambda v: v.version,
    "user": lambda v: v.version.created_by,
}


def context(version: Version) -> Mapping[str, Any]:
    """The variables a TypeTemplate is rendered with (see the contract)."""
    return Variables(version)


def project_folder(project: Project) -> str:
    """The project's folder under the repository root: its code, checked."""
    return safe_name(project.code, Label(project, "code"))


def _suffix(version: Version, extension: Any) -> str:
    if not isinstance(extension, str):
        raise ValidationError(
            message(version, "extension", "a string like 'ma' or '.ma'", extension)
        )
    bare = extension.removeprefix(".")
    if not bare:
        return ""
    if not _EXTENSION.match(bare):
        refuse(version, "extension", "letters, digits, '_' or '-' like 'ma'", extension)
    return f".{bare}"


def render_paths(version: Version, extension: str = "") -> tuple[str, str]:
    """Return the version's ``(path, filename)`` rendered from its TypeTemplate."""
    suffix = _suffix(version, extension)
    if version.version_number is None:
        refuse(
            version,
            "version_number",
            "assigned before paths are rendered (flush the session first)",
            None,
        )
    load_chain(version)
    variables = Variables(version)
    template = _template_of(variables.owner, variables.project)
    path_name, file_name = Label(template, "path_code"), Label(template, "file_code")
    folder = project_folder(variables.project)
    path = render(template.path_code, variables, path_name)
    path = safe_relative_path(path, path_name, allow_empty=True)
    stem = render(template.file_code, variables, file_name)
    filename = safe_name(stem + suffix, file_name)
    if len(folder) + len(path) + len(filename) + 2 > PATH_LENGTH:  # folder/path/file
        refuse(version, "path", f"at most {PATH_LENGTH} characters long", path)
    return path, filename


def _relative_file(version: Version) -> tuple[Project, str]:
    if not version.filename:
        refuse(version, "filename", "rendered first (call update_paths())", "")
    project = project_of(version)
    parts = [project_folder(project), version.path, version.filename]
    return project, "/".join(part for part in parts if part)


def absolute_path(version: Version) -> str:
    """The version's file on this machine (``/`` separated); nothing is read."""
    project, relative = _relative_file(version)
    return os_paths.join(repository_root(project), relative)


def create_version_folder(version: Version) -> list[str]:
    """Create the missing folders of the version's file; return those created."""
    project, relative = _relative_file(version)
    root = existing_root(project)
    folder = relative.rpartition("/")[0]
    return create_folders(root, [folder], label(version, "path"))


__all__ = [
    "Take",
    "Variables",
    "absolute_path",
    "context",
    "create_version_folder",
    "owner_of",
    "project_folder",
    "project_of",
    "render_paths",
    "type_template",
]
