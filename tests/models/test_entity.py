"""Entity: a SimpleEntity with tags and (read-only) comments."""

from __future__ import annotations

import pytest

from stalker import Comment, Entity, SimpleEntity, Status, Tag
from stalker.exceptions import ValidationError, ValidationTypeError


def make(**kwargs) -> Entity:
    kwargs.setdefault("name", "Test Entity")
    return Entity(**kwargs)


@pytest.fixture
def tags() -> list[Tag]:
    return [Tag(name="Red"), Tag(name="Green"), Tag(name="Blue")]


def test_entity_is_a_simple_entity():
    """Entity extends SimpleEntity, so it has a name, code and nice_name."""
    entity = make(name="Fancy Commercial")
    assert isinstance(entity, SimpleEntity)
    assert entity.nice_name == "fancy_commercial"
    assert entity.code == "FANCY_COMMERCIAL"


def test_simple_entity_has_no_tags():
    """Tags start at Entity: a SimpleEntity (and so a Tag) cannot be tagged."""
    with pytest.raises(ValidationTypeError) as error:
        SimpleEntity(name="Plain", tags=[])
    assert str(error.value) == "SimpleEntity() got unexpected keyword arguments: tags"
    assert not hasattr(Tag(name="Label"), "tags")


# tags ------------------------------------------------------------------
def test_tags_default_to_an_empty_list():
    """Without tags, the entity has an empty list of tags."""
    assert make().tags == []


def test_tags_none_means_empty():
    """None given as tags means no tags."""
    assert make(tags=None).tags == []


def test_tags_in_constructor(tags):
    """The given tags are kept, in order."""
    assert make(tags=tags).tags == tags


def test_tags_are_copied_from_the_given_list(tags):
    """Changing the list given later does not change the entity's tags."""
    given = list(tags[:2])
    entity = make(tags=given)
    given.append(tags[2])
    assert entity.tags == tags[:2]


def test_tags_accept_any_iterable(tags):
    """A tuple or a generator of tags is accepted and stored as a list."""
    assert make(tags=tuple(tags)).tags == tags
    assert make(tags=(tag for tag in tags)).tags == tags


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "Entity.tags should be a list of Tag instances, not str: 'x'"),
        (b"ab", "Entity.tags should be a list of Tag instances, not bytes: b'ab'"),
        (3, "Entity.tags should be a list of Tag instances, not int: 3"),
        (["x"], "Entity.tags should be a list of Tag instances, not str: 'x'"),
        ([None], "Entity.tags should be a list of Tag instances, not NoneType: None"),
        ([1, 2], "Entity.tags should be a list of Tag instances, not int: 1"),
        (
            {"name": "Red"},
            "Entity.tags should be a list of Tag instances, not dict: {'name': 'Red'}",
        ),
    ],
)
def test_bad_tags_in_constructor(value, expected):
    """Tags that are not a list of Tag raise an error both TypeError and ValueError."""
    with pytest.raises(ValidationTypeError) as error:
        make(tags=value)
    assert str(error.value) == expected
    assert isinstance(error.value, TypeError)
    assert isinstance(error.value, ValueError)


def test_single_tag_is_not_a_list_of_tags():
    """A Tag given on its own, not in a list, is refused."""
    tag = Tag(name="Red")
    with pytest.raises(ValidationTypeError) as error:
        make(tags=tag)
    assert str(error.value) == (
        "Entity.tags should be a list of Tag instances, not Tag: <Tag 'Red'>"
    )


