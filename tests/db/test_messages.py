"""Messages in the database: threads, mentions, attachments, read state, inbox."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, make_user
from sqlalchemy import func, select
from statements import statements_of

from stalker import Comment, Link, LinkType, Task, db
from stalker.db import tables
from stalker.exceptions import DeleteRefusedError


@pytest.fixture
def task() -> Task:
    return Task(name="Layout", task_of=a_shot())


def _still(name: str = "Still") -> Link:
    return Link(
        name=name, path="/renders", filename=f"{name}.png", type=LinkType(name=name)
    )


def _reread(session, comment: Comment) -> Comment:
    comment_id = comment.id
    session.expire_all()
    return session.get(Comment, comment_id)


def test_a_thread_reads_back(session, task):
    """reply_to and replies survive a commit and a fresh read."""
    note = Comment(body="Faster?", to=task)
    first = Comment(body="Yes", to=task, reply_to=note)
    second = Comment(body="Agreed", to=task, reply_to=note)
    session.commit()
    loaded = _reread(session, note)
    assert [reply.body for reply in loaded.replies] == ["Yes", "Agreed"]
    assert loaded.replies == [first, second]
    assert first.reply_to is loaded
    assert task.comments == [loaded, first, second]


def test_body_mentions_join_the_given_ones_at_flush(session, task):
    """@login in the body adds that user to mentions at flush; unknown is text."""
    lee, ann, bob = make_user("lee"), make_user("ann"), make_user("bob")
    session.flush()
    comment = Comment(body="@ann @Lee, see @nobody", to=task, mentions=[bob])
    assert comment.mentions == [bob]
    session.commit()
    loaded = _reread(session, comment)
    assert sorted(user.login_name for user in loaded.mentions) == ["ann", "bob", "lee"]
    assert loaded.body == "@ann @Lee, see @nobody"
    assert {lee, ann, bob} == set(loaded.mentions)


def test_a_user_new_in_the_same_flush_is_mentioned(session, task):
    """A user created with the comment, not yet in the database, is found too."""
    comment = Comment(body="welcome @newbie", to=task)
    newbie = make_user("newbie")
    session.flush()
    assert comment.mentions == [newbie]


def test_an_edited_body_adds_its_new_mentions(session, task):
    """Editing a body adds the new @logins; a mention already there stays once."""
    lee, ann = make_user("lee"), make_user("ann")
    comment = Comment(body="@lee", to=task)
    session.commit()
    comment.body = "@lee and @ann"
    session.commit()
    assert _reread(session, comment).mentions == [lee, ann]


def test_attachments_read_back(session, task):
    """Links attached to a comment read back in order."""
    first, second = _still("first"), _still("second")
    comment = Comment(body="see", to=task, attachments=[first, second])
    session.commit()
    assert _reread(session, comment).attachments == [first, second]


def test_mark_read_is_kept_per_user_and_idempotent(session, task):
    """Marking twice leaves one row; others have not read it; it survives a commit."""
    lee, ann = make_user("lee"), make_user("ann")
    comment = Comment(body="note", to=task)
    assert not comment.is_read_by(lee)  # unsaved: read by nobody
    comment.mark_read(lee)  # flushes the comment first
    comment.mark_read(lee)
    session.commit()
    loaded = _reread(session, comment)
    assert loaded.is_read_by(lee)
    assert not loaded.is_read_by(ann)
    reads = session.execute(
        select(tables.comment_reads.c.user_id, tables.comment_reads.c.read_at)
    ).all()
    assert [user_id for user_id, _ in reads] == [lee.id]
    assert isinstance(reads[0][1], dt.datetime)


def test_mark_read_rolls_back_with_its_transaction(session, task):
    """A read mark is written in the session's transaction."""
    lee = make_user("lee")
    comment = Comment(body="note", to=task)
    session.commit()
    comment.mark_read(lee)
    session.rollback()
    assert not comment.is_read_by(lee)


def test_inbox_lists_mentions_and_my_tasks_newest_first(session, task):
    """Mentioned, on a task I am a resource of or responsible for; not the rest."""
    me, other = make_user("me"), make_user("other")
    shot = task.task_of
    mine = Task(name="Animation", task_of=shot, resources=[me])
    led = Task(name="Lighting", task_of=shot, responsible=[me])
    start = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    made = [
        Comment(body="for @me", to=task),
        Comment(body="not for me", to=task),
        Comment(body="on my task", to=mine),
        Comment(body="on a task I lead", to=led),
        Comment(body="listed", to=other, mentions=[me]),
        Comment(body="on the shot", to=shot),
    ]
    for hours, comment in enumerate(made):
        comment.date_created = comment.date_updated = start + dt.timedelta(hours=hours)
    session.commit()
    assert [comment.body for comment in me.inbox()] == [
        "listed",
        "on a task I lead",
        "on my task",
        "for @me",
    ]
    assert other.inbox() == []


def test_inbox_is_one_statement(session, task):
    """However many comments and tasks, the inbox is read with one statement."""
    me = make_user("me")
    for number in range(5):
        work = Task(name=f"Work {number}", task_of=task.task_of, resources=[me])
        Comment(body=f"note {number}", to=work)
        Comment(body=f"@me {number}", to=task)
    session.commit()
    session.expire_all()
    me = db.query(type(me)).filter_by(login_name="me").one()
    found, statements = statements_of(me.inbox)
    assert len(found) == 10
    assert len(statements) == 1


def test_inbox_of_an_unsaved_user_flushes_it(session, task):
    """A new user's inbox is read after the user is flushed."""
    me = make_user("me")
    Comment(body="hi @me", to=task)
    assert [comment.body for comment in me.inbox()] == ["hi @me"]
    assert me.id is not None


def test_a_comment_with_replies_is_not_deleted(session, task):
    """Deleting a comment that has replies is refused; leaves go first."""
    note = Comment(body="Faster?", to=task)
    reply = Comment(body="Yes", to=task, reply_to=note)
    session.commit()
    with pytest.raises(DeleteRefusedError) as error:
        db.delete(note)
    assert str(error.value) == (
        "Comment 'Comment on Layout' cannot be deleted: its replies (1) would be "
        "deleted or orphaned with it; delete or move them first"
    )
    db.delete(reply)
    db.delete(note)
    session.commit()
    assert session.scalar(select(func.count()).select_from(tables.comments)) == 0


def test_deleting_the_entity_takes_its_threads(session, task):
    """A task deleted takes its comments, replies, mentions and read marks."""
    lee = make_user("lee")
    note = Comment(body="@lee Faster?", to=task, attachments=[_still()])
    Comment(body="Yes", to=task, reply_to=note)
    note.mark_read(lee)
    session.commit()
    db.delete(task)
    session.commit()
    for table in (
        tables.comments,
        tables.comment_mentions,
        tables.comment_attachments,
        tables.comment_reads,
    ):
        assert session.scalar(select(func.count()).select_from(table)) == 0
