"""Assets: characters, props, environments..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.asset_base import AssetBase
from stalker.core.models.fields import Reference

if TYPE_CHECKING:
    from stalker.core.models.project import Project


class Asset(AssetBase):
    """A thing the studio builds for a project: a character, a prop, a set..."""

    project = Reference("Project", "The Project this asset belongs to.")

    def __init__(self, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.project = project


__all__ = ["Asset"]