def test_non_tag_entity_in_tags_is_refused():
    """Another kind of entity in the tags is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make(tags=[Tag(name="Red"), make(name="Other")])
    assert str(error.value) == (
        "Entity.tags should be a list of Tag instances, not Entity: <Entity 'Other'>"
    )


def test_tags_message_names_the_subclass():
    """The message names the class of the object, not the class defining tags."""
    with pytest.raises(ValidationTypeError) as error:
        Status(name="Work In Progress", short_name="WIP", tags="x")
    assert str(error.value) == (
        "Status.tags should be a list of Tag instances, not str: 'x'"
    )


def test_tags_set_later(tags):
    """Setting a list of tags later replaces the tags; None empties them."""
    entity = make(tags=tags[:1])
    entity.tags = tags[1:]
    assert entity.tags == tags[1:]
    entity.tags = None
    assert entity.tags == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "Entity.tags should be a list of Tag instances, not str: 'x'"),
        ([3], "Entity.tags should be a list of Tag instances, not int: 3"),
        (7, "Entity.tags should be a list of Tag instances, not int: 7"),
    ],
)
def test_bad_tags_set_later(tags, value, expected):
    """Setting bad tags later raises and keeps the old tags."""
    entity = make(tags=tags)
    with pytest.raises(ValidationTypeError) as error:
        entity.tags = value
    assert str(error.value) == expected
    assert entity.tags == tags


def test_append_tag_later(tags):
    """A Tag can be appended to the tags after construction."""
    entity = make(tags=tags[:1])
    entity.tags.append(tags[1])
    entity.tags.extend(tags[2:])
    assert entity.tags == tags


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x", "Entity.tags should be a list of Tag instances, not str: 'x'"),
        (None, "Entity.tags should be a list of Tag instances, not NoneType: None"),
        (5, "Entity.tags should be a list of Tag instances, not int: 5"),
    ],
)
def test_append_bad_tag(tags, value, expected):
    """Appending a non-Tag raises the same error and leaves the tags alone."""
    entity = make(tags=tags)
    with pytest.raises(ValidationTypeError) as error:
        entity.tags.append(value)
    assert str(error.value) == expected
    assert entity.tags == tags


def test_insert_or_replace_with_bad_tag(tags):
    """Inserting or putting a non-Tag at an index raises the same error."""
    entity = make(tags=tags)
    with pytest.raises(ValidationTypeError) as error:
        entity.tags.insert(0, "x")
    assert (
        str(error.value)
        == "Entity.tags should be a list of Tag instances, not str: 'x'"
    )
    with pytest.raises(ValidationTypeError) as error:
        entity.tags[1] = 2
    assert (
        str(error.value) == "Entity.tags should be a list of Tag instances, not int: 2"
    )
    assert entity.tags == tags


def test_append_bad_tag_names_the_subclass():
    """The append check also names the class of the object."""
    status = Status(name="On Hold", short_name="OH")
    with pytest.raises(ValidationTypeError) as error:
        status.tags.append("x")
    assert str(error.value) == (
        "Status.tags should be a list of Tag instances, not str: 'x'"
    )


def test_repeated_tag_is_refused(tags):
    """A tag may label an entity once: a repeat raises ValueError, always."""
    expected = (
        "Entity.tags should be a list of Tag instances without repeats, "
        "not Tag: <Tag 'Red'>"
    )
    with pytest.raises(ValidationError) as error:
        make(tags=[tags[0], tags[1], tags[0]])
    assert str(error.value) == expected
    assert not isinstance(error.value, TypeError)
    entity = make(tags=tags[1:])
    with pytest.raises(ValidationError) as error:
        entity.tags = [tags[0], tags[0]]
    assert str(error.value) == expected
    assert entity.tags == tags[1:]
    entity.tags.append(tags[0])
    with pytest.raises(ValidationError) as error:
        entity.tags.append(tags[0])
    assert str(error.value) == expected
    assert entity.tags == [tags[1], tags[2], tags[0]]


def test_repeated_tag_refused_after_reload(session, tags):
    """Appending a tag already saved on the entity is refused after a reload."""
    entity = make(tags=tags[:1])
    session.commit()
    session.expire_all()
    with pytest.raises(ValidationError) as error:
        entity.tags.append(tags[0])
    assert str(error.value) == (
        "Entity.tags should be a list of Tag instances without repeats, "
        f"not Tag: <Tag 'Red' id={tags[0].id}>"
    )
    assert entity.tags == tags[:1]


def test_one_tag_on_many_entities(session, tags):
    """Tags are many-to-many: one tag may label several entities."""
    first = make(name="First", tags=tags[:2])
    second = make(name="Second", tags=tags[1:])
    session.commit()
    session.expire_all()
    assert session.get(Entity, first.id).tags == tags[:2]
    assert session.get(Entity, second.id).tags == tags[1:]


def test_tags_round_trip(session, tags):
    """A tagged entity committed and reloaded has the same tags and fields."""
    entity = make(name="Round Trip", description="about it", tags=tags)
    session.commit()
    values = (entity.id, entity.name, entity.code, entity.description)
    created, updated = entity.date_created, entity.date_updated
    session.expire_all()
    loaded = session.get(Entity, values[0])
    assert type(loaded) is Entity
    assert (loaded.id, loaded.name, loaded.code, loaded.description) == values
    assert loaded.tags == tags
    assert loaded.date_created == created
    assert loaded.date_updated == updated
    assert loaded.date_created.utcoffset().total_seconds() == 0


def test_changing_tags_round_trips(session, tags):
    """Removing and adding tags after a commit is saved."""
    entity = make(tags=tags[:2])
    session.commit()
    entity.tags.remove(tags[0])
    entity.tags.append(tags[2])
    session.commit()
    session.expire_all()
    assert entity.tags == tags[1:]
    entity.tags = []
    session.commit()
    session.expire_all()
    assert entity.tags == []


def test_bad_tags_are_never_written(session, tags):
    """An entity whose construction failed does not reach the database."""
    with pytest.raises(ValidationTypeError):
        make(name="Broken", tags=[tags[0], "x"])
    session.commit()
    assert session.query(Entity).filter_by(name="Broken").count() == 0


def test_deleting_a_tag_unlinks_it(session, tags):
    """Deleting a Tag removes it from the entities it labelled."""
    entity = make(tags=tags)
    session.commit()
    session.delete(tags[1])
    session.commit()
    session.expire_all()
    assert entity.tags == [tags[0], tags[2]]


# comments --------------------------------------------------------------
def test_comments_default_to_an_empty_list():
    """A new entity has no comments."""
    assert make().comments == []


def test_comments_is_read_only():
    """comments cannot be set: they are written to the entity through Comment."""
    entity = make()
    with pytest.raises(AttributeError):
        entity.comments = []
    with pytest.raises(AttributeError):
        entity.comments = [Comment(body="hi", to=make(name="Other"))]
    assert entity.comments == []


def test_comments_is_not_a_constructor_argument():
    """comments cannot be given to the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(comments=[])
    assert str(error.value) == "Entity() got unexpected keyword arguments: comments"


