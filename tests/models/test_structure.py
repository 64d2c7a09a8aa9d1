"""Structure: project_template and the asset and reference TypeTemplates."""

from __future__ import annotations

import pytest

from stalker import AssetType, Entity, LinkType, Structure, TypeTemplate
from stalker.core.models.structure import Structure as StructureFromModule
from stalker.exceptions import ValidationError, ValidationTypeError

PROJECT_TEMPLATE = """
{{project.code}}/Assets
{{project.code}}/Sequences

{% for sequence in project.sequences %}{{project.code}}/Sequences/{{sequence.code}}
{% endfor %}
"""
TEMPLATE_ATTRS = ["asset_templates", "reference_templates"]


def make(**kwargs) -> Structure:
    kwargs.setdefault("name", "Commercial Structure")
    return Structure(**kwargs)


def make_template(name: str, type_=None) -> TypeTemplate:
    return TypeTemplate(
        name=name,
        path_code="ASSETS/{{asset_type.name}}",
        file_code="{{asset.name}}_v{{version.version_number}}",
        type=type_ if type_ is not None else AssetType(name=f"{name} Type"),
    )


@pytest.fixture
def templates() -> list[TypeTemplate]:
    return [make_template("Character"), make_template("Prop"), make_template("Set")]


def test_structure_is_an_entity():
    """Structure extends Entity and is importable from the seed's module."""
    assert StructureFromModule is Structure
    assert isinstance(make(), Entity)


# project_template ------------------------------------------------------
def test_project_template_defaults_to_empty():
    """Without project_template, it is an empty string."""
    assert make().project_template == ""


def test_project_template_keeps_its_lines():
    """project_template keeps its inner lines; surrounding blank lines are stripped."""
    structure = make(project_template=PROJECT_TEMPLATE)
    assert structure.project_template == PROJECT_TEMPLATE.strip()
    assert structure.project_template.splitlines()[:3] == [
        "{{project.code}}/Assets",
        "{{project.code}}/Sequences",
        "",
    ]


def test_long_project_template_is_kept():
    """project_template has no length limit."""
    text = "\n".join(f"{{{{project.code}}}}/Folder{i}" for i in range(500))
    assert make(project_template=text).project_template == text


def test_project_template_set_later():
    """project_template can be set later."""
    structure = make(project_template="A")
    structure.project_template = " {{project.code}}/Output \n"
    assert structure.project_template == "{{project.code}}/Output"


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            None,
            ValidationTypeError,
            "Structure.project_template should be a string, not NoneType: None",
        ),
        (
            3,
            ValidationTypeError,
            "Structure.project_template should be a string, not int: 3",
        ),
        (
            ["Assets", "Sequences"],
            ValidationTypeError,
            "Structure.project_template should be a string, not list: ['Assets', 'Sequences']",
        ),
        (
            "A\x00",
            ValidationError,
            "Structure.project_template should be a string without NUL characters, "
            "not str: 'A\\x00'",
        ),
    ],
)
def test_bad_project_template(value, error_type, expected):
    """A bad project_template raises in the constructor and later, keeping the old."""
    with pytest.raises(error_type) as error:
        make(project_template=value)
    assert str(error.value) == expected
    structure = make(project_template="Kept")
    with pytest.raises(error_type) as error:
        structure.project_template = value
    assert str(error.value) == expected
    assert structure.project_template == "Kept"


# asset_templates / reference_templates ---------------------------------
@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_templates_default_to_empty(attr):
    """Both template lists start empty."""
    assert getattr(make(), attr) == []
    assert getattr(make(**{attr: None}), attr) == []


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_templates_in_constructor(attr, templates):
    """The given templates are kept in order, as a new list."""
    given = list(templates)
    structure = make(**{attr: given})
    given.pop()
    assert getattr(structure, attr) == templates


