"""Tag: a SimpleEntity used as a free label through Entity.tags."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import Entity, SimpleEntity, Tag
from stalker.core.models.tag import Tag as TagFromModule
from stalker.db import meta
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc


def test_tag_is_a_simple_entity_not_an_entity():
    """Tag derives from SimpleEntity only."""
    tag = Tag(name="Character")
    assert isinstance(tag, SimpleEntity)
    assert not isinstance(tag, Entity)
    assert TagFromModule is Tag


def test_tag_name_code_and_nice_name():
    """A Tag has the SimpleEntity name, code and nice_name."""
    tag = Tag(name="  Hero Character ", description=" the main one ")
    assert tag.name == "Hero Character"
    assert tag.nice_name == "hero_character"
    assert tag.code == "HERO_CHARACTER"
    assert tag.description == "the main one"


def test_tag_name_set_later():
    """Renaming a Tag keeps the new name and resets its code."""
    tag = Tag(name="Prop")
    tag.name = "Set Dressing"
    assert tag.name == "Set Dressing"
    assert tag.code == "SET_DRESSING"


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            None,
            ValidationTypeError,
            "Tag.name should be a non-empty string, not NoneType: None",
        ),
        (3, ValidationTypeError, "Tag.name should be a non-empty string, not int: 3"),
        ("", ValidationError, "Tag.name should be a non-empty string, not str: ''"),
        (
            "2D",
            ValidationError,
            "Tag.name should be a string starting with a letter, not str: '2D'",
        ),
    ],
)
def test_bad_tag_name(value, error_type, expected):
    """A Tag needs a name: bad names raise in the constructor and when set later."""
    with pytest.raises(error_type) as error:
        Tag(name=value)
    assert str(error.value) == expected
    tag = Tag(name="Fine")
    with pytest.raises(error_type) as error:
        tag.name = value
    assert str(error.value) == expected
    assert tag.name == "Fine"


def test_tag_without_name_is_refused():
    """Tag is not one of the classes that name themselves."""
    with pytest.raises(ValidationTypeError) as error:
        Tag()
    assert (
        str(error.value) == "Tag.name should be a non-empty string, not NoneType: None"
    )


def test_tag_repr():
    """repr shows the class and the name."""
    assert repr(Tag(name="Character")) == "<Tag 'Character'>"


def test_tag_round_trip(session):
    """A committed Tag reloads with the same values, its dates aware UTC."""
    tag = Tag(name="Environment", code="ENV", description="outdoor sets")
    session.commit()
    tag_id, created = tag.id, tag.date_created
    session.expire_all()
    loaded = session.get(Tag, tag_id)
    assert loaded is tag
    assert (loaded.name, loaded.code, loaded.description) == (
        "Environment",
        "ENV",
        "outdoor sets",
    )
    assert loaded.date_created == created
    assert loaded.date_created.tzinfo is UTC
    assert session.query(SimpleEntity).filter_by(id=tag_id).one() is tag


def test_tag_query_by_name(session):
    """Tags can be found by name."""
    Tag(name="Vehicle")
    Tag(name="Weapon")
    session.commit()
    found = session.query(Tag).filter(Tag.name == "Weapon").all()
    assert [tag.name for tag in found] == ["Weapon"]


def test_tag_saved_with_the_entity_it_labels(session, monkeypatch):
    """A Tag outside the session joins it with the entity it labels (cascade)."""
    monkeypatch.setattr(meta, "auto_add", False)
    tag = Tag(name="Cascaded")
    assert tag not in session
    entity = Entity(name="Tagged", tags=[tag])
    session.add(entity)
    assert tag in session
    session.commit()
    session.expire_all()
    assert [tag.name for tag in session.get(Entity, entity.id).tags] == ["Cascaded"]
