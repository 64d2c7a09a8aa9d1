"""The common base of Shot and Asset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.fields import Reference
from stalker.core.models.task_owner import TaskOwner

if TYPE_CHECKING:
    from stalker.core.models.types import AssetType


class AssetBase(TaskOwner):
    """Something the studio delivers, worked on through Tasks: a Shot or an Asset.

    ``type`` is its AssetType, which tells the pipeline steps it needs;
    ``tasks`` are the tasks done on it.
    """

    type = Reference("AssetType", "The AssetType of this asset or shot.")

    def __init__(self, type: AssetType | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.type = type


__all__ = ["AssetBase"]
