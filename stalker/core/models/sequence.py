"""Sequences: the ordered groups of shots of a project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.fields import Collection, Reference, start_list
from stalker.core.models.task_owner import TaskOwner

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.shot import Shot
    from stalker.core.models.user import User


class Sequence(TaskOwner):
    """A sequence of a project, holding its shots.

    ``tasks`` are the tasks done for the whole sequence (an edit, a layout
    of the sequence); those of its shots are theirs.
    """

    project = Reference("Project", "The Project this sequence belongs to.")
    shots = Collection("Shot", "The Shots of this sequence.")
    lead = Reference("User", "The User leading this sequence.")

    def __init__(
        self,
        project: Project | None = None,
        shots: list[Shot] | None = None,
        lead: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.project = project
        start_list(self, "shots", shots)
        self.lead = lead


__all__ = ["Sequence"]
