"""The common base of what tasks are done for: projects, sequences, shots, assets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, in_memory
from stalker.core.models.fields import Collection, start_list

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.task import Task


class TaskOwner(StatusedEntity):
    """Something tasks are done for: a Project, a Sequence, a Shot or an Asset.

    ``tasks`` are the tasks directly on it (a child task's owner is its
    parent's); its status adds up theirs in a database (``stalker.db.rollup``).
    """

    tasks = Collection("Task", "The Tasks done directly for this.")

    def __init__(self, tasks: list[Task] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        start_list(self, "tasks", tasks)

    def _code_path(self) -> list[str]:
        """The codes that place this in its project, as far as they are in memory."""
        code = in_memory(self, "_code")
        return [] if code is None else [code]

    @property
    def project(self) -> Project | None:
        """The Project this belongs to (a Project's is itself)."""
        raise NotImplementedError


#: What a task's ``task_of`` may be, for messages.
OWNER_KINDS = "a Project, Sequence, Shot or Asset instance"

__all__ = ["OWNER_KINDS", "TaskOwner"]
