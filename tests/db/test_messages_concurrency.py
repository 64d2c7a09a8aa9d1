"""Read marks from several processes at once: one row, no error."""

from __future__ import annotations

import time

import pytest
from factories import a_shot, make_user
from sqlalchemy import create_engine, func, select
from test_concurrency import run_together

from stalker.db import tables

READERS = 3

pytestmark = pytest.mark.concurrency


def _prepare(url: str) -> tuple[int, int]:
    """A comment and its reader, committed; their ids."""
    from stalker import Comment, db

    db.setup(url)
    reader = make_user("lee")
    comment = Comment(body="@lee look", to=a_shot())
    db.session.commit()
    ids = comment.id, reader.id
    db.session.remove()
    return ids


def mark(comment_id: int, user_id: int) -> bool:
    """Mark the comment read, hold the transaction a moment, commit; read it."""
    from stalker import Comment, User, db

    comment = db.session.get(Comment, comment_id)
    reader = db.session.get(User, user_id)
    comment.mark_read(reader)
    time.sleep(0.2)  # the others mark meanwhile
    db.session.commit()
    comment.mark_read(reader)  # again, after the others committed
    db.session.commit()
    return comment.is_read_by(reader)


def test_concurrent_marks_make_one_row(fresh_database_url, resetup):
    """Every process marks the same comment for the same user; none raises."""
    comment_id, user_id = _prepare(fresh_database_url)
    outcomes = run_together(fresh_database_url, mark, [(comment_id, user_id)] * READERS)
    assert outcomes == [True] * READERS
    engine = create_engine(fresh_database_url)
    with engine.connect() as connection:
        count = connection.scalar(
            select(func.count()).select_from(tables.comment_reads)
        )
    engine.dispose()
    assert count == 1
