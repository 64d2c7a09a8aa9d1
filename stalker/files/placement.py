"""Where a Version's file goes: the TypeTemplate of its task owner's type.

The owner's type is a shot's or asset's AssetType; the tasks of a sequence
or of the project itself use the project's ProjectType.

A version's file lives at ``<repository root>/<project code>/<path>/<filename>``:
``path`` renders the template's ``path_code`` (relative to the project's
folder) and ``filename`` its ``file_code`` plus the version's extension.
The version number is part of the context, so paths are rendered once the
version is numbered: ``stalker.db`` calls ``place_new`` at the flush that
numbers new versions, and ``update_paths`` renders them again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from stalker.core import os_paths
from stalker.core.models.asset_base import AssetBase
from stalker.core.models.sequence import Sequence
from stalker.core.models.shot import Shot
from stalker.core.models.task_owner import TaskOwner
from stalker.core.models.validation import PATH_LENGTH, message, refuse
from stalker.core.models.version import check_extension
from stalker.db.chain import load_chain, load_chains
from stalker.db.session import collector_paused
from stalker.exceptions import MissingTemplateError
from stalker.files.folders import create_folders, existing_root, repository_root
from stalker.files.paths import safe_name, safe_relative_path
from stalker.files.templates import Label, label, render, variables_of
from stalker.files.views import Take, view

if TYPE_CHECKING:
    from stalker.core.models.entity import TypeEntity
    from stalker.core.models.project import Project
    from stalker.core.models.task import Task
    from stalker.core.models.types import TypeTemplate
    from stalker.core.models.version import Version


def _missing(obj: Any, attr: str, expected: str, value: Any) -> MissingTemplateError:
    return MissingTemplateError(message(obj, attr, expected, value))


def _owner_of_task(task: Task) -> TaskOwner:
    owner = task.task_of
    if owner is None:
        raise _missing(
            task,
            "task_of",
            "a Project, Sequence, Shot or Asset to place its versions",
            None,
        )
    return owner


def owner_of(version: Version) -> TaskOwner:
    """The Project, Sequence, Shot or Asset the version's task is done for."""
    return _owner_of_task(version.task)


def _project_of_owner(owner: TaskOwner) -> Project:
    project = owner.project
    if project is None:
        raise _missing(owner, "project", "a Project to place its versions", None)
    return project


def project_of(version: Version) -> Project:
    """The Project the version belongs to, through its task's owner."""
    return _project_of_owner(owner_of(version))


def type_template(version: Version) -> TypeTemplate:
    """The TypeTemplate of the version's task owner's type in the project."""
    owner = owner_of(version)
    return _template_of(owner, _project_of_owner(owner))


def _type_of(owner: TaskOwner, project: Project) -> TypeEntity:
    """A shot's or asset's AssetType; for a sequence or the project, its ProjectType."""
    if isinstance(owner, AssetBase):
        kind: TypeEntity | None = owner.type
        if kind is None:
            raise _missing(owner, "type", "an AssetType to find its TypeTemplate", None)
        return kind
    kind = project.type
    if kind is None:
        raise _missing(
            project,
            "type",
            "a ProjectType to find the TypeTemplate of its own and its "
            "sequences' tasks",
            None,
        )
    return kind


def _template_of(owner: TaskOwner, project: Project) -> TypeTemplate:
    structure = project.structure
    if structure is None:
        raise _missing(project, "structure", "a Structure to place versions", None)
    kind = _type_of(owner, project)
    templates: list[TypeTemplate] = structure.asset_templates
    for template in templates:
        if template.type is kind:
            return template
    raise _missing(
        structure,
        "asset_templates",
        f"a list holding a TypeTemplate for {type(kind).__name__} {kind.name!r}",
        list(structure.asset_templates),
    )


class Variables(Mapping[str, Any]):
    """The variables of a version's templates: views, made as templates read them."""

    __slots__ = ("owner", "project", "task", "version")

    def __init__(
        self, version: Version, task: Task, owner: TaskOwner, project: Project
    ) -> None:
        self.version = version
        self.task = task
        self.owner = owner
        self.project = project

    @classmethod
    def of(cls, version: Version) -> Variables:
        """The variables of ``version``; its task's owner and project checked."""
        task = version.task
        owner = _owner_of_task(task)
        return cls(version, task, owner, _project_of_owner(owner))

    def __getitem__(self, name: str) -> Any:
        if name == "take":
            return Take(self.version.take)
        obj = _SOURCES[name](self)
        if obj is None:
            return None
        held = _recent.get(name)
        if held is not None and held[0] is obj:
            return held[1]
        made = view(obj)
        _recent[name] = (obj, made)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(_NAMES)

    def __len__(self) -> int:
        return len(_NAMES)


def _sequence(owner: TaskOwner) -> Sequence | None:
    """A shot's sequence, a sequence itself, else None."""
    if isinstance(owner, Shot):
        above: Sequence | None = owner.sequence
        return above
    return owner if isinstance(owner, Sequence) else None


