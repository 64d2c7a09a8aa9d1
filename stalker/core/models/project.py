"""Projects: the productions of the studio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stalker.core.models.fields import Collection, Reference, start_list
from stalker.core.models.task_owner import TaskOwner
from stalker.core.models.validation import (
    check_datetime,
    check_positive_number,
    refuse,
)

if TYPE_CHECKING:
    from stalker.core.models.asset import Asset
    from stalker.core.models.image_format import ImageFormat
    from stalker.core.models.repository import Repository
    from stalker.core.models.sequence import Sequence
    from stalker.core.models.structure import Structure
    from stalker.core.models.types import ProjectType
    from stalker.core.models.user import User


class Project(TaskOwner):
    """A production: its format, schedule, people, sequences and assets.

    ``repository`` says on which file server it lives and ``structure`` how
    its folders are laid out; ``tasks`` are the tasks done for the whole
    project (those of its sequences, shots and assets are theirs).
    """

    #: Filled by the descriptors, ``start_list`` or the database mapping.
    _structure: Structure | None

    image_format = Reference("ImageFormat", "The ImageFormat of the project's images.")
    lead = Reference("User", "The User leading the project.")
    type = Reference("ProjectType", "The ProjectType grouping it with its kind.")
    repository = Reference("Repository", "The file server the project's files live on.")
    structure = Reference(
        "Structure", "How the project's folders and files are laid out."
    )
    sequences = Collection("Sequence", "The Sequences of the project.")
    users = Collection("User", "The Users working on the project.")
    assets = Collection("Asset", "The Assets of the project.")

    def __init__(
        self,
        image_format: ImageFormat | None = None,
        fps: float = 25.0,
        start: dt.datetime | None = None,
        due: dt.datetime | None = None,
        lead: User | None = None,
        type: ProjectType | None = None,
        repository: Repository | None = None,
        structure: Structure | None = None,
        sequences: list[Sequence] | None = None,
        users: list[User] | None = None,
        assets: list[Asset] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.fps = fps
        self.start = start
        self.due = due
        self.image_format = image_format
        self.lead = lead
        self.type = type
        self.repository = repository
        self.structure = structure
        start_list(self, "sequences", sequences)
        start_list(self, "users", users)
        start_list(self, "assets", assets)

    @property
    def project(self) -> Project:
        """The project itself, as a task's owner names its project (read-only)."""
        return self

    @property
    def fps(self) -> float:
        """Frames per second, a positive number."""
        return self._fps

    @fps.setter
    def fps(self, value: float) -> None:
        self._fps = check_positive_number(self, "fps", value)

    @property
    def start(self) -> dt.datetime | None:
        """When work on the project may start (timezone-aware UTC), or None."""
        return self._start

    @start.setter
    def start(self, value: dt.datetime | None) -> None:
        start = check_datetime(self, "start", value, allow_none=True)
        due = getattr(self, "_due", None)
        if start is not None and due is not None and due < start:
            refuse(
                self, "start", f"a datetime not after due ({due:%Y-%m-%d %H:%M})", value
            )
        self._start = start

    @property
    def due(self) -> dt.datetime | None:
        """The delivery date (timezone-aware UTC), or None."""
        return self._due

    @due.setter
    def due(self, value: dt.datetime | None) -> None:
        due = check_datetime(self, "due", value, allow_none=True)
        start = self._start
        if due is not None and start is not None and due < start:
            refuse(
                self,
                "due",
                f"a datetime not before start ({start:%Y-%m-%d %H:%M})",
                value,
            )
        self._due = due

    def create_structure(
        self, progress: Callable[[int, int], object] | None = None
    ) -> list[str]:
        """Create the project's missing folders from its Structure; return them.

        The same as ``project.structure.create(project, progress)``.
        """
        from stalker.exceptions import MissingTemplateError

        if self._structure is None:
            raise MissingTemplateError(
                f"Project({self.name!r}).structure should be a Structure to "
                f"create folders from, not None"
            )
        return self._structure.create(self, progress)


__all__ = ["Project"]
