"""Where a Version's file goes: the TypeTemplate of its shot's or asset's type.

A version's file lives at ``<repository root>/<project code>/<path>/<filename>``:
``path`` renders the template's ``path_code`` (relative to the project's
folder) and ``filename`` its ``file_code`` plus the extension the caller
gives. The version number is part of the context, so paths are rendered
once the version is numbered (after the session is flushed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from stalker.core.models.shot import Shot
from stalker.core.models.validation import PATH_LENGTH, message, refuse
from stalker.db.chain import load_chain
from stalker.exceptions import MissingTemplateError, ValidationError
from stalker.files import os_paths
from stalker.files.folders import create_folders, existing_root, repository_root
from stalker.files.paths import safe_name, safe_relative_path
from stalker.files.templates import Label, label, render, variables_of

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
    templates: list[TypeTemplate] = structure.asset_templates
    for template in templates:
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

    def __init__(
        self, version: Version, task: Task, owner: AssetBase, project: Project
    ) -> None:
        self.version = version
        self.task = task
        self.owner = owner
        self.project = project

    @classmethod
    def of(cls, version: Version) -> Variables:
        """The variables of ``version``; its shot or asset and project checked."""
        task = version.task
        owner = _owner_of_task(task)
        return cls(version, task, owner, _project_of_owner(owner))

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
    return Variables.of(version)


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


#: Variables whose value differs between the versions of one task.
_PER_VERSION = frozenset({"version", "take", "user"})


class _TaskPlace(NamedTuple):
    """What the versions of one task share: the folder path rendered once if it can."""

    task: Task
    owner: AssetBase
    project: Project
    template: TypeTemplate
    file_name: Label
    folder: str
    path: str | None  # None when path_code reads a variable of each version


def _folder_path(template: TypeTemplate, variables: Variables) -> str:
    name = Label(template, "path_code")
    path = render(template.path_code, variables, name)
    return safe_relative_path(path, name, allow_empty=True)


def _task_place(version: Version) -> _TaskPlace:
    load_chain(version)
    variables = Variables.of(version)
    template = _template_of(variables.owner, variables.project)
    shared = _PER_VERSION.isdisjoint(variables_of(template.path_code))
    return _TaskPlace(
        variables.task,
        variables.owner,
        variables.project,
        template,
        Label(template, "file_code"),
        project_folder(variables.project),
        _folder_path(template, variables) if shared else None,
    )


def _check_numbered(version: Version) -> None:
    if version.version_number is None:
        refuse(
            version,
            "version_number",
            "assigned before paths are rendered (flush the session first)",
            None,
        )


def _render(version: Version, suffix: str, place: _TaskPlace) -> tuple[str, str]:
    variables = Variables(version, place.task, place.owner, place.project)
    template = place.template
    path = place.path if place.path is not None else _folder_path(template, variables)
    stem = render(template.file_code, variables, place.file_name)
    filename = safe_name(stem + suffix, place.file_name)
    if len(place.folder) + len(path) + len(filename) + 2 > PATH_LENGTH:  # a/b/c
        refuse(version, "path", f"at most {PATH_LENGTH} characters long", path)
    return path, filename


def render_paths(version: Version, extension: str = "") -> tuple[str, str]:
    """Return the version's ``(path, filename)`` rendered from its TypeTemplate."""
    suffix = _suffix(version, extension)
    _check_numbered(version)
    return _render(version, suffix, _task_place(version))


def update_paths(versions: Iterable[Version], extension: str = "") -> None:
    """Render and store the path and filename of many versions at once.

    Each version gets what its own ``update_paths(extension)`` would give;
    what the versions of one task share (the chain, the template, the folder
    when ``path_code`` reads no variable of the version) is done once per
    task. Every version is rendered before any is changed, so an error
    leaves them all as they were.
    """
    versions = list(versions)
    if not versions:
        return
    suffix = _suffix(versions[0], extension)
    places: dict[Task, _TaskPlace] = {}
    rendered = []
    for version in versions:
        _check_numbered(version)
        task = version.task
        place = places.get(task)
        if place is None:
            place = places[task] = _task_place(version)
        rendered.append(_render(version, suffix, place))
    for version, (path, filename) in zip(versions, rendered, strict=True):
        version.path, version.filename = path, filename


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
    "update_paths",
]
