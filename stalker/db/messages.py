"""Messages kept by the database: mentions in bodies, read state and inboxes.

* At flush, each new comment or edited body has its ``@login`` s looked up
  (one statement for all the flush's comments) and the users found join its
  ``mentions``; an ``@word`` that is nobody's login stays text.
* ``comment.mark_read(user)`` inserts the ``comment_reads`` row unless it is
  there (``INSERT ... ON CONFLICT DO NOTHING``): marking again, also from
  another process at the same time, changes nothing and never raises.
* ``user.inbox()`` is one query: the comments mentioning the user or on a
  task whose resources or responsible users include the user, newest first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, inspect, or_, select
from sqlalchemy.orm import Session, object_session

from stalker.core.models import Comment, User
from stalker.core.models.comment import mentioned_logins
from stalker.core.models.entity import hooks
from stalker.core.models.validation import utc_now
from stalker.db import meta
from stalker.db import tables as t
from stalker.db.lifecycle import saved_id


def _session_of(obj: Any) -> Session:
    return object_session(obj) or meta.session()


def _ids(comment: Comment, user: User) -> tuple[int, int]:
    """The ids of a comment and a user, flushing them first if they have none."""
    comment_id, user_id = saved_id(comment), saved_id(user)
    if comment_id is None or user_id is None:
        session = _session_of(comment)
        session.add(comment)
        session.flush()
        comment_id, user_id = saved_id(comment), saved_id(user)
    assert comment_id is not None and user_id is not None  # flushed above
    return comment_id, user_id


def _insert_if_absent(dialect: str) -> Insert:
    """An insert into ``comment_reads`` that skips a row already there."""
    # Imported here: a tool that never marks a comment read does not load them.
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(t.comment_reads).on_conflict_do_nothing()


def mark_read(comment: Comment, user: User) -> None:
    """Note in the comment's transaction that ``user`` read ``comment``."""
    comment_id, user_id = _ids(comment, user)
    session = _session_of(comment)
    statement = _insert_if_absent(session.get_bind().dialect.name)
    session.execute(
        statement.values(comment_id=comment_id, user_id=user_id, read_at=utc_now())
    )


def is_read_by(comment: Comment, user: User) -> bool:
    """Whether ``user`` read ``comment`` (an unsaved one was read by nobody)."""
    comment_id, user_id = saved_id(comment), saved_id(user)
    if comment_id is None or user_id is None:
        return False
    reads = t.comment_reads
    found = _session_of(comment).scalar(
        select(reads.c.comment_id).where(
            reads.c.comment_id == comment_id, reads.c.user_id == user_id
        )
    )
    return found is not None


def inbox(user: User) -> list[Comment]:
    """The comments for ``user``, newest first, in one query."""
    session = _session_of(user)
    user_id = saved_id(user)
    if user_id is None:
        session.add(user)
        session.flush()
        user_id = saved_id(user)
    mentioned = select(t.comment_mentions.c.comment_id).where(
        t.comment_mentions.c.user_id == user_id
    )
    tasks = select(t.task_resources.c.task_id).where(
        t.task_resources.c.user_id == user_id
    )
    responsible = select(t.task_responsible_users.c.task_id).where(
        t.task_responsible_users.c.user_id == user_id
    )
    return list(
        session.scalars(
            select(Comment)
            .where(
                or_(
                    t.comments.c.id.in_(mentioned),
                    t.comments.c.to_id.in_(tasks.union(responsible)),
                )
            )
            .order_by(
                t.simple_entities.c.date_created.desc(), t.simple_entities.c.id.desc()
            )
        )
    )


def _written(session: Session) -> list[Comment]:
    """The new comments and those whose body this session changed."""
    new = session.new  # a set built afresh at each read of session.new
    return [
        obj
        for obj in (*new, *session.dirty)
        if isinstance(obj, Comment)
        and (obj in new or inspect(obj).attrs._body.history.has_changes())
        and mentioned_logins(obj.body)
    ]


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Add the users a written body mentions with ``@login`` to its mentions."""
    comments = _written(session)
    if not comments:
        return
    wanted = set().union(*(mentioned_logins(comment.body) for comment in comments))
    with session.no_autoflush:
        found = session.scalars(
            select(User).where(t.users.c.login_name.in_(sorted(wanted)))
        )
        new = (obj for obj in session.new if isinstance(obj, User))
        users = {user.login_name: user for user in (*found, *new)}
        for comment in comments:
            for login in sorted(mentioned_logins(comment.body)):
                user = users.get(login)
                if user is not None and user not in comment.mentions:
                    comment.mentions.append(user)


def install() -> None:
    """Connect the messaging hooks of the model to the database."""
    hooks.mark_read = mark_read
    hooks.is_read_by = is_read_by
    hooks.inbox = inbox


__all__ = ["before_flush", "inbox", "install", "is_read_by", "mark_read"]
