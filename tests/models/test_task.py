"""Task: resources, bid, priority, pipeline step, task_of, dependencies and history."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_sequence, a_shot, make_user

from stalker import (
    Asset,
    Booking,
    PipelineStep,
    Project,
    Sequence,
    Shot,
    StatusedEntity,
    Task,
    Version,
    db,
)
from stalker.core.models.task import DEFAULT_PRIORITY, known_project
from stalker.exceptions import (
    CircularDependencyError,
    ValidationError,
    ValidationTypeError,
)

UTC = dt.timezone.utc


def make(**kwargs) -> Task:
    kwargs.setdefault("name", "Animation")
    return Task(**kwargs)


def chain(*names: str) -> list[Task]:
    """Tasks where each one depends on the one before it."""
    tasks: list[Task] = []
    for name in names:
        tasks.append(make(name=name, depends=tasks[-1:], task_of=a_shot()))
    return tasks


def cycle_message(task: Task) -> str:
    return (
        f"Task.depends should be a list of Tasks that do not depend on it, "
        f"not Task: {task!r}"
    )


# defaults ----------------------------------------------------------------------
def test_defaults():
    """A task made on its own has no resources, bid, step, parent or dependencies."""
    task = make()
    assert task.resources == []
    assert task.bid is None
    assert task.priority == 500
    assert task.priority == DEFAULT_PRIORITY
    assert task.pipeline_step is None
    assert task.depends == []
    assert task.task_of is None
    assert task.versions == []
    assert task.bookings == []
    assert list(task.upstream()) == []


def test_is_statused_with_the_default_status_list():
    """Without a status_list a task takes the Task list; nothing to wait on: RTS."""
    task = make()
    assert isinstance(task, StatusedEntity)
    assert task.status_list.target_entity_type == "Task"
    assert task.status.short_name == "RTS"


def test_tutorial_task():
    """The tutorial's Task(name, resources, bid, pipeline_step) keeps every argument."""
    ozgur = make_user()
    previz = PipelineStep(name="Previz", code="PRE")
    task = Task(
        task_of=a_shot(),
        name="Previz",
        resources=[ozgur],
        bid=dt.timedelta(days=1),
        pipeline_step=previz,
    )
    assert task.name == "Previz"
    assert task.resources == [ozgur]
    assert task.bid == dt.timedelta(days=1)
    assert task.pipeline_step is previz


# resources <-> User.tasks ---------------------------------------------------------
def test_resources_in_constructor():
    """Users given as resources list the task in User.tasks."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    task = make(resources=[ozgur, kutlu])
    assert task.resources == [ozgur, kutlu]
    assert ozgur.tasks == [task]
    assert kutlu.tasks == [task]


def test_resources_set_later():
    """Setting resources later adds the new users and drops the old ones."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    task = make(resources=[ozgur])
    task.resources = [kutlu]
    assert task.resources == [kutlu]
    assert ozgur.tasks == []
    assert kutlu.tasks == [task]
    task.resources = None
    assert task.resources == []
    assert kutlu.tasks == []


def test_user_tasks_adds_the_resource():
    """Appending a task to User.tasks makes the user one of its resources."""
    ozgur = make_user()
    task = make()
    ozgur.tasks.append(task)
    assert task.resources == [ozgur]


BAD_RESOURCES = [
    ("ozgur", "str: 'ozgur'"),
    (["ozgur"], "str: 'ozgur'"),
    ([1, 2], "int: 1"),
    ({"ozgur": 1}, "dict: {'ozgur': 1}"),
]


