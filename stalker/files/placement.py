"""Where a Version's file goes: the TypeTemplate of its shot's or asset's type.

A version's file lives at ``<repository root>/<project code>/<path>/<filename>``:
``path`` renders the template's ``path_code`` (relative to the project's
folder) and ``filename`` its ``file_code`` plus the extension the caller
gives. The version number is part of the context, so paths are rendered
once the version is numbered (after the session is flushed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stalker.core.models.validation import PATH_LENGTH, message, refuse
from stalker.exceptions import MissingTemplateError, ValidationError
from stalker.files import os_paths
from stalker.files.folders import create_folders, existing_root, repository_root
from stalker.files.paths import safe_name, safe_relative_path
from stalker.files.templates import Label, label, render

if TYPE_CHECKING:
    from stalker.core.models.asset_base import AssetBase
    from stalker.core.models.project import Project
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


def owner_of(version: Version) -> AssetBase:
    """The Shot or Asset the version's task is done for."""
    owner = version.task.task_of
    if owner is None:
        raise _missing(
            version.task, "task_of", "a Shot or Asset to place its versions", None
        )
    return owner


def project_of(version: Version) -> Project:
    """The Project the version belongs to, through its task's shot or asset."""
    owner = owner_of(version)
    project = owner.project
    if project is None:
        raise _missing(owner, "project", "a Project to place its versions", None)
    return project


def type_template(version: Version) -> TypeTemplate:
    """The TypeTemplate of the version's shot or asset type in the project."""
    owner, project = owner_of(version), project_of(version)
    structure = project.structure
    if structure is None:
        raise _missing(project, "structure", "a Structure to place versions", None)
    if owner.type is None:
        raise _missing(owner, "type", "an AssetType to find its TypeTemplate", None)
    for template in structure.asset_templates:
        if template.type is owner.type:
            return template
    raise _missing(
        structure,
        "asset_templates",
        f"a list holding a TypeTemplate for AssetType {owner.type.name!r}",
        list(structure.asset_templates),
    )


def context(version: Version) -> dict[str, Any]:
    """The variables a TypeTemplate is rendered with (see the contract)."""
    from stalker.core.models.shot import Shot

    owner, project = owner_of(version), project_of(version)
    shot = owner if isinstance(owner, Shot) else None
    return {
        "repository": project.repository,
        "project": project,
        "sequence": shot.sequence if shot is not None else None,
        "shot": shot,
        "asset": owner,
        "asset_type": owner.type,
        "pipeline_step": version.task.pipeline_step,
        "task": version.task,
        "take": Take(version.take),
        "version": version,
        "user": version.created_by,
    }


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
    template = type_template(version)
    variables = context(version)
    path_name, file_name = Label(template, "path_code"), Label(template, "file_code")
    folder = project_folder(variables["project"])
    path = render(template.path_code, variables, path_name)
    path = safe_relative_path(path, path_name, allow_empty=True)
    stem = render(template.file_code, variables, file_name)
    filename = safe_name(stem + suffix, file_name)
    if len(f"{folder}/{path}/{filename}") > PATH_LENGTH:
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
    "absolute_path",
    "context",
    "create_version_folder",
    "owner_of",
    "project_folder",
    "project_of",
    "render_paths",
    "type_template",
]
