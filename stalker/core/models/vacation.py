"""Vacations: periods in which a user does not work."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.fields import Reference
from stalker.core.models.period import Period

if TYPE_CHECKING:
    from stalker.core.models.user import User


class Vacation(Period, Entity):
    """A period (``start`` to ``end``) in which ``user`` does not work.

    The scheduler plans no work for that user then.
    """

    auto_named = True
    user = Reference("User", "The User on vacation.", optional=False)

    def __init__(
        self,
        user: User | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(start=start, end=end, **kwargs)
        self.user = user
        self._name_after(self.user, "vacation")


__all__ = ["Vacation"]
