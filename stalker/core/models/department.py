"""Departments of the studio."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.validation import check_instance, check_list

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Department(Entity):
    """A department of the studio, its members and its lead.

    ``members`` and ``User.department`` are two sides of one relation. The
    lead may be None and need not be a member.
    """

    def __init__(
        self, members: list[User] | None = None, lead: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.members = members
        self.lead = lead

    @property
    def members(self) -> list[User]:
        """The users of this department."""
        return self._members

    @members.setter
    def members(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._members = check_list(self, "members", value, User)

    @property
    def lead(self) -> User | None:
        """The User leading this department, or None."""
        return self._lead

    @lead.setter
    def lead(self, value: User | None) -> None:
        from stalker.core.models.user import User

        self._lead = check_instance(self, "lead", value, User, allow_none=True)


__all__ = ["Department"]
