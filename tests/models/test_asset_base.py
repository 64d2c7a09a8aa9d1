"""What Shot and Asset share through AssetBase: a type and tasks, validated."""

from __future__ import annotations

import pytest

from stalker import Asset, AssetType, ProjectType, Shot, Task
from stalker.exceptions import ValidationTypeError

CLASSES = [Asset, Shot]

BAD_TYPES = [
    ("Character", "str: 'Character'"),
    ("project type", "ProjectType: <ProjectType 'Commercial'>"),
    (["Character"], "list: ['Character']"),
    (7, "int: 7"),
]

BAD_TASKS = [
    ("Animation", "str: 'Animation'"),
    ([1], "int: 1"),
    (["Animation"], "str: 'Animation'"),
    ([None], "NoneType: None"),
    ("same class", "{cls}: <{cls} 'Other'>"),
]


def _type_value(value):
    return ProjectType(name="Commercial") if value == "project type" else value


def _tasks_value(cls, value):
    return [cls(name="Other")] if value == "same class" else value


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(("value", "shown"), BAD_TYPES)
def test_bad_type_in_constructor(cls, value, shown):
    """A type that is not an AssetType raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        cls(name="Hero", type=_type_value(value))
    assert str(error.value) == (
        f"{cls.__name__}.type should be an AssetType instance or None, not {shown}"
    )


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(("value", "shown"), BAD_TYPES)
def test_bad_type_set_later(cls, value, shown):
    """Setting a type that is not an AssetType raises and keeps the old one."""
    kind = AssetType(name="Kind")
    obj = cls(name="Hero", type=kind)
    with pytest.raises(ValidationTypeError) as error:
        obj.type = _type_value(value)
    assert str(error.value) == (
        f"{cls.__name__}.type should be an AssetType instance or None, not {shown}"
    )
    assert obj.type is kind


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(("value", "shown"), BAD_TASKS)
def test_bad_tasks_in_constructor(cls, value, shown):
    """Tasks that are not a list of Task raise in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        cls(name="Hero", tasks=_tasks_value(cls, value))
    assert str(error.value) == (
        f"{cls.__name__}.tasks should be a list of Task instances, "
        f"not {shown.format(cls=cls.__name__)}"
    )


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(("value", "shown"), BAD_TASKS)
def test_bad_tasks_set_later(cls, value, shown):
    """Setting tasks that are not a list of Task raises and keeps the old ones."""
    task = Task(name="Animation")
    obj = cls(name="Hero", tasks=[task])
    with pytest.raises(ValidationTypeError) as error:
        obj.tasks = _tasks_value(cls, value)
    assert str(error.value) == (
        f"{cls.__name__}.tasks should be a list of Task instances, "
        f"not {shown.format(cls=cls.__name__)}"
    )
    assert obj.tasks == [task]


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize("element", ["Animation", 1, None])
def test_bad_task_appended_later(cls, element):
    """Appending a non-Task after construction raises our error."""
    obj = cls(name="Hero")
    with pytest.raises(ValidationTypeError) as error:
        obj.tasks.append(element)
    assert str(error.value) == (
        f"{cls.__name__}.tasks should be a list of Task instances, "
        f"not {type(element).__name__}: {element!r}"
    )
    assert obj.tasks == []
