"""Structures: how a project's folders and files are laid out."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.types import TypeTemplate
from stalker.core.models.validation import check_instance, check_list, check_string

if TYPE_CHECKING:
    from stalker.core.models.project import Project


class Structure(Entity):
    """The folder layout of a kind of project, as Jinja2 templates.

    ``project_template`` holds one folder per non-blank line, relative to the
    repository root, rendered with ``project`` in context. ``asset_templates``
    and ``reference_templates`` are TypeTemplates placing Version files and
    references. Templates are rendered in a sandbox (see
    :mod:`stalker.files.sandbox`); a rendered folder that would leave the
    repository root is refused before anything is created.
    """

    def __init__(
        self,
        project_template: str = "",
        asset_templates: list[TypeTemplate] | None = None,
        reference_templates: list[TypeTemplate] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.project_template = project_template
        self.asset_templates = asset_templates
        self.reference_templates = reference_templates

    @property
    def project_template(self) -> str:
        """The Jinja2 template of the project's folders, one per line."""
        return self._project_template

    @project_template.setter
    def project_template(self, value: str) -> None:
        self._project_template = check_string(
            self, "project_template", value, max_length=0
        )

    @property
    def asset_templates(self) -> list[TypeTemplate]:
        """TypeTemplates placing the Version files of each AssetType."""
        return self._asset_templates

    @asset_templates.setter
    def asset_templates(self, value: list[TypeTemplate] | None) -> None:
        self._asset_templates = check_list(self, "asset_templates", value, TypeTemplate)

    @property
    def reference_templates(self) -> list[TypeTemplate]:
        """TypeTemplates placing references of each LinkType."""
        return self._reference_templates

    @reference_templates.setter
    def reference_templates(self, value: list[TypeTemplate] | None) -> None:
        self._reference_templates = check_list(
            self, "reference_templates", value, TypeTemplate
        )

    def folders(self, project: Project) -> list[str]:
        """The project's folders, relative to the repository root (nothing created)."""
        from stalker.core.models.project import Project
        from stalker.files.project_folders import project_folders

        return project_folders(self, check_instance(self, "project", project, Project))

    def create(
        self, project: Project, progress: Callable[[int, int], object] | None = None
    ) -> list[str]:
        """Create the project's missing folders under its repository's root.

        Returns the folders created (an empty list when all exist); safe to
        call again and again. ``progress``, when given, is called as
        ``progress(done, total)`` after each folder. The root must exist: a
        file server that is not mounted raises ``RepositoryError``.
        """
        from stalker.core.models.project import Project
        from stalker.files.project_folders import create_project_folders

        checked = check_instance(self, "project", project, Project)
        return create_project_folders(self, checked, progress)


__all__ = ["Structure"]
