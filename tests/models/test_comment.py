"""Comment: a note written to an entity."""

from __future__ import annotations

import json

import pytest
from factories import a_sequence, a_shot, make_user
from processes import python_lines

from stalker import Comment, Entity, Project, Shot, Tag, Task, Version, db
from stalker.core.models.comment import mentioned_logins
from stalker.core.models.entity import hooks
from stalker.exceptions import NotSetUpError, ValidationError, ValidationTypeError


@pytest.fixture
def shot() -> Shot:
    return Shot(name="Shot 1", code="SH001", sequence=a_sequence())


def test_attributes(shot):
    """A comment keeps its body and the entity it is written to."""
    comment = Comment(body="Needs more motion blur", to=shot)
    assert isinstance(comment, Entity)
    assert comment.body == "Needs more motion blur"
    assert comment.to is shot


def test_name_is_given_automatically(shot):
    """Without a name a comment is named after the entity it is written to."""
    assert Comment(body="x", to=shot).name == "Comment on Shot 1"


def test_name_given_is_kept(shot):
    """A given name is kept."""
    assert Comment(name="Director Note", body="x", to=shot).name == "Director Note"


def test_automatic_name_fits_the_name_length():
    """A comment to an entity with a very long name gets at most 256 characters."""
    comment = Comment(body="x", to=Project(name="P" * 256))
    assert comment.name == ("Comment on " + "P" * 256)[:256]
    assert len(comment.name) == 256


# body -------------------------------------------------------------------------------------
def test_body_defaults_to_empty(shot):
    """The body may be omitted (the seed allows an empty comment)."""
    assert Comment(to=shot).body == ""


def test_body_is_stripped_and_kept_long(shot):
    """The body is stripped and may be long and span lines."""
    text = "line one\n" + "x" * 5000 + "\nline three"
    comment = Comment(body=f"  {text}  \n", to=shot)
    assert comment.body == text


def test_body_set_later(shot):
    """Setting the body later keeps it."""
    comment = Comment(body="first", to=shot)
    comment.body = "second thoughts"
    assert comment.body == "second thoughts"


BAD_BODIES = [
    (None, ValidationTypeError, "a string, not NoneType: None"),
    (42, ValidationTypeError, "a string, not int: 42"),
    (b"bytes", ValidationTypeError, "a string, not bytes: b'bytes'"),
    (["note"], ValidationTypeError, "a string, not list: ['note']"),
    (
        "nul\x00",
        ValidationError,
        "a string without NUL characters, not str: 'nul\\x00'",
    ),
]


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_BODIES)
def test_bad_body_in_constructor(shot, value, error_type, expected):
    """A body that is not a string raises in the constructor."""
    with pytest.raises(error_type) as error:
        Comment(body=value, to=shot)
    assert str(error.value) == f"Comment.body should be {expected}"


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_BODIES)
def test_bad_body_set_later(shot, value, error_type, expected):
    """Setting a body that is not a string raises and keeps the old one."""
    comment = Comment(body="kept", to=shot)
    with pytest.raises(error_type) as error:
        comment.body = value
    assert str(error.value) == f"Comment.body should be {expected}"
    assert comment.body == "kept"


# to <-> Entity.comments -----------------------------------------------------------------------
def test_comment_appears_in_entity_comments(shot):
    """A comment shows in the comments of the entity it is written to, in order."""
    first = Comment(body="first", to=shot)
    second = Comment(body="second", to=shot)
    assert shot.comments == [first, second]


@pytest.mark.parametrize("kind", ["project", "task", "version", "user"])
def test_any_entity_may_get_comments(kind):
    """Comments may be written to any Entity: projects, tasks, versions, users."""
    task = Task(task_of=a_shot(), name="Animation")
    target = {
        "project": lambda: Project(name="Fancy Commercial"),
        "task": lambda: task,
        "version": lambda: Version(task=task),
        "user": make_user,
    }[kind]()
    comment = Comment(body="note", to=target)
    assert target.comments == [comment]


def test_to_set_later_moves_the_comment(shot):
    """Setting to later moves the comment to the other entity's comments."""
    other = Shot(name="Shot 2")
    comment = Comment(body="note", to=shot)
    comment.to = other
    assert comment.to is other
    assert shot.comments == []
    assert other.comments == [comment]


def test_comments_are_read_only(shot):
    """Entity.comments cannot be replaced."""
    comment = Comment(body="note", to=shot)
    with pytest.raises(AttributeError):
        shot.comments = []
    assert shot.comments == [comment]


