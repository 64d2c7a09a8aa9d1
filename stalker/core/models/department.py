"""Departments of the studio."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Collection, Reference

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Department(Entity):
    """A department of the studio, its members and its lead.

    ``members`` and ``User.department`` are two sides of one relation. The
    lead may be None and need not be a member.
    """

    members = Collection("User", "The users of this department.")
    lead = Reference("User", "The User leading this department, or None.")

    def __init__(
        self, members: list[User] | None = None, lead: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.members = members
        self.lead = lead


__all__ = ["Department"]
