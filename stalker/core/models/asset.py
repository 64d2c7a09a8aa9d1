"""Assets: characters, props, environments..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.asset_base import AssetBase
from stalker.core.models.validation import check_instance

if TYPE_CHECKING:
    from stalker.core.models.project import Project


class Asset(AssetBase):
    """A thing the studio builds for a project: a character, a prop, a set..."""

    def __init__(self, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.project = project

    @property
    def project(self) -> Project | None:
        """The Project this asset belongs to."""
        return self._project

    @project.setter
    def project(self, value: Project | None) -> None:
        from stalker.core.models.project import Project

        self._project = check_instance(self, "project", value, Project, allow_none=True)


__all__ = ["Asset"]
