"""The common base of Shot and Asset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, in_memory
from stalker.core.models.fields import Collection, Reference, start_list

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.task import Task
    from stalker.core.models.types import AssetType


class AssetBase(StatusedEntity):
    """Something the studio delivers, worked on through Tasks: a Shot or an Asset.

    ``type`` is its AssetType, which tells the pipeline steps it needs.
    """

    type = Reference("AssetType", "The AssetType of this asset or shot.")
    tasks = Collection("Task", "The Tasks to be done on this asset or shot.")

    def __init__(
        self,
        type: AssetType | None = None,
        tasks: list[Task] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.type = type
        start_list(self, "tasks", tasks)

    def _code_path(self) -> list[str]:
        """The codes that place this in its project, as far as they are in memory."""
        code = in_memory(self, "_code")
        return [] if code is None else [code]

    @property
    def project(self) -> Project | None:
        """The Project this belongs to."""
        raise NotImplementedError


__all__ = ["AssetBase"]
