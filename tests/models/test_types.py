"""The type classes: AssetType (with steps), ProjectType, LinkType and TypeTemplate."""

from __future__ import annotations

import pytest

from stalker import (
    AssetType,
    Entity,
    LinkType,
    PipelineStep,
    ProjectType,
    Tag,
    TypeEntity,
    TypeTemplate,
)
from stalker.core.models import types
from stalker.exceptions import ValidationError, ValidationTypeError

PATH_CODE = "ASSETS/{{asset_type.name}}/{{pipeline_step.code}}"
FILE_CODE = (
    "{{asset.name}}_{{take.name}}_{{asset_type.name}}_v{{version.version_number}}"
)


@pytest.fixture
def steps() -> list[PipelineStep]:
    return [
        PipelineStep(name="Previz", code="PRE"),
        PipelineStep(name="Animation", code="ANIM"),
        PipelineStep(name="Compositing", code="COMP"),
    ]


def test_import_paths():
    """The seed's import path gives the four classes."""
    assert types.AssetType is AssetType
    assert types.ProjectType is ProjectType
    assert types.LinkType is LinkType
    assert types.TypeTemplate is TypeTemplate


@pytest.mark.parametrize("cls", [AssetType, ProjectType, LinkType])
def test_types_are_type_entities(cls):
    """AssetType, ProjectType and LinkType derive from TypeEntity, an Entity."""
    obj = cls(name="Commercial", tags=[Tag(name="Client")])
    assert isinstance(obj, TypeEntity)
    assert isinstance(obj, Entity)
    assert [tag.name for tag in obj.tags] == ["Client"]


def test_type_template_is_not_a_type_entity():
    """TypeTemplate is an Entity that refers to a type, not a type itself."""
    assert issubclass(TypeTemplate, Entity)
    assert not issubclass(TypeTemplate, TypeEntity)


@pytest.mark.parametrize("cls", [AssetType, ProjectType, LinkType])
def test_types_need_a_name(cls):
    """A type without a name is refused, naming its own class."""
    with pytest.raises(ValidationTypeError) as error:
        cls()
    assert (
        str(error.value)
        == f"{cls.__name__}.name should be a non-empty string, not NoneType: None"
    )
    with pytest.raises(ValidationError) as error:
        cls(name="3D")
    assert str(error.value) == (
        f"{cls.__name__}.name should be a string starting with a letter, not str: '3D'"
    )


@pytest.mark.parametrize(
    ("cls", "name", "code"),
    [
        (ProjectType, "Commercial", "COMMERCIAL"),
        (LinkType, "Image Sequence", "IMAGE_SEQUENCE"),
    ],
)
def test_project_and_link_types_round_trip(session, cls, name, code):
    """ProjectType and LinkType reload as their own class with the same values."""
    obj = cls(name=name, description="a kind")
    session.commit()
    obj_id = obj.id
    session.expire_all()
    loaded = session.get(TypeEntity, obj_id)
    assert type(loaded) is cls
    assert (loaded.name, loaded.code, loaded.description) == (name, code, "a kind")
    assert session.query(cls).filter_by(name=name).one() is loaded


def test_project_and_link_types_take_no_steps():
    """Only AssetType has steps."""
    with pytest.raises(ValidationTypeError) as error:
        ProjectType(name="Movie", steps=[])
    assert str(error.value) == "ProjectType() got unexpected keyword arguments: steps"


# AssetType.steps -------------------------------------------------------
def test_steps_default_to_empty():
    """An AssetType may have no steps."""
    assert AssetType(name="Prop").steps == []
    assert AssetType(name="Prop", steps=None).steps == []


def test_steps_in_constructor(steps):
    """The given steps are kept, in order, as a new list."""
    given = list(steps)
    asset_type = AssetType(name="Shot", steps=given)
    given.pop()
    assert asset_type.steps == steps


def test_steps_set_later(steps):
    """Steps set later replace the old ones; None empties them."""
    asset_type = AssetType(name="Shot", steps=steps[:1])
    asset_type.steps = steps[1:]
    assert asset_type.steps == steps[1:]
    asset_type.steps = None
    assert asset_type.steps == []


