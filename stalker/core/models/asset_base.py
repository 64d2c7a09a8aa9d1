"""The common base of Shot and Asset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity
from stalker.core.models.validation import check_instance, check_list

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.task import Task
    from stalker.core.models.types import AssetType


class AssetBase(StatusedEntity):
    """Something the studio delivers, worked on through Tasks: a Shot or an Asset.

    ``type`` is its AssetType, which tells the pipeline steps it needs.
    """

    def __init__(
        self,
        type: AssetType | None = None,
        tasks: list[Task] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.type = type
        self.tasks = tasks

    @property
    def type(self) -> AssetType | None:
        """The AssetType of this asset or shot."""
        return self._type

    @type.setter
    def type(self, value: AssetType | None) -> None:
        from stalker.core.models.types import AssetType

        self._type = check_instance(self, "type", value, AssetType, allow_none=True)

    @property
    def tasks(self) -> list[Task]:
        """The Tasks to be done on this asset or shot."""
        return self._tasks

    @tasks.setter
    def tasks(self, value: list[Task] | None) -> None:
        from stalker.core.models.task import Task

        self._tasks = check_list(self, "tasks", value, Task)

    @property
    def project(self) -> Project | None:
        """The Project this belongs to."""
        raise NotImplementedError


__all__ = ["AssetBase"]
