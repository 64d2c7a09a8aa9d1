"""Sequences: the ordered groups of shots of a project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity
from stalker.core.models.validation import check_instance, check_list

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.shot import Shot
    from stalker.core.models.user import User


class Sequence(StatusedEntity):
    """A sequence of a project, holding its shots."""

    def __init__(
        self,
        project: Project | None = None,
        shots: list[Shot] | None = None,
        lead: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.project = project
        self.shots = shots
        self.lead = lead

    @property
    def project(self) -> Project | None:
        """The Project this sequence belongs to."""
        return self._project

    @project.setter
    def project(self, value: Project | None) -> None:
        from stalker.core.models.project import Project

        self._project = check_instance(self, "project", value, Project, allow_none=True)

    @property
    def shots(self) -> list[Shot]:
        """The Shots of this sequence."""
        return self._shots

    @shots.setter
    def shots(self, value: list[Shot] | None) -> None:
        from stalker.core.models.shot import Shot

        self._shots = check_list(self, "shots", value, Shot)

    @property
    def lead(self) -> User | None:
        """The User leading this sequence."""
        return self._lead

    @lead.setter
    def lead(self, value: User | None) -> None:
        from stalker.core.models.user import User

        self._lead = check_instance(self, "lead", value, User, allow_none=True)


__all__ = ["Sequence"]