@pytest.mark.parametrize(("value", "shown"), BAD_RESOURCES)
def test_bad_resources_in_constructor(value, shown):
    """Resources that are not a list of User raise in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(resources=value)
    assert str(error.value) == (
        f"Task.resources should be a list of User instances, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_RESOURCES)
def test_bad_resources_set_later(value, shown):
    """Setting resources that are not a list of User raises and keeps the old ones."""
    ozgur = make_user()
    task = make(resources=[ozgur])
    with pytest.raises(ValidationTypeError) as error:
        task.resources = value
    assert str(error.value) == (
        f"Task.resources should be a list of User instances, not {shown}"
    )
    assert task.resources == [ozgur]


def test_bad_resource_appended_later():
    """Appending a non-User to resources, or a non-Task to User.tasks, raises."""
    task = make()
    with pytest.raises(ValidationTypeError) as error:
        task.resources.append("ozgur")
    assert str(error.value) == (
        "Task.resources should be a list of User instances, not str: 'ozgur'"
    )
    ozgur = make_user()
    with pytest.raises(ValidationTypeError) as error:
        ozgur.tasks.append("Animation")
    assert str(error.value) == (
        "User.tasks should be a list of Task instances, not str: 'Animation'"
    )
    assert task.resources == []
    assert ozgur.tasks == []


# bid --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        dt.timedelta(0),
        dt.timedelta(days=1),
        dt.timedelta(days=2, hours=3, minutes=30),
        None,
    ],
)
def test_bid_in_constructor(value):
    """A bid of zero or more, or None, is kept."""
    assert make(bid=value).bid == value


def test_bid_set_later():
    """Setting a bid later keeps it; None clears it."""
    task = make()
    task.bid = dt.timedelta(hours=5)
    assert task.bid == dt.timedelta(hours=5)
    task.bid = None
    assert task.bid is None


BAD_BIDS = [
    (dt.timedelta(days=-1), ValidationError, "timedelta: datetime.timedelta(days=-1)"),
    (
        dt.timedelta(seconds=-1),
        ValidationError,
        "timedelta: datetime.timedelta(days=-1, seconds=86399)",
    ),
    (5, ValidationTypeError, "int: 5"),
    (1.5, ValidationTypeError, "float: 1.5"),
    ("1d", ValidationTypeError, "str: '1d'"),
    (
        dt.datetime(2011, 1, 1),
        ValidationTypeError,
        "datetime: datetime.datetime(2011, 1, 1, 0, 0)",
    ),
]


@pytest.mark.parametrize(("value", "error_type", "shown"), BAD_BIDS)
def test_bad_bid_in_constructor(value, error_type, shown):
    """A negative bid or one that is not a timedelta raises in the constructor."""
    with pytest.raises(error_type) as error:
        make(bid=value)
    assert str(error.value) == (
        f"Task.bid should be a timedelta of zero or more or None, not {shown}"
    )
    assert isinstance(error.value, TypeError) == (error_type is ValidationTypeError)


@pytest.mark.parametrize(("value", "error_type", "shown"), BAD_BIDS)
def test_bad_bid_set_later(value, error_type, shown):
    """Setting a bad bid later raises and keeps the old bid."""
    task = make(bid=dt.timedelta(days=1))
    with pytest.raises(error_type) as error:
        task.bid = value
    assert str(error.value) == (
        f"Task.bid should be a timedelta of zero or more or None, not {shown}"
    )
    assert task.bid == dt.timedelta(days=1)


# priority ----------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0, 1, 500, 1000, 2**31 - 1])
def test_priority_in_constructor(value):
    """An integer priority of zero or more is kept."""
    task = make(priority=value)
    assert task.priority == value
    assert type(task.priority) is int


def test_priority_set_later():
    """Setting the priority later keeps it."""
    task = make()
    task.priority = 900
    assert task.priority == 900


BAD_PRIORITIES = [
    (-1, ValidationError, "int: -1"),
    (True, ValidationTypeError, "bool: True"),
    (False, ValidationTypeError, "bool: False"),
    (500.0, ValidationTypeError, "float: 500.0"),
    ("500", ValidationTypeError, "str: '500'"),
    (None, ValidationTypeError, "NoneType: None"),
]


@pytest.mark.parametrize(("value", "error_type", "shown"), BAD_PRIORITIES)
def test_bad_priority_in_constructor(value, error_type, shown):
    """A negative priority, a bool, a float or a string raises in the constructor."""
    with pytest.raises(error_type) as error:
        make(priority=value)
    assert str(error.value) == f"Task.priority should be an integer >= 0, not {shown}"
    assert isinstance(error.value, TypeError) == (error_type is ValidationTypeError)


@pytest.mark.parametrize(("value", "error_type", "shown"), BAD_PRIORITIES)
def test_bad_priority_set_later(value, error_type, shown):
    """Setting a bad priority later raises and keeps the old priority."""
    task = make(priority=700)
    with pytest.raises(error_type) as error:
        task.priority = value
    assert str(error.value) == f"Task.priority should be an integer >= 0, not {shown}"
    assert task.priority == 700


# pipeline_step ------------------------------------------------------------------------
def test_pipeline_step():
    """pipeline_step takes a PipelineStep or None, in the constructor and later."""
    anim, light = PipelineStep(name="Animation"), PipelineStep(name="Lighting")
    task = make(pipeline_step=anim)
    assert task.pipeline_step is anim
    task.pipeline_step = light
    assert task.pipeline_step is light
    task.pipeline_step = None
    assert task.pipeline_step is None


@pytest.mark.parametrize(("value", "shown"), [("ANIM", "str: 'ANIM'"), (3, "int: 3")])
def test_bad_pipeline_step(value, shown):
    """A pipeline_step that is not a PipelineStep raises, in the constructor and later."""
    expected = (
        f"Task.pipeline_step should be a PipelineStep instance or None, not {shown}"
    )
    with pytest.raises(ValidationTypeError) as error:
        make(pipeline_step=value)
    assert str(error.value) == expected
    anim = PipelineStep(name="Animation")
    task = make(pipeline_step=anim)
    with pytest.raises(ValidationTypeError) as error:
        task.pipeline_step = value
    assert str(error.value) == expected
    assert task.pipeline_step is anim


# task_of ---------------------------------------------------------------------------------
def test_task_of_in_constructor_and_later():
    """task_of takes a Shot or an Asset, and the task shows in its tasks."""
    shot, asset = Shot(name="Shot 1"), Asset(name="Olum")
    task = make(task_of=shot)
    assert task.task_of is shot
    assert shot.tasks == [task]
    task.task_of = asset
    assert asset.tasks == [task]
    assert shot.tasks == []
    task.task_of = None
    assert asset.tasks == []


@pytest.mark.parametrize("kind", ["project", "sequence"])
def test_task_of_a_project_or_a_sequence(kind):
    """A task may be done for a whole project or sequence, listed in its tasks."""
    sequence = a_sequence()
    owner = sequence if kind == "sequence" else sequence.project
    task = make(task_of=owner)
    assert task.task_of is owner
    assert owner.tasks == [task]
    assert known_project(task) is sequence.project
    shot = Shot(name="Shot 1", sequence=sequence)
    task.task_of = shot
    assert (owner.tasks, shot.tasks) == ([], [task])
    owner.tasks = [task]
    assert task.task_of is owner
    assert shot.tasks == []


def test_a_project_is_its_own_project():
    """What a task is done for names its project; a project names itself."""
    project = a_sequence().project
    assert project.project is project


def test_tasks_given_to_a_project_or_sequence_in_the_constructor():
    """Project(tasks=[...]) and Sequence(tasks=[...]) as Shot(tasks=[...])."""
    edit, pitch = make(name="Edit"), make(name="Pitch")
    sequence = Sequence(name="SEQ9", tasks=[edit])
    project = Project(name="Pitched", tasks=[pitch])
    assert (edit.task_of, pitch.task_of) == (sequence, project)


def test_children_of_a_sequence_task_take_its_sequence():
    """A child's task_of is its parent's, also a sequence; moving the parent moves it."""
    sequence = a_sequence()
    parent = make(name="Edit", task_of=sequence)
    child = make(name="Cut", parent=parent)
    assert child.task_of is sequence
    parent.task_of = sequence.project
    assert child.task_of is sequence.project
    with pytest.raises(ValidationError) as error:
        child.task_of = sequence
    assert str(error.value).startswith("Task.task_of should be the task_of of its")


def test_task_given_to_shot_later():
    """A task made on its own is given to a shot later: shot.tasks = [t1, t2]."""
    t1, t2 = make(name="Previz"), make(name="Match Move")
    shot = Shot(name="Shot 1", code="SH001")
    shot.tasks = [t1, t2]
    assert t1.task_of is shot
    assert t2.task_of is shot


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("SH001", "str: 'SH001'"),
        ("task", "Task: <Task 'Other'>"),
        (1, "int: 1"),
    ],
)
def test_bad_task_of(value, shown):
    """A task_of that is no Project, Sequence, Shot or Asset raises, now and later."""
    if value == "task":
        value = make(name="Other")
    expected = (
        "Task.task_of should be a Project, Sequence, Shot or Asset instance "
        f"or None, not {shown}"
    )
    with pytest.raises(ValidationTypeError) as error:
        make(task_of=value)
    assert str(error.value) == (expected)
    shot = Shot(name="Shot 1")
    task = make(task_of=shot)
    with pytest.raises(ValidationTypeError) as error:
        task.task_of = value
    assert str(error.value) == (expected)
    assert task.task_of is shot


# depends ---------------------------------------------------------------------------------
def test_depends_in_constructor():
    """Tasks given as depends are kept in order."""
    previz, matchmove = make(name="Previz"), make(name="Match Move")
    anim = make(name="Animation", depends=[previz, matchmove])
    assert anim.depends == [previz, matchmove]


def test_depends_set_later_as_in_the_tutorial():
    """task3.depends = [task1, task2] after the tasks are made."""
    task1, task2, task3 = (
        make(name="Previz"),
        make(name="Match Move"),
        make(name="Anim"),
    )
    task3.depends = [task1, task2]
    assert task3.depends == [task1, task2]
    task3.depends = []
    assert task3.depends == []
    task3.depends = None
    assert task3.depends == []


def test_depends_appended_later():
    """Appending a task to depends keeps it."""
    previz, anim = make(name="Previz"), make(name="Animation")
    anim.depends.append(previz)
    assert anim.depends == [previz]


BAD_DEPENDS = [
    ("Previz", "str: 'Previz'"),
    (["Previz"], "str: 'Previz'"),
    ([None], "NoneType: None"),
    ("shot", "Shot: <Shot 'Shot 1'>"),
]


def _depends_value(value):
    return [Shot(name="Shot 1")] if value == "shot" else value


@pytest.mark.parametrize(("value", "shown"), BAD_DEPENDS)
def test_bad_depends_in_constructor(value, shown):
    """depends that are not a list of Task raise in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(depends=_depends_value(value))
    assert (
        str(error.value)
        == f"Task.depends should be a list of Task instances, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_DEPENDS)
def test_bad_depends_set_later(value, shown):
    """Setting depends that are not a list of Task raises and keeps the old ones."""
    previz = make(name="Previz")
    task = make(depends=[previz])
    with pytest.raises(ValidationTypeError) as error:
        task.depends = _depends_value(value)
    assert (
        str(error.value)
        == f"Task.depends should be a list of Task instances, not {shown}"
    )
    assert task.depends == [previz]


@pytest.mark.parametrize(
    ("value", "shown"), [("Previz", "str: 'Previz'"), (4, "int: 4")]
)
def test_bad_dependency_appended_later(value, shown):
    """Appending a non-Task to depends raises our error."""
    task = make()
    with pytest.raises(ValidationTypeError) as error:
        task.depends.append(value)
    assert (
        str(error.value)
        == f"Task.depends should be a list of Task instances, not {shown}"
    )
    assert task.depends == []


def test_circular_dependency_error_is_a_validation_error():
    """CircularDependencyError is a ValidationError (so a ValueError), not a TypeError."""
    assert issubclass(CircularDependencyError, ValidationError)
    assert issubclass(CircularDependencyError, ValueError)
    assert not issubclass(CircularDependencyError, TypeError)


def test_depending_on_itself_is_refused_when_set():
    """task.depends = [task] is refused at once and the old list is kept."""
    previz = make(name="Previz")
    task = make(depends=[previz])
    with pytest.raises(CircularDependencyError) as error:
        task.depends = [previz, task]
    assert str(error.value) == cycle_message(task)
    assert task.depends == [previz]


def test_depending_on_itself_is_refused_when_appended():
    """task.depends.append(task) is refused at once."""
    task = make()
    with pytest.raises(CircularDependencyError) as error:
        task.depends.append(task)
    assert str(error.value) == cycle_message(task)
    assert task.depends == []


def test_two_task_cycle_is_refused():
    """first.depends = [second] is refused when second depends on first."""
    first = make(name="First")
    second = make(name="Second", depends=[first])
    with pytest.raises(CircularDependencyError) as error:
        first.depends = [second]
    assert str(error.value) == cycle_message(second)
    assert first.depends == []


@pytest.mark.parametrize("length", [2, 3, 5])
def test_cycle_through_others_is_refused_when_set(length):
    """Closing a chain a <- b <- ... <- z by a.depends = [z] is refused at once."""
    tasks = chain(*[f"Task {i}" for i in range(length)])
    first, last = tasks[0], tasks[-1]
    with pytest.raises(CircularDependencyError) as error:
        first.depends = [last]
    assert str(error.value) == cycle_message(last)
    assert first.depends == []


@pytest.mark.parametrize("length", [2, 3, 5])
def test_cycle_through_others_is_refused_when_appended(length):
    """Closing a chain by a.depends.append(z) is refused at once."""
    tasks = chain(*[f"Task {i}" for i in range(length)])
    first, last = tasks[0], tasks[-1]
    with pytest.raises(CircularDependencyError) as error:
        first.depends.append(last)
    assert str(error.value) == cycle_message(last)
    assert first.depends == []


def test_cycle_is_refused_when_extended_or_inserted():
    """extend and insert check each new dependency like append."""
    a, b = chain("A", "B")
    other = make(name="Other")
    with pytest.raises(CircularDependencyError):
        a.depends.extend([other, b])
    assert b not in a.depends
    with pytest.raises(CircularDependencyError):
        a.depends.insert(0, b)
    assert b not in a.depends


def test_diamond_is_not_a_cycle():
    """Two paths to one task (a diamond) are allowed."""
    base = make(name="Base")
    left = make(name="Left", depends=[base])
    right = make(name="Right", depends=[base])
    top = make(name="Top", depends=[left, right])
    top.depends.append(base)
    assert top.depends == [left, right, base]


def test_upstream_yields_every_task_once():
    """upstream() yields all tasks this one depends on, directly or not, once each."""
    base = make(name="Base")
    left = make(name="Left", depends=[base])
    right = make(name="Right", depends=[base])
    top = make(name="Top", depends=[left, right])
    upstream = list(top.upstream())
    assert len(upstream) == 3
    assert set(upstream) == {base, left, right}
    assert list(base.upstream()) == []
    assert list(left.upstream()) == [base]


def test_upstream_follows_later_changes():
    """upstream() reflects dependencies added after construction."""
    a, b, c = make(name="A"), make(name="B"), make(name="C")
    c.depends.append(b)
    b.depends = [a]
    assert set(c.upstream()) == {a, b}


# versions and bookings -----------------------------------------------------------------
def test_versions_are_read_only():
    """versions lists the task's versions and cannot be replaced."""
    task = make()
    version = Version(task=task)
    assert task.versions == [version]
    with pytest.raises(AttributeError):
        task.versions = []
    assert task.versions == [version]


def test_bookings_are_read_only():
    """bookings lists the time booked on the task and cannot be replaced."""
    ozgur = make_user()
    task = make(resources=[ozgur])
    booking = Booking(
        task=task,
        resource=ozgur,
        start=dt.datetime(2011, 1, 13, 9, tzinfo=UTC),
        end=dt.datetime(2011, 1, 13, 18, tzinfo=UTC),
    )
    assert task.bookings == [booking]
    with pytest.raises(AttributeError):
        task.bookings = []
    assert task.bookings == [booking]


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        (
            "versions",
            "Task.versions should be a list of Version instances, not str: 'v1'",
        ),
        (
            "bookings",
            "Task.bookings should be a list of Booking instances, not str: 'v1'",
        ),
    ],
)
def test_bad_element_appended_to_history(attr, expected):
    """Appending a wrong object to versions or bookings raises our error."""
    task = make()
    with pytest.raises(ValidationTypeError) as error:
        getattr(task, attr).append("v1")
    assert str(error.value) == expected
    assert getattr(task, attr) == []


