"""Valid values come back from the database exactly; loaded objects validate too."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_sequence, a_shot

from stalker import (
    ImageFormat,
    Project,
    Shot,
    Status,
    StatusList,
    Tag,
    Task,
    User,
    db,
)
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc


def reload(obj):
    """Load ``obj`` again in an empty identity map."""
    db.session.commit()
    cls, pk = type(obj), obj.id
    db.session.expunge_all()
    return db.session.get(cls, pk)


def test_datetimes_keep_microseconds_and_come_back_aware_utc(session):
    """An aware datetime in any zone reads back as the same instant, in UTC."""
    tokyo = dt.timezone(dt.timedelta(hours=9))
    due = dt.datetime(2031, 12, 31, 23, 59, 58, 123456, tzinfo=tokyo)
    project = reload(Project(name="Timed", due=due))
    assert project.due == due
    assert project.due.tzinfo is UTC
    assert project.date_created.tzinfo is UTC


def test_numbers_and_text_round_trip(session):
    """Floats, integers, unicode and the longest allowed name come back equal."""
    name = "Ölüm Çiçeği " + "x" * 243
    image_format = reload(
        ImageFormat(name=name, width=4096, height=1716, pixel_aspect=2.0000001)
    )
    assert image_format.name == name
    assert (image_format.width, image_format.height) == (4096, 1716)
    assert isinstance(image_format.width, int)
    assert image_format.pixel_aspect == 2.0000001
    project = reload(Project(name="Film", fps=23.976))
    assert project.fps == 23.976


def test_bid_round_trips_as_timedelta(session):
    """A bid keeps days, seconds and microseconds."""
    bid = dt.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=7)
    assert reload(Task(task_of=a_shot(), name="Rig", bid=bid)).bid == bid


def test_status_order_round_trips(session):
    """A StatusList keeps the order its statuses were given in."""
    statuses = [Status(name=f"S{i}", short_name=f"S{i}") for i in (3, 1, 2)]
    loaded = reload(StatusList(name="Custom", statuses=statuses))
    assert [s.short_name for s in loaded.statuses] == ["S3", "S1", "S2"]
    loaded.statuses.insert(0, Status(name="First", short_name="FIRST"))
    loaded = reload(loaded)
    assert [s.short_name for s in loaded.statuses] == ["FIRST", "S3", "S1", "S2"]


def test_loaded_object_validates_like_a_constructed_one(session):
    """Setting a bad value on a loaded object raises the same errors."""
    project = reload(Project(name="Loaded", fps=24))
    assert project.nice_name == "loaded"
    with pytest.raises(ValidationTypeError) as error:
        project.fps = "abc"
    assert str(error.value) == "Project.fps should be a positive number, not str: 'abc'"
    with pytest.raises(ValidationError):
        project.name = ""
    with pytest.raises(ValidationTypeError):
        project.tags.append("not a tag")
    project.tags.append(Tag(name="Hero"))
    project.status = 1
    project = reload(project)
    assert [t.name for t in project.tags] == ["Hero"]
    assert project.status is project.status_list.statuses[1]


def test_queries_use_the_validated_names(session):
    """Class attributes of the validated properties work in queries."""
    User(login_name="Query.Me", first_name="Q", email="q@s.com", password="x")
    Shot(name="Shot 010", code="SH010", sequence=a_sequence())
    db.session.commit()
    assert db.query(User).filter(User.login_name == "query.me").one().email == "q@s.com"
    assert db.query(User).filter(User.name == "query.me").count() == 1
    assert db.query(Shot).filter(Shot.code == "SH010").one().name == "Shot 010"


def test_pipeline_steps_keep_their_order(session):
    """An AssetType keeps its steps in the order given, not creation order."""
    from stalker import AssetType, PipelineStep

    rig, model, design = (PipelineStep(name=n) for n in ("Rig", "Model", "Design"))
    loaded = reload(AssetType(name="Character", steps=[design, model, rig]))
    assert [s.name for s in loaded.steps] == ["Design", "Model", "Rig"]
