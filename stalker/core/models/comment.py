"""Comments: notes on any entity, in threads, with mentions, attachments and readers.

A comment answers another (``reply_to``) on the same entity; ``replies``
lists the answers. It mentions users: those given in ``mentions=[...]`` and,
in a database, the ``@login`` of each user the body names, which join
``mentions`` when the comment is flushed (a plain object knows no users by
login; an ``@word`` that is no user's login stays text, and editing the body
adds the new ``@login`` s without removing anybody). ``attachments`` holds
Links. ``mark_read(user)`` and ``is_read_by(user)`` keep the read state per
user; ``user.inbox()`` lists what a user should read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity, hooks
from stalker.core.models.fields import Collection, Reference, start_list
from stalker.core.models.validation import (
    NAME_LENGTH,
    check_instance,
    check_string,
    refuse,
)

if TYPE_CHECKING:
    from stalker.core.models.link import Link
    from stalker.core.models.user import User

#: ``@login`` in a body: not inside a word or an e-mail address.
_MENTION = re.compile(r"(?<![\w@])@(\w[\w.-]*)")


def mentioned_logins(body: str) -> set[str]:
    """The login names a body mentions with ``@login`` (lower case)."""
    return {found.rstrip(".-").lower() for found in _MENTION.findall(body)}


class Comment(Entity):
    """A note written ``to`` an entity (a shot, a version, a task...)."""

    auto_named = True
    to = Reference("Entity", "The Entity this comment is about.", optional=False)
    mentions = Collection("User", "The Users the comment mentions.")
    attachments = Collection("Link", "The Links attached to the comment.")
    _replies: list[Comment]

    def __init__(
        self,
        body: str = "",
        to: Entity | None = None,
        reply_to: Comment | None = None,
        mentions: list[User] | tuple[User, ...] = (),
        attachments: list[Link] | tuple[Link, ...] = (),
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        super().__init__(**kwargs)
        self.body = body
        self.to = to
        start_list(self, "_replies")
        self.reply_to = reply_to
        start_list(self, "mentions", list(mentions))
        start_list(self, "attachments", list(attachments))
        if not named:
            self.name = f"Comment on {self.to.name}"[:NAME_LENGTH]

    @property
    def body(self) -> str:
        """The text of the comment."""
        return self._body

    @body.setter
    def body(self, value: str) -> None:
        self._body = check_string(self, "body", value, max_length=0)

    @property
    def reply_to(self) -> Comment | None:
        """The Comment this one answers, on the same entity, or None."""
        return self._reply_to

    @reply_to.setter
    def reply_to(self, value: Comment | None) -> None:
        answered = check_instance(self, "reply_to", value, Comment, allow_none=True)
        if answered is not None:
            if answered.to is not self.to:
                refuse(
                    self,
                    "reply_to",
                    f"a Comment on {self.to.name!r} (a reply is on the same entity)",
                    answered,
                )
            parent: Comment | None = answered
            while parent is not None:
                if parent is self:
                    refuse(self, "reply_to", "a Comment not answering this one", value)
                parent = parent.reply_to
        self._reply_to = answered
        # A database mapping has appended it already; plain objects do it here.
        if answered is not None and self not in answered._replies:
            answered._replies.append(self)

    @property
    def replies(self) -> list[Comment]:
        """The Comments answering this one (read-only)."""
        return self._replies

    def mark_read(self, user: User) -> None:
        """Note that ``user`` read this comment; marking it again changes nothing."""
        reader = self._reader(user, "mark_read")
        if hooks.mark_read is not None:
            hooks.mark_read(self, reader)
        else:
            readers = self.__dict__.setdefault("_readers", [])
            if not any(known is reader for known in readers):
                readers.append(reader)

    def is_read_by(self, user: User) -> bool:
        """Whether ``user`` marked this comment as read."""
        reader = self._reader(user, "is_read_by")
        if hooks.is_read_by is not None:
            return hooks.is_read_by(self, reader)
        return any(known is reader for known in self.__dict__.get("_readers", ()))

    def _reader(self, user: Any, method: str) -> User:
        from stalker.core.models.user import User

        checked: User = check_instance(self, f"{method}(user)", user, User)
        return checked


__all__ = ["Comment", "mentioned_logins"]
