"""Projects: the productions of the studio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity
from stalker.core.models.validation import (
    check_datetime,
    check_instance,
    check_list,
    check_positive_number,
)

if TYPE_CHECKING:
    from stalker.core.models.asset import Asset
    from stalker.core.models.image_format import ImageFormat
    from stalker.core.models.repository import Repository
    from stalker.core.models.sequence import Sequence
    from stalker.core.models.structure import Structure
    from stalker.core.models.types import ProjectType
    from stalker.core.models.user import User


class Project(StatusedEntity):
    """A production: its format, schedule, people, sequences and assets.

    ``repository`` says on which file server it lives and ``structure`` how
    its folders are laid out.
    """

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
        self.sequences = sequences
        self.users = users
        self.assets = assets

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
        self._start = check_datetime(self, "start", value, allow_none=True)

    @property
    def due(self) -> dt.datetime | None:
        """The delivery date (timezone-aware UTC), or None."""
        return self._due

    @due.setter
    def due(self, value: dt.datetime | None) -> None:
        self._due = check_datetime(self, "due", value, allow_none=True)

    @property
    def image_format(self) -> ImageFormat | None:
        """The ImageFormat of the project's images."""
        return self._image_format

    @image_format.setter
    def image_format(self, value: ImageFormat | None) -> None:
        from stalker.core.models.image_format import ImageFormat

        self._image_format = check_instance(
            self, "image_format", value, ImageFormat, allow_none=True
        )

    @property
    def lead(self) -> User | None:
        """The User leading the project."""
        return self._lead

    @lead.setter
    def lead(self, value: User | None) -> None:
        from stalker.core.models.user import User

        self._lead = check_instance(self, "lead", value, User, allow_none=True)

    @property
    def type(self) -> ProjectType | None:
        """The ProjectType grouping this project with others of its kind."""
        return self._type

    @type.setter
    def type(self, value: ProjectType | None) -> None:
        from stalker.core.models.types import ProjectType

        self._type = check_instance(self, "type", value, ProjectType, allow_none=True)

    @property
    def repository(self) -> Repository | None:
        """The Repository (file server) the project's files live on."""
        return self._repository

    @repository.setter
    def repository(self, value: Repository | None) -> None:
        from stalker.core.models.repository import Repository

        self._repository = check_instance(
            self, "repository", value, Repository, allow_none=True
        )

    @property
    def structure(self) -> Structure | None:
        """The Structure laying out the project's folders and files."""
        return self._structure

    @structure.setter
    def structure(self, value: Structure | None) -> None:
        from stalker.core.models.structure import Structure

        self._structure = check_instance(
            self, "structure", value, Structure, allow_none=True
        )

    @property
    def sequences(self) -> list[Sequence]:
        """The Sequences of the project."""
        return self._sequences

    @sequences.setter
    def sequences(self, value: list[Sequence] | None) -> None:
        from stalker.core.models.sequence import Sequence

        self._sequences = check_list(self, "sequences", value, Sequence)

    @property
    def users(self) -> list[User]:
        """The Users working on the project."""
        return self._users

    @users.setter
    def users(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._users = check_list(self, "users", value, User)

    @property
    def assets(self) -> list[Asset]:
        """The Assets of the project."""
        return self._assets

    @assets.setter
    def assets(self, value: list[Asset] | None) -> None:
        from stalker.core.models.asset import Asset

        self._assets = check_list(self, "assets", value, Asset)

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