def test_bad_comment_appended_to_entity(shot):
    """Appending a non-Comment to Entity.comments raises our error."""
    with pytest.raises(ValidationTypeError) as error:
        shot.comments.append("looks good")
    assert str(error.value) == (
        "Shot.comments should be a list of Comment instances, not str: 'looks good'"
    )
    assert shot.comments == []


BAD_TARGETS = [
    (None, "NoneType: None"),
    ("Shot 1", "str: 'Shot 1'"),
    ("tag", "Tag: <Tag 'Urgent'>"),
]


def _target(value):
    return Tag(name="Urgent") if value == "tag" else value


@pytest.mark.parametrize(("value", "shown"), BAD_TARGETS)
def test_to_is_required(value, shown):
    """A comment not written to an Entity (a Tag is only a SimpleEntity) raises."""
    with pytest.raises(ValidationTypeError) as error:
        Comment(body="note", to=_target(value))
    assert str(error.value) == (f"Comment.to should be an Entity instance, not {shown}")


@pytest.mark.parametrize(("value", "shown"), BAD_TARGETS)
def test_bad_to_set_later(shot, value, shown):
    """Setting to something other than an Entity raises and keeps the old one."""
    comment = Comment(body="note", to=shot)
    with pytest.raises(ValidationTypeError) as error:
        comment.to = _target(value)
    assert str(error.value) == (f"Comment.to should be an Entity instance, not {shown}")
    assert comment.to is shot
    assert shot.comments == [comment]


# persistence -------------------------------------------------------------------------------------
def test_round_trip(session, shot):
    """A committed comment reads back with its body and entity."""
    ozgur = make_user()
    comment = Comment(body="Needs more motion blur", to=shot, created_by=ozgur)
    session.commit()
    comment_id = comment.id
    session.expire_all()
    loaded = db.query(Comment).filter_by(id=comment_id).one()
    assert loaded.body == "Needs more motion blur"
    assert loaded.to is shot
    assert loaded.name == "Comment on Shot 1"
    assert loaded.created_by is ozgur
    assert shot.comments == [loaded]


def test_comments_to_different_classes_round_trip(session):
    """Comments to a project and to a user read back attached to the right ones."""
    project, ozgur = Project(name="Fancy Commercial"), make_user()
    on_project = Comment(body="deadline moved", to=project)
    on_user = Comment(body="welcome", to=ozgur)
    session.commit()
    session.expire_all()
    assert project.comments == [on_project]
    assert ozgur.comments == [on_user]
    assert on_user.to is ozgur


def test_comments_go_with_their_entity(session, shot):
    """Deleting an entity deletes the comments written to it."""
    Comment(body="note", to=shot)
    session.commit()
    session.delete(shot)
    session.commit()
    assert db.query(Comment).filter(Comment.body == "note").count() == 0


# threads ----------------------------------------------------------------------------------------
def test_a_reply_answers_a_comment_on_the_same_entity(shot):
    """reply_to links a thread; replies lists the answers in order."""
    note = Comment(body="Faster?", to=shot)
    first = Comment(body="Yes", to=shot, reply_to=note)
    second = Comment(body="Agreed", to=shot, reply_to=note)
    again = Comment(body="Done", to=shot, reply_to=first)
    assert note.reply_to is None
    assert first.reply_to is note
    assert note.replies == [first, second]
    assert first.replies == [again]
    assert again.replies == []


def test_a_reply_on_another_entity_is_refused(shot):
    """A reply must be written to the entity of the comment it answers."""
    note = Comment(body="Faster?", to=shot)
    other = Shot(name="Shot 2")
    with pytest.raises(ValidationError) as error:
        Comment(body="Yes", to=other, reply_to=note)
    assert str(error.value) == (
        "Comment.reply_to should be a Comment on 'Shot 2' (a reply is on the same "
        f"entity), not Comment: {note!r}"
    )
    assert note.replies == []


def test_reply_to_a_non_comment_is_refused(shot):
    """reply_to takes a Comment or None."""
    with pytest.raises(ValidationTypeError) as error:
        Comment(body="Yes", to=shot, reply_to=shot)
    assert str(error.value) == (
        f"Comment.reply_to should be a Comment instance or None, not Shot: {shot!r}"
    )