def test_append_step(steps):
    """A step can be appended later."""
    asset_type = AssetType(name="Shot", steps=steps[:2])
    asset_type.steps.append(steps[2])
    assert asset_type.steps == steps


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Previz",
            "AssetType.steps should be a list of PipelineStep instances, not str: 'Previz'",
        ),
        (
            ["Previz"],
            "AssetType.steps should be a list of PipelineStep instances, not str: 'Previz'",
        ),
        (5, "AssetType.steps should be a list of PipelineStep instances, not int: 5"),
        (
            [None],
            "AssetType.steps should be a list of PipelineStep instances, not NoneType: None",
        ),
        (
            lambda: [Tag(name="Previz")],
            "AssetType.steps should be a list of PipelineStep instances, not Tag: <Tag 'Previz'>",
        ),
    ],
)
def test_bad_steps(steps, value, expected):
    """Steps that are not a list of PipelineStep raise, in the constructor and later."""
    if callable(value):
        value = value()
    with pytest.raises(ValidationTypeError) as error:
        AssetType(name="Shot", steps=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    asset_type = AssetType(name="Shot", steps=steps)
    with pytest.raises(ValidationTypeError) as error:
        asset_type.steps = value
    assert str(error.value) == expected
    assert asset_type.steps == steps


def test_single_step_is_not_a_list(steps):
    """A PipelineStep on its own is not a list of steps."""
    with pytest.raises(ValidationTypeError) as error:
        AssetType(name="Shot", steps=steps[0])
    assert str(error.value) == (
        "AssetType.steps should be a list of PipelineStep instances, not PipelineStep: "
        "<PipelineStep 'Previz'>"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "COMP",
            "AssetType.steps should be a list of PipelineStep instances, not str: 'COMP'",
        ),
        (
            None,
            "AssetType.steps should be a list of PipelineStep instances, not NoneType: None",
        ),
    ],
)
def test_append_bad_step(steps, value, expected):
    """Appending a non-PipelineStep raises the same error and changes nothing."""
    asset_type = AssetType(name="Shot", steps=steps)
    with pytest.raises(ValidationTypeError) as error:
        asset_type.steps.append(value)
    assert str(error.value) == expected
    assert asset_type.steps == steps


def test_repeated_step_is_refused(steps):
    """A step is listed once per asset type: a repeat raises ValueError, always."""
    expected = (
        "AssetType.steps should be a list of PipelineStep instances without repeats, "
        "not PipelineStep: <PipelineStep 'Animation'>"
    )
    with pytest.raises(ValidationError) as error:
        AssetType(name="Shot", steps=[steps[1], steps[2], steps[1]])
    assert str(error.value) == expected
    asset_type = AssetType(name="Shot", steps=steps)
    with pytest.raises(ValidationError) as error:
        asset_type.steps = [steps[1], steps[1]]
    assert str(error.value) == expected
    with pytest.raises(ValidationError) as error:
        asset_type.steps.append(steps[1])
    assert str(error.value) == expected
    assert asset_type.steps == steps


def test_asset_type_round_trip(session, steps):
    """An AssetType and its steps survive a commit and a reload."""
    asset_type = AssetType(name="Character", description="characters", steps=steps)
    session.commit()
    type_id = asset_type.id
    session.expire_all()
    loaded = session.get(AssetType, type_id)
    assert (loaded.name, loaded.description) == ("Character", "characters")
    assert loaded.steps == steps
    assert [step.code for step in loaded.steps] == ["PRE", "ANIM", "COMP"]


def test_step_shared_by_asset_types_round_trip(session, steps):
    """One step may belong to several asset types."""
    character = AssetType(name="Character", steps=steps[:2])
    prop = AssetType(name="Prop", steps=steps[1:])
    session.commit()
    session.expire_all()
    assert character.steps == steps[:2]
    assert prop.steps == steps[1:]


def test_step_changes_round_trip(session, steps):
    """Steps removed and appended after a commit are saved."""
    asset_type = AssetType(name="Shot", steps=steps[:2])
    session.commit()
    asset_type.steps.remove(steps[0])
    asset_type.steps.append(steps[2])
    session.commit()
    session.expire_all()
    assert asset_type.steps == steps[1:]


# TypeTemplate ----------------------------------------------------------
def make_template(**kwargs) -> TypeTemplate:
    kwargs.setdefault("name", "Character")
    kwargs.setdefault("path_code", PATH_CODE)
    kwargs.setdefault("file_code", FILE_CODE)
    if "type" not in kwargs:
        kwargs["type"] = AssetType(name="Character")
    return TypeTemplate(**kwargs)


def test_seed_type_template(steps):
    """The seed's example template keeps its codes and type."""
    asset_type = AssetType(name="Character", steps=steps[:1])
    template = TypeTemplate(
        name="Character",
        description="how to place Character assets",
        path_code=PATH_CODE,
        file_code=FILE_CODE,
        type=asset_type,
    )
    assert template.path_code == PATH_CODE
    assert template.file_code == FILE_CODE
    assert template.type is asset_type


@pytest.mark.parametrize("cls", [AssetType, ProjectType, LinkType])
def test_template_type_may_be_any_type_entity(cls):
    """Any TypeEntity subclass is a valid type."""
    type_ = cls(name="Some Type")
    assert make_template(type=type_).type is type_


@pytest.mark.parametrize("attr", ["path_code", "file_code"])
def test_codes_are_stripped(attr):
    """path_code and file_code are stripped strings."""
    assert getattr(make_template(**{attr: "  {{project.code}}\n"}), attr) == (
        "{{project.code}}"
    )


