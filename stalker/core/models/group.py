"""Permission groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.validation import check_list

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Group(Entity):
    """A permission group, like "Leads"; ``users`` are its members.

    ``auth.permission_required("Leads")`` lets only members of the group run
    the decorated function.
    """

    def __init__(self, users: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.users = users

    @property
    def users(self) -> list[User]:
        """The members of this group."""
        return self._users

    @users.setter
    def users(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._users = check_list(self, "users", value, User)


__all__ = ["Group"]