def test_a_thread_cannot_turn_in_a_circle(shot):
    """A comment cannot answer itself or one of its own replies."""
    note = Comment(body="Faster?", to=shot)
    reply = Comment(body="Yes", to=shot, reply_to=note)
    for answered in (note, reply):
        with pytest.raises(ValidationError) as error:
            note.reply_to = answered
        assert str(error.value) == (
            "Comment.reply_to should be a Comment not answering this one, "
            f"not Comment: {answered!r}"
        )
    assert note.reply_to is None
    assert note.replies == [reply]


def test_replies_are_read_only(shot):
    """Comment.replies cannot be replaced."""
    note = Comment(body="Faster?", to=shot)
    with pytest.raises(AttributeError):
        note.replies = []


# mentions and attachments -----------------------------------------------------------------
def test_mentions_and_attachments_are_kept(shot):
    """mentions takes Users and attachments Links, given as lists or tuples."""
    from stalker import Link, LinkType

    lee, ann = make_user("lee"), make_user("ann")
    still = Link(
        name="Still", path="/renders", filename="still.png", type=LinkType(name="Image")
    )
    comment = Comment(body="See", to=shot, mentions=(lee, ann), attachments=[still])
    assert comment.mentions == [lee, ann]
    assert comment.attachments == [still]


def test_bad_mentions_and_attachments_are_refused(shot):
    """A mention that is not a User, an attachment that is not a Link, raise."""
    with pytest.raises(ValidationTypeError) as error:
        Comment(body="See", to=shot, mentions=["lee"])
    assert str(error.value) == (
        "Comment.mentions should be a list of User instances, not str: 'lee'"
    )
    with pytest.raises(ValidationTypeError) as error:
        Comment(body="See", to=shot, attachments=[shot])
    assert str(error.value).startswith(
        "Comment.attachments should be a list of Link instances, not Shot:"
    )


@pytest.mark.parametrize(
    ("body", "logins"),
    [
        ("@lee please check", {"lee"}),
        ("Thanks @Lee.", {"lee"}),
        ("@ann, @bob.smith and @c-d: go", {"ann", "bob.smith", "c-d"}),
        ("mail lee@studio.com or @@lee", set()),
        ("no mention at all", set()),
    ],
)
def test_mentioned_logins(body, logins):
    """@login is found at a word's start, lower-cased, without closing punctuation."""
    assert mentioned_logins(body) == logins


# read state without a database ------------------------------------------------------------------
@pytest.fixture
def plain(monkeypatch):
    """The model hooks of a process without a database."""
    for name in ("mark_read", "is_read_by", "inbox"):
        monkeypatch.setattr(hooks, name, None)


def test_read_state_on_plain_objects(shot, plain):
    """Without a database the read state is kept on the comment, per user."""
    comment = Comment(body="note", to=shot)
    lee, ann = make_user("lee"), make_user("ann")
    assert not comment.is_read_by(lee)
    comment.mark_read(lee)
    comment.mark_read(lee)
    assert comment.is_read_by(lee)
    assert not comment.is_read_by(ann)
    assert comment.__dict__["_readers"] == [lee]


def test_inbox_needs_a_database(plain):
    """user.inbox() says it needs stalker.db.setup()."""
    with pytest.raises(NotSetUpError) as error:
        make_user("lee").inbox()
    assert str(error.value) == (
        "User.inbox() reads the comments from the database: call "
        "stalker.db.setup() first"
    )


def test_read_state_takes_users_only(shot):
    """mark_read and is_read_by refuse what is not a User."""
    comment = Comment(body="note", to=shot)
    for method in ("mark_read", "is_read_by"):
        with pytest.raises(ValidationTypeError) as error:
            getattr(comment, method)("lee")
        assert str(error.value) == (
            f"Comment.{method}(user) should be a User instance, not str: 'lee'"
        )


_PLAIN = """
import json
from stalker import Comment, User
lee = User(login_name="lee", first_name="Lee", email="lee@s.com", password="x")
note = Comment("@lee faster?", to=lee)
reply = Comment("yes", to=lee, reply_to=note)
note.mark_read(lee)
print(json.dumps({
    "replies": [r.body for r in note.replies],
    "mentions": [u.login_name for u in note.mentions],
    "read": [note.is_read_by(lee), reply.is_read_by(lee)],
}))
"""


def test_threads_on_plain_objects_without_a_database():
    """A process without a database keeps threads and read marks in memory.

    Only a database knows users by login: the body's @lee is not resolved.
    """
    (printed,) = python_lines(_PLAIN)
    assert json.loads(printed) == {
        "replies": ["yes"],
        "mentions": [],
        "read": [True, False],
    }