def test_both_lists_are_independent(templates):
    """asset_templates and reference_templates are two separate lists."""
    structure = make(asset_templates=templates[:1], reference_templates=templates[1:])
    assert structure.asset_templates == templates[:1]
    assert structure.reference_templates == templates[1:]


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_templates_set_later(attr, templates):
    """Templates set later replace the old ones; None empties them."""
    structure = make(**{attr: templates[:1]})
    setattr(structure, attr, templates[1:])
    assert getattr(structure, attr) == templates[1:]
    setattr(structure, attr, None)
    assert getattr(structure, attr) == []


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_append_template(attr, templates):
    """A template can be appended later (the seed's example does)."""
    structure = make(**{attr: templates[:2]})
    getattr(structure, attr).append(templates[2])
    assert getattr(structure, attr) == templates


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Character", "str: 'Character'"),
        (3, "int: 3"),
        (["Character"], "str: 'Character'"),
        ([None], "NoneType: None"),
    ],
)
def test_bad_templates(attr, value, shown, templates):
    """Templates that are not a list of TypeTemplate raise, in the constructor and later."""
    expected = (
        f"Structure.{attr} should be a list of TypeTemplate instances, not {shown}"
    )
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    structure = make(**{attr: templates})
    with pytest.raises(ValidationTypeError) as error:
        setattr(structure, attr, value)
    assert str(error.value) == expected
    assert getattr(structure, attr) == templates


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_type_is_not_a_template(attr):
    """A type given where a template is expected is refused."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: [AssetType(name="Character")]})
    assert str(error.value) == (
        f"Structure.{attr} should be a list of TypeTemplate instances, not AssetType: "
        "<AssetType 'Character'>"
    )


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_single_template_is_not_a_list(attr, templates):
    """A TypeTemplate on its own is not a list of templates."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: templates[0]})
    assert str(error.value) == (
        f"Structure.{attr} should be a list of TypeTemplate instances, not TypeTemplate: "
        "<TypeTemplate 'Character'>"
    )


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
@pytest.mark.parametrize(
    ("value", "shown"), [("x", "str: 'x'"), (None, "NoneType: None"), (1, "int: 1")]
)
def test_append_bad_template(attr, value, shown, templates):
    """Appending a non-TypeTemplate raises the same error and changes nothing."""
    structure = make(**{attr: templates[:1]})
    with pytest.raises(ValidationTypeError) as error:
        getattr(structure, attr).append(value)
    assert str(error.value) == (
        f"Structure.{attr} should be a list of TypeTemplate instances, not {shown}"
    )
    assert getattr(structure, attr) == templates[:1]


@pytest.mark.parametrize("attr", TEMPLATE_ATTRS)
def test_repeated_template_is_refused(attr, templates):
    """A template is listed once: a repeat raises ValueError, always."""
    expected = (
        f"Structure.{attr} should be a list of TypeTemplate instances without "
        "repeats, not TypeTemplate: <TypeTemplate 'Prop'>"
    )
    with pytest.raises(ValidationError) as error:
        make(**{attr: [templates[1], templates[1]]})
    assert str(error.value) == expected
    structure = make(**{attr: templates})
    with pytest.raises(ValidationError) as error:
        getattr(structure, attr).append(templates[1])
    assert str(error.value) == expected
    assert getattr(structure, attr) == templates


# persistence -----------------------------------------------------------
def test_structure_round_trip(session, templates):
    """A structure, its template text and both lists survive a commit and a reload."""
    reference = make_template("Image Reference", LinkType(name="Image"))
    structure = make(
        project_template=PROJECT_TEMPLATE,
        asset_templates=templates,
        reference_templates=[reference],
        description="for commercials",
    )
    session.commit()
    structure_id = structure.id
    session.expire_all()
    loaded = session.get(Structure, structure_id)
    assert loaded.project_template == PROJECT_TEMPLATE.strip()
    assert loaded.description == "for commercials"
    assert loaded.asset_templates == templates
    assert loaded.reference_templates == [reference]
    assert type(loaded.reference_templates[0].type) is LinkType


def test_one_template_in_both_lists_and_structures(session, templates):
    """A template may be shared by both lists and by several structures."""
    first = make(
        name="First", asset_templates=templates, reference_templates=templates[:1]
    )
    second = make(name="Second", asset_templates=templates[1:])
    session.commit()
    session.expire_all()
    assert first.asset_templates == templates
    assert first.reference_templates == templates[:1]
    assert second.asset_templates == templates[1:]


def test_template_changes_round_trip(session, templates):
    """Templates appended and removed after a commit are saved."""
    structure = make(asset_templates=templates[:2])
    session.commit()
    structure.asset_templates.remove(templates[0])
    structure.asset_templates.append(templates[2])
    structure.reference_templates.append(templates[0])
    structure.project_template = "{{project.code}}"
    session.commit()
    session.expire_all()
    assert structure.asset_templates == templates[1:]
    assert structure.reference_templates == templates[:1]
    assert structure.project_template == "{{project.code}}"


def test_empty_structure_round_trip(session):
    """A structure with nothing in it can be saved."""
    structure = make()
    session.commit()
    session.expire_all()
    assert structure.project_template == ""
    assert structure.asset_templates == []
    assert structure.reference_templates == []