def _asset(owner: TaskOwner) -> AssetBase | None:
    """The shot or asset a task is done for (the seed's ``asset``), else None."""
    return owner if isinstance(owner, AssetBase) else None


#: The model object behind each variable but ``take`` (a view of it, or None).
_SOURCES: dict[str, Callable[[Variables], Any]] = {
    "repository": lambda v: v.project.repository,
    "project": lambda v: v.project,
    "sequence": lambda v: _sequence(v.owner),
    "shot": lambda v: v.owner if isinstance(v.owner, Shot) else None,
    "asset": lambda v: _asset(v.owner),
    "asset_type": lambda v: v.owner.type if isinstance(v.owner, AssetBase) else None,
    "pipeline_step": lambda v: v.task.pipeline_step,
    "task": lambda v: v.task,
    "version": lambda v: v.version,
    "user": lambda v: v.version.created_by,
}
_NAMES = (*_SOURCES, "take")

#: The view last made for each variable, with the object it shows. Consecutive
#: versions of a task (rendered in one call or one by one) share their task's,
#: shot's and project's views instead of making new ones; a view only reads
#: its object, so the same object may get the same view. One view a variable
#: is kept, never more.
_recent: dict[str, tuple[Any, Any]] = {}


def context(version: Version) -> Mapping[str, Any]:
    """The variables a TypeTemplate is rendered with (see the contract)."""
    return Variables.of(version)


def project_folder(project: Project) -> str:
    """The project's folder under the repository root: its code, checked."""
    return safe_name(project.code, Label(project, "code"))


#: Variables whose value differs between the versions of one task.
_PER_VERSION = frozenset({"version", "take", "user"})


class _TaskPlace(NamedTuple):
    """What the versions of one task share: the folder path rendered once if it can."""

    task: Task
    owner: TaskOwner
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
    """What the versions of ``version``'s task share (its chain loaded before)."""
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


def _rendered(
    version: Version, place: _TaskPlace, given: str | None
) -> tuple[str, str]:
    return _render(version, version.extension if given is None else given, place)


def _set_paths(version: Version, paths: tuple[str, str], given: str | None) -> None:
    # checked when rendered, by the rules the setters apply (stalker.core.paths)
    version._path, version._filename = paths
    if given is not None and version._extension != given:
        version._extension = given  # checked by check_extension


def _store(placed: list[tuple[Version, _TaskPlace]], given: str | None) -> None:
    """Render every ``(version, place)``, then store their paths and extension.

    ``given`` is the checked extension for all, or None for each version's own.
    """
    rendered = [_rendered(version, place, given) for version, place in placed]
    for (version, _), paths in zip(placed, rendered, strict=True):
        _set_paths(version, paths, given)


def update_version_paths(version: Version, extension: str | None = None) -> None:
    """Render and store one version's paths: ``Version.update_paths``."""
    given = None if extension is None else check_extension(version, extension)
    _check_numbered(version)
    load_chain(version)
    _set_paths(version, _rendered(version, _task_place(version), given), given)


def update_paths(versions: Iterable[Version], extension: str | None = None) -> None:
    """Render and store the path and filename of many versions at once.

    Each version gets what its own ``update_paths(extension)`` would give:
    the file name ends in ``extension``, which becomes each version's, or
    when None in each version's own. What the versions of one task share
    (the chain, the template, the folder when ``path_code`` reads no
    variable of the version) is done once per task. Every version is
    rendered before any is changed, so an error leaves them all as they were.
    """
    versions = list(versions)
    if not versions:
        return
    given = None if extension is None else check_extension(versions[0], extension)
    for version in versions:
        _check_numbered(version)
    with collector_paused():  # as a flush: many short-lived values, all else alive
        load_chains(versions)
        places: dict[Task, _TaskPlace] = {}
        placed = []
        for version in versions:
            task = version.task
            place = places.get(task)
            if place is None:
                place = places[task] = _task_place(version)
            placed.append((version, place))
        _store(placed, given)


def place_new(versions: Iterable[Version]) -> None:
    """Place just-numbered versions that have a TypeTemplate; leave the others.

    Called at the flush that numbers them. A version whose task has no
    owner, or whose project has no Structure or no TypeTemplate for its
    owner's type, keeps its empty path; a template that cannot be rendered, or
    renders an unsafe path, raises and so fails the flush.
    """
    versions = list(versions)
    load_chains(versions)
    places: dict[Task, _TaskPlace | None] = {}
    placed = []
    for version in versions:
        task = version.task
        if task not in places:
            try:
                places[task] = _task_place(version)
            except MissingTemplateError:
                places[task] = None
        place = places[task]
        if place is not None:
            placed.append((version, place))
    _store(placed, None)


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
    "place_new",
    "project_folder",
    "project_of",
    "type_template",
    "update_paths",
    "update_version_paths",
]
