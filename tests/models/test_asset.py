"""Asset: an AssetBase of a Project; its type, tasks and project."""

from __future__ import annotations

import pytest
from factories import a_sequence, a_shot

from stalker import (
    Asset,
    AssetBase,
    AssetType,
    PipelineStep,
    Project,
    ProjectType,
    Shot,
    StatusedEntity,
    Task,
    db,
)
from stalker.exceptions import ValidationTypeError


def make(**kwargs) -> Asset:
    kwargs.setdefault("name", "Olum")
    return Asset(**kwargs)


def test_defaults():
    """An asset made with a name only has no project, type or tasks."""
    asset = make()
    assert asset.project is None
    assert asset.type is None
    assert asset.tasks == []


def test_is_an_asset_base():
    """Asset derives from AssetBase, a StatusedEntity, and has its own default list."""
    asset = make()
    assert isinstance(asset, AssetBase)
    assert isinstance(asset, StatusedEntity)
    assert not isinstance(asset, Shot)
    assert asset.status_list.target_entity_type == "Asset"
    assert asset.status is asset.status_list.statuses[0]


def test_name_is_required():
    """An asset without a name is refused."""
    with pytest.raises(ValidationTypeError) as error:
        Asset(code="OLUM")
    assert (
        str(error.value)
        == "Asset.name should be a non-empty string, not NoneType: None"
    )


# project <-> Project.assets -------------------------------------------------------
def test_project_in_constructor():
    """A project given to the constructor is kept and lists the asset."""
    project = Project(name="Prensesin Uykusu")
    asset = make(project=project)
    assert asset.project is project
    assert project.assets == [asset]


def test_project_set_later():
    """Setting the project later moves the asset between projects."""
    first, second = Project(name="First"), Project(name="Second")
    asset = make(project=first)
    asset.project = second
    assert asset.project is second
    assert first.assets == []
    assert second.assets == [asset]
    asset.project = None
    assert asset.project is None
    assert second.assets == []


def test_project_assets_append_sets_project():
    """Appending an asset to project.assets gives it the project."""
    project = Project(name="Prensesin Uykusu")
    asset = make()
    project.assets.append(asset)
    assert asset.project is project


BAD_PROJECTS = [
    ("Prensesin Uykusu", "str: 'Prensesin Uykusu'"),
    (1, "int: 1"),
    ("type", "ProjectType: <ProjectType 'Movie'>"),
]


def _project_value(value):
    return ProjectType(name="Movie") if value == "type" else value


@pytest.mark.parametrize(("value", "shown"), BAD_PROJECTS)
def test_bad_project_in_constructor(value, shown):
    """A project that is not a Project raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(project=_project_value(value))
    assert str(error.value) == (
        f"Asset.project should be a Project instance or None, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_PROJECTS)
def test_bad_project_set_later(value, shown):
    """Setting a project that is not a Project raises and keeps the old one."""
    project = Project(name="Prensesin Uykusu")
    asset = make(project=project)
    with pytest.raises(ValidationTypeError) as error:
        asset.project = _project_value(value)
    assert str(error.value) == (
        f"Asset.project should be a Project instance or None, not {shown}"
    )
    assert asset.project is project
    assert project.assets == [asset]


# type ---------------------------------------------------------------------------------
def test_type_in_constructor_and_later():
    """type takes an AssetType or None, in the constructor and later."""
    steps = [PipelineStep(name="Design"), PipelineStep(name="Model")]
    character = AssetType(name="Character", steps=steps)
    vehicle = AssetType(name="Vehicle")
    asset = make(type=character)
    assert asset.type is character
    assert asset.type.steps == steps
    asset.type = vehicle
    assert asset.type is vehicle
    asset.type = None
    assert asset.type is None


# tasks <-> Task.task_of ---------------------------------------------------------------
def test_tasks_in_constructor():
    """Tasks given to the constructor are done for the asset."""
    design, model = (
        Task(task_of=a_shot(), name="Design"),
        Task(task_of=a_shot(), name="Model"),
    )
    asset = make(tasks=[design, model])
    assert asset.tasks == [design, model]
    assert design.task_of is asset
    assert model.task_of is asset


def test_tasks_set_later():
    """Tasks made on their own are given to the asset later."""
    design, model = (
        Task(task_of=a_shot(), name="Design"),
        Task(task_of=a_shot(), name="Model"),
    )
    asset = make()
    asset.tasks = [design, model]
    assert design.task_of is asset
    asset.tasks = []
    assert design.task_of is None
    assert model.task_of is None


def test_task_moves_from_asset_to_shot():
    """A task belongs to one asset or shot: giving it to a shot takes it off the asset."""
    task = Task(task_of=a_shot(), name="Design")
    asset = make(tasks=[task])
    shot = Shot(name="Shot 1")
    shot.tasks.append(task)
    assert task.task_of is shot
    assert asset.tasks == []


def test_task_of_refuses_other_objects():
    """Task.task_of takes a Project, Sequence, Shot or Asset, or None only."""
    with pytest.raises(ValidationTypeError) as error:
        Task(name="Design", task_of=AssetType(name="Character"))
    assert str(error.value) == (
        "Task.task_of should be a Project, Sequence, Shot or Asset instance or "
        "None, not AssetType: <AssetType 'Character'>"
    )


# persistence ---------------------------------------------------------------------------
def test_round_trip(session):
    """A committed asset reads back with its project, type and tasks."""
    project = Project(name="Prensesin Uykusu")
    character = AssetType(name="Character")
    tasks = [
        Task(task_of=a_shot(), name="Design"),
        Task(task_of=a_shot(), name="Model"),
        Task(task_of=a_shot(), name="Rig"),
    ]
    asset = Asset(
        name="Olum", code="OLUM", project=project, type=character, tasks=tasks
    )
    session.commit()
    asset_id = asset.id
    session.expire_all()
    loaded = db.query(Asset).filter_by(id=asset_id).one()
    assert loaded.code == "OLUM"
    assert loaded.project is project
    assert loaded.type is character
    assert loaded.tasks == tasks
    assert project.assets == [loaded]
    assert all(task.task_of is loaded for task in tasks)


def test_found_as_an_asset_base(session):
    """Querying AssetBase returns assets as Asset objects, beside shots."""
    asset = make(name="Polymorphic Asset")
    shot = Shot(name="Polymorphic Shot", sequence=a_sequence())
    session.commit()
    session.expire_all()
    found = (
        db.query(AssetBase)
        .filter(AssetBase.name.in_(["Polymorphic Asset", "Polymorphic Shot"]))
        .order_by(AssetBase.name)
        .all()
    )
    assert found == [asset, shot]
    assert [type(x) for x in found] == [Asset, Shot]