# persistence -------------------------------------------------------------------------------
def test_round_trip(session):
    """A committed task reads back with every attribute equal."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    anim = PipelineStep(name="Animation", code="ANIM")
    shot = Shot(name="Shot 1", code="SH001", sequence=a_sequence())
    previz = make(name="Previz", task_of=shot)
    matchmove = make(name="Match Move", task_of=shot)
    bid = dt.timedelta(days=2, hours=3, minutes=30)
    task = make(
        resources=[ozgur, kutlu],
        bid=bid,
        priority=750,
        pipeline_step=anim,
        depends=[previz, matchmove],
        task_of=shot,
    )
    session.commit()
    task_id = task.id
    session.expire_all()
    loaded = db.query(Task).filter_by(id=task_id).one()
    assert loaded.bid == bid
    assert isinstance(loaded.bid, dt.timedelta)
    assert loaded.priority == 750
    assert loaded.pipeline_step is anim
    assert sorted(u.login_name for u in loaded.resources) == ["kutlu", "ozgur"]
    assert ozgur.tasks == [loaded]
    assert loaded.depends == [previz, matchmove]
    assert loaded.task_of is shot
    assert shot.tasks == [previz, matchmove, loaded]
    assert loaded.status_list.target_entity_type == "Task"


def test_round_trip_of_defaults(session):
    """A task with default values reads back with them."""
    task = make(task_of=a_shot())
    session.commit()
    session.expire_all()
    assert task.bid is None
    assert task.priority == 500
    assert task.depends == []


def test_zero_bid_round_trip(session):
    """A zero bid is stored as zero, not as None."""
    task = make(bid=dt.timedelta(0), task_of=a_shot())
    session.commit()
    session.expire_all()
    assert task.bid == dt.timedelta(0)


def test_cycle_is_refused_after_reload(session):
    """Dependencies loaded from the database still refuse a cycle at once."""
    a, b, c = chain("A", "B", "C")
    session.commit()
    session.expire_all()
    with pytest.raises(CircularDependencyError) as error:
        a.depends.append(c)
    assert str(error.value) == cycle_message(c)
    with pytest.raises(CircularDependencyError):
        a.depends = [c]
    session.commit()
    session.expire_all()
    assert a.depends == []
    assert c.depends == [b]


def test_tutorial_dependencies_persist(session):
    """The tutorial's shot tasks and dependencies persist through one commit."""
    ozgur = make_user()
    tasks = [
        Task(name=name, resources=[ozgur], bid=dt.timedelta(days=days))
        for name, days in [
            ("Previz", 1),
            ("Match Move", 2),
            ("Animation", 2),
            ("Lighting", 2),
            ("Compositing", 2),
        ]
    ]
    task1, task2, task3, task4, task5 = tasks
    sh001 = Shot(name="Shot 1", code="SH001", sequence=a_sequence())
    sh001.tasks = tasks
    task3.depends = [task1, task2]
    task5.depends = [task3, task4]
    session.commit()
    session.expire_all()
    assert [t.name for t in sh001.tasks] == [
        "Previz",
        "Match Move",
        "Animation",
        "Lighting",
        "Compositing",
    ]
    assert task3.depends == [task1, task2]
    assert task5.depends == [task3, task4]
    assert set(task5.upstream()) == {task1, task2, task3, task4}
    assert len(ozgur.tasks) == 5


def test_failed_construction_leaves_no_trace(session):
    """A task refused half-way is neither in its resource's tasks nor in the database."""
    ozgur = make_user()
    session.commit()
    with pytest.raises(ValidationTypeError):
        make(name="Half Built", resources=[ozgur], depends=["Previz"])
    assert ozgur.tasks == []
    session.commit()
    assert db.query(Task).filter_by(name="Half Built").count() == 0
