"""PipelineStep: a named step of the pipeline (Previz, Animation, Compositing...)."""

from __future__ import annotations

import pytest

from stalker import AssetType, Entity, PipelineStep, Tag, Task
from stalker.core.models.pipeline_step import PipelineStep as StepFromModule
from stalker.core.models.pipelineStep import PipelineStep as StepFromSeedModule
from stalker.exceptions import ValidationError, ValidationTypeError


def test_import_paths():
    """PipelineStep is importable from the PEP 8 module and the seed's alias."""
    assert StepFromModule is PipelineStep
    assert StepFromSeedModule is PipelineStep


def test_pipeline_step_is_an_entity():
    """A PipelineStep is an Entity: it can be tagged."""
    step = PipelineStep(name="Modeling", tags=[Tag(name="Assets")])
    assert isinstance(step, Entity)
    assert [tag.name for tag in step.tags] == ["Assets"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Previz", "PRE"),
        ("Match Move", "MM"),
        ("Animation", "ANIM"),
        ("Lighting", "LIGHT"),
        ("Compositing", "COMP"),
    ],
)
def test_tutorial_steps(name, code):
    """The tutorial's steps keep their name and code."""
    step = PipelineStep(name=name, code=code)
    assert (step.name, step.code) == (name, code)


def test_code_defaults_to_upper_nice_name():
    """Without a code, it is the name's nice_name in upper case."""
    step = PipelineStep(name="Match Move", description="The modeling step")
    assert step.code == "MATCH_MOVE"
    assert step.description == "The modeling step"


def test_code_set_later_and_reset_by_rename():
    """A code set later is kept until the name changes (seed behaviour)."""
    step = PipelineStep(name="Lighting")
    step.code = " LGT "
    assert step.code == "LGT"
    step.name = "Look Dev"
    assert step.code == "LOOK_DEV"


@pytest.mark.parametrize(
    ("kwargs", "error_type", "expected"),
    [
        (
            {},
            ValidationTypeError,
            "PipelineStep.name should be a non-empty string, not NoneType: None",
        ),
        (
            {"name": ""},
            ValidationError,
            "PipelineStep.name should be a non-empty string, not str: ''",
        ),
        (
            {"name": 3},
            ValidationTypeError,
            "PipelineStep.name should be a non-empty string, not int: 3",
        ),
        (
            {"name": "Comp", "code": " "},
            ValidationError,
            "PipelineStep.code should be a non-empty string, not str: ' '",
        ),
        (
            {"name": "Comp", "code": 1},
            ValidationTypeError,
            "PipelineStep.code should be a non-empty string, not int: 1",
        ),
        (
            {"name": "Comp", "order": 1},
            ValidationTypeError,
            "PipelineStep() got unexpected keyword arguments: order",
        ),
    ],
)
def test_bad_arguments(kwargs, error_type, expected):
    """Bad names and codes raise with a message naming PipelineStep."""
    with pytest.raises(error_type) as error:
        PipelineStep(**kwargs)
    assert str(error.value) == expected


@pytest.mark.parametrize(
    ("attr", "value", "error_type", "expected"),
    [
        (
            "name",
            "  ",
            ValidationError,
            "PipelineStep.name should be a non-empty string, not str: '  '",
        ),
        (
            "name",
            None,
            ValidationTypeError,
            "PipelineStep.name should be a non-empty string, not NoneType: None",
        ),
        (
            "code",
            "",
            ValidationError,
            "PipelineStep.code should be a non-empty string, not str: ''",
        ),
        (
            "code",
            None,
            ValidationTypeError,
            "PipelineStep.code should be a non-empty string, not NoneType: None",
        ),
    ],
)
def test_bad_values_set_later(attr, value, error_type, expected):
    """Bad names and codes set later raise and keep the old values."""
    step = PipelineStep(name="Compositing", code="COMP")
    with pytest.raises(error_type) as error:
        setattr(step, attr, value)
    assert str(error.value) == expected
    assert (step.name, step.code) == ("Compositing", "COMP")


def test_step_used_by_asset_type_and_task():
    """A step may be shared by asset types and named by tasks."""
    step = PipelineStep(name="Animation", code="ANIM")
    first, second = (
        AssetType(name="Character", steps=[step]),
        AssetType(name="Prop", steps=[step]),
    )
    task = Task(name="Animate", pipeline_step=step)
    assert first.steps == [step]
    assert second.steps == [step]
    assert task.pipeline_step is step


def test_pipeline_step_round_trip(session):
    """A committed step reloads with the same name, code and description."""
    step = PipelineStep(name="Compositing", code="COMP", description="final images")
    session.commit()
    step_id = step.id
    session.expire_all()
    loaded = session.get(PipelineStep, step_id)
    assert (loaded.name, loaded.code, loaded.description) == (
        "Compositing",
        "COMP",
        "final images",
    )
    assert session.query(PipelineStep).filter_by(code="COMP").one() is loaded


def test_steps_ordered_by_creation(session):
    """Steps can be listed in the order they were made."""
    names = ["Previz", "Match Move", "Animation", "Lighting", "Compositing"]
    steps = [PipelineStep(name=name) for name in names]
    session.commit()
    session.expire_all()
    ids = [step.id for step in steps]
    found = session.query(PipelineStep).filter(PipelineStep.id.in_(ids))
    assert [step.name for step in found.order_by(PipelineStep.id)] == names
