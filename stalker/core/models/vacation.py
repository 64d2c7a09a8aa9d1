"""Vacations: periods in which a user does not work."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.period import Period
from stalker.core.models.validation import NAME_LENGTH, check_instance

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Vacation(Entity, Period):
    """A period (``start`` to ``end``) in which ``user`` does not work.

    The scheduler plans no work for that user then.
    """

    auto_named = True

    def __init__(
        self,
        user: User | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        self._set_period(start, end)
        self.user = user
        if not named:
            self.name = f"{self.user.name} vacation"[:NAME_LENGTH]

    @property
    def user(self) -> User:
        """The User on vacation."""
        return self._user

    @user.setter
    def user(self, value: User) -> None:
        from stalker.core.models.user import User

        self._user = check_instance(self, "user", value, User)


__all__ = ["Vacation"]
