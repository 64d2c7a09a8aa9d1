"""Reviews: a reviewer's answer on a task's work, kept as history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, hooks
from stalker.core.models.validation import (
    NAME_LENGTH,
    check_instance,
    check_positive_int,
    check_string,
    check_timedelta,
)
from stalker.core.models.workflow import name_of, pick
from stalker.exceptions import StatusError

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.user import User
    from stalker.core.models.version import Version


class Review(StatusedEntity):
    """One reviewer's answer in one review round of a task.

    ``task.request_review()`` makes one per reviewer, in round
    ``review_number``, pending (``NEW``). It is answered once, by
    ``approve()`` (``APP``) or ``request_revision()`` (``RREV``); a pending
    review of a round that got a revision is closed as superseded (``SUPD``).
    An answered review is never changed or deleted.
    """

    auto_named = True

    def __init__(
        self,
        task: Task | None = None,
        reviewer: User | None = None,
        review_number: int | None = None,
        extra_time: dt.timedelta = dt.timedelta(0),
        version: Version | None = None,
        **kwargs: Any,
    ) -> None:
        from stalker.core.models.task import Task
        from stalker.core.models.user import User
        from stalker.core.models.version import Version

        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        checked = check_instance(self, "task", task, Task)
        checked.check_leaf(self, "task")
        self._task = checked
        self._reviewer = check_instance(self, "reviewer", reviewer, User)
        if review_number is None:
            review_number = max(checked.review_number, 1)
        self._review_number = check_positive_int(self, "review_number", review_number)
        self._extra_time = self._check_extra_time(extra_time)
        self._version = check_instance(
            self, "version", version, Version, allow_none=True
        )
        if not named:
            self.name = f"{checked.name} Review {self._review_number}"[:NAME_LENGTH]
        if self not in checked.reviews:  # a database mapping appended it
            checked.reviews.append(self)

    def _check_extra_time(self, value: Any) -> dt.timedelta:
        return check_timedelta(self, "extra_time", value)

    @property
    def task(self) -> Task:
        """The Task reviewed."""
        return self._task

    @property
    def reviewer(self) -> User:
        """The User who answers this review."""
        return self._reviewer

    @property
    def review_number(self) -> int:
        """The review round of the task this review belongs to (1, 2...)."""
        return self._review_number

    @property
    def extra_time(self) -> dt.timedelta:
        """The working time a requested revision adds to the task's bid."""
        return self._extra_time

    @property
    def version(self) -> Version | None:
        """The Version shown for review, if one was given."""
        return self._version

    @property
    def is_pending(self) -> bool:
        """Whether the review still waits for its answer (``NEW``)."""
        return self.status.short_name == "NEW"

    def _answer(self, short_name: str, action: str) -> None:
        """Lock the task, then refuse an answered review or a task not in review."""
        if hooks.lock_task is not None:
            hooks.lock_task(self._task)
        if not self.is_pending:
            raise StatusError(
                f"{name_of(self)} of {name_of(self._task)} is "
                f"{self.status.short_name}: it was answered already and is "
                f"never answered again"
            )
        self._task._check_in_review(action)
        self.status = pick(self, short_name)

    def approve(self) -> None:
        """Approve the work; the task completes when its whole round approves."""
        self._answer("APP", "approving a review")
        self._task._review_answered()

    def request_revision(
        self, description: str = "", extra_time: dt.timedelta = dt.timedelta(0)
    ) -> None:
        """Ask for a revision: the task goes to HREV, its bid grows by extra_time."""
        extra = self._check_extra_time(extra_time)
        check_string(self, "description", description, max_length=0)
        self._answer("RREV", "requesting a revision")
        self.description = description
        self._extra_time = extra
        self._task._revision_requested(self)


__all__ = ["Review"]
