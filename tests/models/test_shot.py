"""Shot: an AssetBase of a Sequence; its type, tasks, and read-only project."""

from __future__ import annotations

import pytest
from factories import a_sequence, a_shot

from stalker import (
    AssetBase,
    AssetType,
    PipelineStep,
    Project,
    Sequence,
    Shot,
    StatusedEntity,
    Task,
    db,
)
from stalker.exceptions import ValidationTypeError


def make(**kwargs) -> Shot:
    kwargs.setdefault("name", "Shot 1")
    return Shot(**kwargs)


def test_defaults():
    """A shot made with a name only has no sequence, project, type or tasks."""
    shot = make()
    assert shot.sequence is None
    assert shot.project is None
    assert shot.type is None
    assert shot.tasks == []


def test_is_an_asset_base():
    """Shot derives from AssetBase, a StatusedEntity, and has its own default list."""
    shot = make()
    assert isinstance(shot, AssetBase)
    assert isinstance(shot, StatusedEntity)
    assert shot.status_list.target_entity_type == "Shot"
    assert shot.status.short_name == "WFD"


def test_code_given_as_in_the_tutorial():
    """Shot(name="Shot 1", code="SH001") keeps the code."""
    shot = Shot(name="Shot 1", code="SH001")
    assert shot.code == "SH001"


# sequence and project --------------------------------------------------------
def test_sequence_in_constructor_gives_the_project():
    """The project of a shot is the project of its sequence."""
    project = Project(name="Fancy Commercial")
    sequence = Sequence(name="Sequence 1", project=project)
    shot = make(sequence=sequence)
    assert shot.sequence is sequence
    assert shot.project is project
    assert sequence.shots == [shot]


def test_project_follows_the_sequence():
    """Moving the shot, or its sequence, changes the shot's project."""
    first, second = Project(name="First"), Project(name="Second")
    seq1 = Sequence(name="Sequence 1", project=first)
    seq2 = Sequence(name="Sequence 2", project=second)
    shot = make(sequence=seq1)
    assert shot.project is first
    shot.sequence = seq2
    assert shot.project is second
    seq2.project = first
    assert shot.project is first
    shot.sequence = None
    assert shot.project is None


def test_project_of_a_sequence_without_project_is_none():
    """A shot whose sequence has no project has no project."""
    assert make(sequence=Sequence(name="Sequence 1")).project is None


def test_project_is_read_only():
    """Shot.project cannot be set; it is the sequence's project."""
    shot = make()
    with pytest.raises(AttributeError):
        shot.project = Project(name="Fancy Commercial")
    assert shot.project is None


def test_project_is_not_a_constructor_argument():
    """Shot(project=...) is refused as an unknown argument."""
    with pytest.raises(ValidationTypeError) as error:
        make(project=Project(name="Fancy Commercial"))
    assert str(error.value) == "Shot() got unexpected keyword arguments: project"


BAD_SEQUENCES = [
    ("SEQ1", "str: 'SEQ1'"),
    (1, "int: 1"),
    ("project", "Project: <Project 'Fancy Commercial'>"),
]


def _sequence_value(value):
    return Project(name="Fancy Commercial") if value == "project" else value


@pytest.mark.parametrize(("value", "shown"), BAD_SEQUENCES)
def test_bad_sequence_in_constructor(value, shown):
    """A sequence that is not a Sequence raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(sequence=_sequence_value(value))
    assert str(error.value) == (
        f"Shot.sequence should be a Sequence instance or None, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_SEQUENCES)
def test_bad_sequence_set_later(value, shown):
    """Setting a sequence that is not a Sequence raises and keeps the old one."""
    sequence = Sequence(name="Sequence 1")
    shot = make(sequence=sequence)
    with pytest.raises(ValidationTypeError) as error:
        shot.sequence = _sequence_value(value)
    assert str(error.value) == (
        f"Shot.sequence should be a Sequence instance or None, not {shown}"
    )
    assert shot.sequence is sequence
    assert sequence.shots == [shot]


# type ------------------------------------------------------------------------------
def test_type_in_constructor():
    """type takes an AssetType in the constructor."""
    shot_type = AssetType(name="Shot")
    assert make(type=shot_type).type is shot_type


def test_type_set_later_as_in_the_tutorial():
    """The tutorial sets shot.type = shot_asset_type on each shot of a sequence."""
    steps = [PipelineStep(name="Previz", code="PRE"), PipelineStep(name="Animation")]
    shot_type = AssetType(name="Shot", steps=steps)
    sequence = Sequence(
        name="Sequence 1", shots=[make(name=f"Shot {i}") for i in (1, 2)]
    )
    for shot in sequence.shots:
        shot.type = shot_type
    assert [shot.type for shot in sequence.shots] == [shot_type, shot_type]
    assert sequence.shots[0].type.steps == steps
    sequence.shots[0].type = None
    assert sequence.shots[0].type is None


# tasks <-> Task.task_of --------------------------------------------------------------
def test_tasks_in_constructor():
    """Tasks given to the constructor are done for the shot."""
    previz, anim = (
        Task(task_of=a_shot(), name="Previz"),
        Task(task_of=a_shot(), name="Animation"),
    )
    shot = make(tasks=[previz, anim])
    assert shot.tasks == [previz, anim]
    assert previz.task_of is shot
    assert anim.task_of is shot


def test_tasks_set_later_as_in_the_tutorial():
    """Tasks made on their own are given to the shot later: sh001.tasks = [...]."""
    tasks = [
        Task(task_of=a_shot(), name=name)
        for name in ("Previz", "Match Move", "Animation")
    ]
    shot = make()
    shot.tasks = tasks
    assert shot.tasks == tasks
    assert all(task.task_of is shot for task in tasks)
    shot.tasks = tasks[:1]
    assert tasks[0].task_of is shot
    assert tasks[1].task_of is None


def test_task_of_adds_the_task():
    """Setting Task.task_of to a shot lists the task in shot.tasks."""
    sh001, sh002 = make(name="Shot 1"), make(name="Shot 2")
    task = Task(name="Animation", task_of=sh001)
    assert sh001.tasks == [task]
    task.task_of = sh002
    assert sh001.tasks == []
    assert sh002.tasks == [task]


# persistence -----------------------------------------------------------------------
def test_round_trip(session):
    """A committed shot reads back with its sequence, project, type and tasks."""
    project = Project(name="Fancy Commercial")
    sequence = Sequence(name="Sequence 1", project=project)
    shot_type = AssetType(name="Shot")
    tasks = [
        Task(task_of=a_shot(), name="Previz"),
        Task(task_of=a_shot(), name="Animation"),
    ]
    shot = Shot(name="Shot 1", code="SH001", sequence=sequence, type=shot_type)
    shot.tasks = tasks
    session.commit()
    shot_id = shot.id
    session.expire_all()
    loaded = db.query(Shot).filter_by(id=shot_id).one()
    assert loaded.code == "SH001"
    assert loaded.sequence is sequence
    assert loaded.project is project
    assert loaded.type is shot_type
    assert loaded.tasks == tasks
    assert tasks[1].task_of is loaded
    assert loaded.status_list.target_entity_type == "Shot"


def test_found_as_an_asset_base(session):
    """Querying AssetBase returns shots as Shot objects."""
    shot = make(name="Polymorphic Shot", sequence=a_sequence())
    session.commit()
    session.expire_all()
    found = db.query(AssetBase).filter(AssetBase.name == "Polymorphic Shot").one()
    assert found is shot
    assert type(found) is Shot
