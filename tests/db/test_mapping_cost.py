"""The mapping's cost: synonyms share their proxy classes, queries are unchanged."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import attributes

from stalker import Shot, SimpleEntity, Task
from stalker.db.mapper import map_classes, mapper_registry
from stalker.db.proxies import _BUILDER, shared_proxy_classes


def _synonym_proxies() -> tuple[int, set[type], set[int]]:
    """How many synonyms Stalker maps, their proxy classes and their descriptors.

    Classes a test maps later (a studio's subclass) are left out: they are
    mapped outside ``map_classes`` and build their own proxy classes.
    """
    count, proxies, descriptors = 0, set(), set()
    for mapper in mapper_registry.mappers:
        if not mapper.class_.__module__.startswith("stalker."):
            continue
        for prop in mapper.synonyms:
            count += 1
            proxies.add(type(mapper.class_manager[prop.key]))
            descriptors.add(id(prop.descriptor))
    return count, proxies, descriptors


def test_each_synonym_descriptor_builds_one_proxy_class():
    """Classes inheriting a synonym reuse its proxy class instead of a new one."""
    map_classes()
    count, proxies, descriptors = _synonym_proxies()
    assert count > 300
    assert len(proxies) == len(descriptors) < count / 3


def test_shared_proxy_classes_are_given_back_after_the_block():
    """Outside the block SQLAlchemy builds its proxy classes as it always does."""

    def build(descriptor):
        return getattr(attributes, _BUILDER)(descriptor)

    original = getattr(attributes, _BUILDER)
    descriptor = property(lambda self: None)
    with shared_proxy_classes():
        first = build(descriptor)
        assert build(descriptor) is first
        assert build(property()) is not first
    assert getattr(attributes, _BUILDER) is original
    assert original(descriptor) is not first


def test_inherited_synonyms_query_the_class_they_are_read_from():
    """``Shot.code`` and ``Task.name`` select from their own class's tables."""
    map_classes()
    statement = select(Task.name).where(Task.name == "x").order_by(Task.name)
    assert list(statement.selected_columns.keys()) == ["name"]
    assert "JOIN tasks ON" in str(statement)
    shots = select(Shot.code, Shot.name).where(Shot.name == "x")
    assert list(shots.selected_columns.keys()) == ["code", "name"]
    assert "JOIN shots ON" in str(shots)
    assert Task.description.__doc__
    assert Task.description.__doc__ == SimpleEntity.description.__doc__