@pytest.mark.parametrize("attr", ["path_code", "file_code"])
@pytest.mark.parametrize("value", ["", "  ", " \n\t"])
def test_empty_codes_are_refused(attr, value):
    """An empty or blank path_code or file_code raises, in the constructor and later."""
    expected = f"TypeTemplate.{attr} should be a non-empty string, not str: {value!r}"
    with pytest.raises(ValidationError) as error:
        make_template(**{attr: value})
    assert str(error.value) == expected
    template = make_template()
    with pytest.raises(ValidationError) as error:
        setattr(template, attr, value)
    assert str(error.value) == expected
    assert (template.path_code, template.file_code) == (PATH_CODE, FILE_CODE)


def test_codes_are_required():
    """Without codes a TypeTemplate cannot be made: it would place nothing."""
    with pytest.raises(ValidationError) as error:
        TypeTemplate(name="Empty", type=LinkType(name="Image"))
    assert str(error.value) == (
        "TypeTemplate.path_code should be a non-empty string, not str: ''"
    )


def test_long_codes_are_kept():
    """Template code has no length limit."""
    code = "{{project.code}}/" * 200
    assert make_template(path_code=code).path_code == code.strip()


@pytest.mark.parametrize("attr", ["path_code", "file_code"])
def test_codes_set_later(attr):
    """path_code and file_code can be set later."""
    template = make_template()
    setattr(template, attr, " SHOTS/{{shot.code}} ")
    assert getattr(template, attr) == "SHOTS/{{shot.code}}"


@pytest.mark.parametrize("attr", ["path_code", "file_code"])
@pytest.mark.parametrize(
    ("value", "error_type", "shown"),
    [
        (None, ValidationTypeError, "a non-empty string, not NoneType: None"),
        (3, ValidationTypeError, "a non-empty string, not int: 3"),
        (["a"], ValidationTypeError, "a non-empty string, not list: ['a']"),
        (
            "a\x00b",
            ValidationError,
            "a non-empty string without NUL characters, not str: 'a\\x00b'",
        ),
    ],
)
def test_bad_codes(attr, value, error_type, shown):
    """Bad codes raise in the constructor and later, keeping the old code."""
    expected = f"TypeTemplate.{attr} should be {shown}"
    with pytest.raises(error_type) as error:
        make_template(**{attr: value})
    assert str(error.value) == expected
    template = make_template()
    with pytest.raises(error_type) as error:
        setattr(template, attr, value)
    assert str(error.value) == expected
    assert (template.path_code, template.file_code) == (PATH_CODE, FILE_CODE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "TypeTemplate.type should be a TypeEntity instance, not NoneType: None"),
        (
            "Character",
            "TypeTemplate.type should be a TypeEntity instance, not str: 'Character'",
        ),
        (
            lambda: PipelineStep(name="Animation"),
            "TypeTemplate.type should be a TypeEntity instance, not PipelineStep: "
            "<PipelineStep 'Animation'>",
        ),
        (
            lambda: Entity(name="Plain"),
            "TypeTemplate.type should be a TypeEntity instance, not Entity: <Entity 'Plain'>",
        ),
    ],
)
def test_bad_type(value, expected):
    """type is required and must be a TypeEntity, in the constructor and later."""
    if callable(value):
        value = value()
    with pytest.raises(ValidationTypeError) as error:
        make_template(type=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    asset_type = AssetType(name="Kept")
    template = make_template(type=asset_type)
    with pytest.raises(ValidationTypeError) as error:
        template.type = value
    assert str(error.value) == expected
    assert template.type is asset_type


def test_type_is_required():
    """A TypeTemplate made without type is refused."""
    with pytest.raises(ValidationTypeError) as error:
        TypeTemplate(name="No Type", path_code="a", file_code="b")
    assert str(error.value) == (
        "TypeTemplate.type should be a TypeEntity instance, not NoneType: None"
    )


def test_type_set_later():
    """The type can be changed later to another TypeEntity."""
    template = make_template()
    link_type = LinkType(name="Movie")
    template.type = link_type
    assert template.type is link_type


@pytest.mark.parametrize("cls", [AssetType, ProjectType, LinkType])
def test_type_template_round_trip(session, cls):
    """A template reloads with its codes and its type, as the right class."""
    type_ = cls(name="Some Type")
    template = make_template(
        type=type_, path_code=PATH_CODE + "\n", file_code=FILE_CODE
    )
    session.commit()
    template_id = template.id
    session.expire_all()
    loaded = session.get(TypeTemplate, template_id)
    assert loaded.path_code == PATH_CODE
    assert loaded.file_code == FILE_CODE
    assert loaded.type is type_
    assert type(loaded.type) is cls


def test_type_saved_with_the_template(session, monkeypatch):
    """A type only referenced by a template is saved with it (cascade)."""
    from stalker.db import meta

    monkeypatch.setattr(meta, "auto_add", False)
    link_type = LinkType(name="Texture")
    template = make_template(type=link_type)
    session.add(template)
    session.commit()
    session.expire_all()
    assert session.get(TypeTemplate, template.id).type.name == "Texture"
