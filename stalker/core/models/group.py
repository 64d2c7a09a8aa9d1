"""Permission groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Collection

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Group(Entity):
    """A permission group, like "Leads"; ``users`` are its members.

    ``auth.permission_required("Leads")`` lets only members of the group run
    the decorated function.
    """

    users = Collection("User", "The members of this group.")

    def __init__(self, users: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.users = users


__all__ = ["Group"]