def test_comment_appears_in_comments():
    """A Comment written to an entity is listed in its comments, in order."""
    entity = make()
    first = Comment(body="Looks good", to=entity)
    second = Comment(body="Needs more light", to=entity)
    assert entity.comments == [first, second]


def test_moving_a_comment_changes_both_entities():
    """A Comment moved to another entity leaves the first one's comments."""
    first, second = make(name="First"), make(name="Second")
    comment = Comment(body="wrong shot", to=first)
    comment.to = second
    assert first.comments == []
    assert second.comments == [comment]


def test_append_bad_comment():
    """Appending something other than a Comment raises our error."""
    entity = make()
    with pytest.raises(ValidationTypeError) as error:
        entity.comments.append("x")
    assert str(error.value) == (
        "Entity.comments should be a list of Comment instances, not str: 'x'"
    )
    assert entity.comments == []


def test_comments_round_trip(session):
    """Comments are saved with the entity and come back in order."""
    entity = make()
    comments = [Comment(body=f"note {i}", to=entity) for i in range(3)]
    session.commit()
    session.expire_all()
    loaded = session.get(Entity, entity.id)
    assert loaded.comments == comments
    assert [comment.body for comment in loaded.comments] == [
        "note 0",
        "note 1",
        "note 2",
    ]
