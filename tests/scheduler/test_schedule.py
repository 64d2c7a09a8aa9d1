"""schedule(): plans the projects' tasks and stores the plan in one transaction."""

from __future__ import annotations

import datetime as dt
import gc
import itertools

import pytest
from factories import a_shot
from sqlalchemy import event, insert, select

from stalker import (
    Asset,
    Booking,
    Project,
    Sequence,
    Shot,
    Status,
    Task,
    TaskDependency,
    User,
    Vacation,
    config,
    db,
)
from stalker.db import meta, tables
from stalker.exceptions import ValidationTypeError
from stalker.scheduler import Plan, WorkingHours, runner, schedule
from stalker.scheduler.gantt import render
from stalker.scheduler.preload import preload

UTC = dt.timezone.utc
NOW = dt.datetime(2030, 1, 7, 8, tzinfo=UTC)  # a Monday
H = dt.timedelta(hours=1)
_logins = itertools.count()


def at(day: int, hour: float = 0) -> dt.datetime:
    return NOW.replace(hour=0) + dt.timedelta(days=day, hours=hour)


def person(name: str = "ann") -> User:
    login = f"{name}{next(_logins)}"
    return User(login_name=login, first_name=name, email=f"{login}@s.com", password="x")


@pytest.fixture
def project() -> Project:
    return Project(name="Film")


@pytest.fixture
def shot(project) -> Shot:
    return Shot(
        name="SH010",
        code="SH010",
        sequence=Sequence(name="SEQ", code="SEQ", project=project),
    )


def test_tasks_get_computed_values(shot, project):
    """A chain of two tasks is planned and stored on the tasks."""
    ann, bob = person("ann"), person("bob")
    layout = Task(name="Layout", task_of=shot, resources=[ann], bid=4 * H)
    anim = Task(
        name="Anim",
        task_of=shot,
        resources=[bob],
        bid=dt.timedelta(days=1),
        depends=[layout],
    )
    plan = schedule(project, now=NOW)
    assert isinstance(plan, Plan)
    assert (layout.computed_start, layout.computed_end) == (at(0, 9), at(0, 13))
    assert (anim.computed_start, anim.computed_end) == (at(0, 13), at(1, 13))
    assert layout.computed_resources == [ann]
    assert anim.computed_resources == [bob]
    assert plan.end == at(1, 13)
    assert plan.critical_path == [layout, anim]
    assert plan.tasks == [layout, anim]
    assert plan.allocations == [
        (layout, ann, at(0, 9), at(0, 13)),
        (anim, bob, at(0, 13), at(0, 18)),
        (anim, bob, at(1, 9), at(1, 13)),
    ]
    assert plan.load == {ann: {(2030, 2): 4.0}, bob: {(2030, 2): 9.0}}
    assert plan.unscheduled == {}
    assert repr(plan) == "<Plan 2 tasks, 0 unscheduled, end 2030-01-08 13:00 UTC>"
    db.session.expire_all()
    assert anim.computed_end == at(1, 13)  # committed, read back


def test_bookings_are_done_work_and_busy_time(shot, project):
    """Booked hours shorten the work left and keep their owner busy."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=6 * H)
    other = Task(task_of=a_shot(), name="Other", resources=[ann], bid=H)
    Booking(task=comp, resource=ann, start=at(-3, 9), end=at(-3, 11))
    Booking(task=other, resource=ann, start=at(0, 9), end=at(0, 12))
    plan = schedule(project, now=NOW)
    assert plan.allocations == [(comp, ann, at(0, 12), at(0, 16))]
    assert (comp.computed_start, comp.computed_end) == (at(-3, 9), at(0, 16))


def test_fully_booked_task_spans_its_bookings(shot, project):
    """A task whose bid is all booked is planned as its bookings, with no new work."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=2 * H)
    Booking(task=comp, resource=ann, start=at(-3, 9), end=at(-3, 11))
    plan = schedule(project, now=NOW)
    assert plan.allocations == []
    assert (comp.computed_start, comp.computed_end) == (at(-3, 9), at(-3, 11))


def test_vacations_holidays_and_weekends_are_skipped(shot, project):
    """Work stops for the user's vacation and for studio holidays."""
    ann = person()
    comp = Task(
        name="Comp",
        task_of=shot,
        resources=[ann],
        bid=dt.timedelta(days=2),
    )
    Vacation(ann, at(1), at(3))
    schedule(project, now=NOW, holidays=[dt.date(2030, 1, 10)])
    assert (comp.computed_start, comp.computed_end) == (at(0, 9), at(4, 18))


def test_project_start_and_now_bound_the_plan(shot, project):
    """Nothing is planned before now, nor before the project starts."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=H)
    schedule(
        project,
        now=at(
            0,
            10,
        )
        + dt.timedelta(minutes=30),
    )
    assert comp.computed_start == at(0, 10.5)
    project.start = at(14)
    schedule(project, now=NOW)
    assert comp.computed_start == at(14, 9)


def test_no_horizon(shot, project):
    """Plans past 2035 (where TaskJuggler stops) and past 2100 work."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=H)
    project.start = dt.datetime(2101, 3, 1, tzinfo=UTC)  # a Tuesday
    schedule(project, now=NOW)
    assert comp.computed_start == dt.datetime(2101, 3, 1, 9, tzinfo=UTC)


def test_alternative_resource_that_finishes_first(shot, project):
    """A busy resource is replaced by the free alternative."""
    ann, bob = person("ann"), person("bob")
    comp = Task(
        name="Comp",
        task_of=shot,
        resources=[ann],
        alternative_resources=[bob, ann],
        bid=4 * H,
    )
    Vacation(ann, at(0), at(7))
    schedule(project, now=NOW)
    assert comp.computed_resources == [bob]
    assert comp.computed_end == at(0, 13)


def test_dependency_kinds_and_lags(shot, project):
    """SS and FF dependencies with lags are honoured."""
    ann, bob, cem = person("ann"), person("bob"), person("cem")
    first = Task(name="First", task_of=shot, resources=[ann], bid=8 * H)
    second = Task(name="Second", task_of=shot, resources=[bob], bid=2 * H)
    third = Task(name="Third", task_of=shot, resources=[cem], bid=H)
    TaskDependency(second, first, kind="SS", lag=3 * H)
    TaskDependency(third, first, kind="FF", lag=2 * H)
    schedule(project, now=NOW)
    assert second.computed_start == at(0, 12)
    # Third may not end before 19:00 (17:00 plus 2 hours of calendar time)
    assert third.computed_end == at(1, 10)


def test_unplannable_tasks_are_reported_and_the_rest_is_planned(shot, project):
    """No resource or no bid: reported with the reason; the others are planned."""
    ann = person()
    fine = Task(name="Fine", task_of=shot, resources=[ann], bid=H)
    nobody = Task(name="Nobody", task_of=shot, bid=H)
    unbid = Task(name="Unbid", task_of=shot, resources=[ann])
    after = Task(
        name="After",
        task_of=shot,
        resources=[ann],
        bid=H,
        depends=[nobody],
    )
    nobody.computed_start = at(3)
    plan = schedule(project, now=NOW)
    assert plan.unscheduled == {
        nobody: "no resource",
        unbid: "no bid",
        after: "waits on unplanned 'Nobody'",
    }
    assert fine.computed_end == at(0, 10)
    assert nobody.computed_start is None
    assert after.computed_resources == []


def test_closed_tasks_and_other_projects_are_left_alone(shot, project):
    """Completed tasks are not planned; tasks of other projects keep their values."""
    ann = person()
    completed = Task.default_status_list()["CMPL"]
    done = Task(name="Done", task_of=shot, resources=[ann], bid=H, status=completed)
    later = Task(
        name="Later",
        task_of=shot,
        resources=[ann],
        bid=H,
        depends=[done],
    )
    other_project = Project(name="Other")
    asset = Asset(name="Tree", code="Tree", project=other_project)
    elsewhere = Task(name="Model", task_of=asset, resources=[ann], bid=H)
    elsewhere.computed_start = elsewhere.computed_end = at(3, 10)
    linked = Task(name="Linked", task_of=shot, resources=[ann], bid=H)
    finisher = Task(name="Finisher", task_of=shot, resources=[person("bob")], bid=H)
    store_dependencies(
        (linked, elsewhere, "FS", H), (finisher, elsewhere, "FF", dt.timedelta(0))
    )
    plan = schedule(project, now=NOW)
    assert done not in plan.tasks
    assert done.computed_start is None
    assert later.computed_start == at(0, 9)
    assert linked.computed_start == at(3, 11)
    assert finisher.computed_end == at(3, 10)
    assert elsewhere.computed_start == at(3, 10)
    assert isinstance(done.status, Status)


def test_a_held_task_keeps_its_place(shot, project):
    """Work on hold is not planned again; the task waiting on it waits for its end."""
    ann = person()
    held = Task(name="Held", task_of=shot, resources=[ann], bid=H)
    held.computed_start, held.computed_end = at(2, 9), at(2, 10)
    waiting = Task(name="Waiting", task_of=shot, resources=[ann], bid=H, depends=[held])
    free = Task(name="Free", task_of=shot, resources=[ann], bid=H)
    held.status = held.status_list["WIP"]
    held.hold()
    plan = schedule(project, now=NOW)
    assert held not in plan.tasks
    assert (held.computed_start, held.computed_end) == (at(2, 9), at(2, 10))
    assert waiting.computed_start == at(2, 10)
    assert free.computed_start == at(0, 9)


def test_several_projects_share_their_people(project, shot):
    """Projects scheduled together never give one person two tasks at once."""
    ann = person()
    other = Project(name="Other")
    tree = Asset(name="Tree", code="Tree", project=other)
    a = Task(name="A", task_of=shot, resources=[ann], bid=4 * H)
    b = Task(name="B", task_of=tree, resources=[ann], bid=4 * H)
    plan = schedule([project, other], now=NOW)
    first, second = sorted([a, b], key=lambda task: task.id)  # ties go by id
    assert (first.computed_start, first.computed_end) == (at(0, 9), at(0, 13))
    assert (second.computed_start, second.computed_end) == (at(0, 13), at(0, 17))
    assert plan.load == {ann: {(2030, 2): 8.0}}


def test_studio_time_zone(shot, project):
    """Working hours are read in the studio's time zone."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=H)
    schedule(
        project,
        now=at(0, -1),  # 08:00 in Tokyo
        working_hours=WorkingHours(timezone="Asia/Tokyo"),
    )
    assert comp.computed_start == at(0, 0)  # 09:00 in Tokyo


def test_same_input_same_plan(shot, project):
    """Scheduling twice gives the same allocations."""
    people = [person(n) for n in ("ann", "bob")]
    for i in range(6):
        Task(
            name=f"T{i}",
            task_of=shot,
            resources=[people[i % 2]],
            alternative_resources=people,
            bid=(i + 1) * H,
            priority=500 + i % 3,
        )
    first = schedule(project, now=NOW).allocations
    second = schedule(project, now=NOW).allocations
    assert first == second


def test_progress_is_reported(shot, project):
    """progress(done, total) is called up to (total, total)."""
    ann = person()
    for i in range(3):
        Task(name=f"T{i}", task_of=shot, resources=[ann], bid=H)
    calls = []
    schedule(project, now=NOW, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_interrupted_run_changes_nothing(shot, project):
    """An exception raised while planning leaves every task as it was."""
    ann = person()
    tasks = [Task(name=f"T{i}", task_of=shot, resources=[ann], bid=H) for i in range(3)]
    for task in tasks:
        task.computed_start = at(9)
    db.session.commit()

    def interrupt(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        schedule(project, now=NOW, progress=interrupt)
    assert [task.computed_start for task in tasks] == [at(9)] * 3


def test_the_collector_rests_while_a_run_reads_plans_and_stores(
    shot, project, monkeypatch
):
    """No cyclic collection walks the session mid-run; it is back on after any run."""
    Task(name="T", task_of=shot, resources=[person()], bid=H)
    enabled = []
    for name in ("load", "solve", "load_objects", "store"):
        part = getattr(runner, name)
        monkeypatch.setattr(
            runner,
            name,
            lambda *a, part=part: enabled.append(gc.isenabled()) or part(*a),
        )

    def interrupt(done, total):
        raise KeyboardInterrupt

    schedule(project, now=NOW)
    assert (enabled, gc.isenabled()) == ([False] * 4, True)
    with pytest.raises(KeyboardInterrupt):
        schedule(project, now=NOW, progress=interrupt)
    assert gc.isenabled()


def test_failed_write_changes_nothing(shot, project):
    """When storing the plan fails halfway, every task keeps its old values."""
    ann, bob = person("ann"), person("bob")
    tasks = [Task(name=f"T{i}", task_of=shot, resources=[ann], bid=H) for i in range(3)]
    for task in tasks:
        task.computed_start = at(9)
        task.computed_resources = [bob]
    db.session.commit()

    def fail(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO task_computed_resources"):
            raise RuntimeError("disk full")

    event.listen(meta.engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(RuntimeError):
            schedule(project, now=NOW)
    finally:
        event.remove(meta.engine, "before_cursor_execute", fail)
    assert [task.computed_start for task in tasks] == [at(9)] * 3
    assert [task.computed_resources for task in tasks] == [[bob]] * 3


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"projects": 3},
            "schedule.projects should be a Project or an iterable of Projects, not int: 3",
        ),
        (
            {"projects": "Film"},
            "schedule.projects should be a Project or an iterable of Projects, not str: 'Film'",
        ),
        (
            {"projects": [None]},
            "schedule.projects should be a Project or an iterable of Projects, not NoneType: None",
        ),
        (
            {"now": "today"},
            "schedule.now should be a datetime or None, not str: 'today'",
        ),
        (
            {"working_hours": {}},
            "schedule.working_hours should be a WorkingHours instance or None, not dict: {}",
        ),
        (
            {"holidays": 5},
            "schedule.holidays should be an iterable of dates, not int: 5",
        ),
        (
            {"holidays": [NOW]},
            f"schedule.holidays should be an iterable of dates, not datetime: {NOW!r}",
        ),
        ({"progress": 1}, "schedule.progress should be a callable or None, not int: 1"),
    ],
)
def test_bad_arguments_are_refused(project, kwargs, expected):
    """Wrong arguments raise at once with the whole message."""
    arguments = {"projects": project, **kwargs}
    with pytest.raises(ValidationTypeError) as raised:
        schedule(**arguments)
    assert str(raised.value) == expected


def test_naive_now_is_utc(shot, project):
    """A naive now is taken as UTC."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=H)
    schedule([project], now=dt.datetime(2030, 1, 7, 10))
    assert comp.computed_start == at(0, 10)


def test_naive_now_is_the_studios_time(shot, project):
    """A naive now is a wall-clock time in the working hours' (studio's) zone."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=H)
    hours = WorkingHours(timezone="Europe/Istanbul")  # UTC+3
    schedule([project], now=dt.datetime(2030, 1, 7, 10), working_hours=hours)
    assert comp.computed_start == at(0, 7)


def test_empty_project(project):
    """A project without tasks gives an empty plan."""
    plan = schedule(project, now=NOW)
    assert (plan.tasks, plan.allocations, plan.end, plan.critical_path) == (
        [],
        [],
        None,
        [],
    )
    assert plan.load == {}
    assert repr(plan) == "<Plan 0 tasks, 0 unscheduled, end none UTC>"


def test_plan_repr_is_in_the_studios_time(shot, project):
    """The plan's repr gives its end in the working hours' zone, as the chart does."""
    Task(name="Comp", task_of=shot, resources=[person()], bid=H)
    hours = WorkingHours(timezone="Europe/Istanbul")
    plan = schedule(project, now=NOW, working_hours=hours)
    assert repr(plan) == (
        "<Plan 1 tasks, 0 unscheduled, end 2030-01-07 12:00 Europe/Istanbul>"
    )


@pytest.fixture
def statements():
    """The SQL statements run on the engine while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, *rest):
        seen.append(statement)

    event.listen(meta.engine, "before_cursor_execute", record)
    yield seen
    event.remove(meta.engine, "before_cursor_execute", record)


def store_dependencies(*edges: tuple[Task, Task, str, dt.timedelta]) -> None:
    """Edges across projects, as a database from before they were refused holds.

    ``schedule()`` still reads such an edge: the other task is a fixed bound.
    """
    db.session.flush()
    db.session.execute(
        insert(tables.task_dependencies),
        [
            {
                "task_id": task.id,
                "depends_on_id": depends_on.id,
                "kind": kind,
                "lag_seconds": int(lag.total_seconds()),
            }
            for task, depends_on, kind, lag in edges
        ],
    )
    for task, *_ in edges:
        db.session.expire(task, ["_dependencies"])


def production(shots: int) -> int:
    """A project of ``shots`` chained shot tasks and an asset, as fresh objects."""
    number = next(_logins)
    people = [person(name) for name in ("ann", "bob", "cid")]
    project = Project(name=f"Film {number}", start=NOW)
    outside = Task(
        name="Elsewhere",
        task_of=Asset(name="Far", code="Far", project=Project(name=f"Far {number}")),
        resources=people[:1],
        bid=H,
    )
    outside.computed_start = outside.computed_end = NOW + 30 * H
    sequence = Sequence(name="SEQ", code="SEQ", project=project)
    across = []
    for index in range(shots):
        shot = Shot(name=f"SH{index}", code=f"SH{index}", sequence=sequence)
        layout = Task(
            name="Layout",
            task_of=shot,
            resources=people[:1],
            alternative_resources=people[1:],
            bid=4 * H,
        )
        anim = Task(name="Anim", task_of=shot, resources=people[1:], bid=8 * H)
        TaskDependency(anim, layout, kind="SS", lag=H)
        across.append((anim, outside, "FF", dt.timedelta(0)))
        Booking(
            task=layout,
            resource=people[0],
            start=NOW - (index + 1) * H,
            end=NOW - index * H,
        )
    Task(
        name="Model",
        task_of=Asset(name="Tree", code="Tree", project=project),
        resources=people[2:],
        bid=2 * H,
    )
    Vacation(user=people[1], start=NOW + 48 * H, end=NOW + 72 * H)
    store_dependencies(*across)
    db.session.commit()
    found = project.id
    db.session.expunge_all()
    return found


def counted(statements: list[str], shots: int) -> tuple[int, int, str]:
    """Statements of schedule() and of the chart for a fresh production."""
    project = db.session.get(Project, production(shots))
    statements.clear()
    plan = schedule(project, now=NOW)
    planned = len(statements)
    statements.clear()
    page = render(plan)
    return planned, len(statements), page


def test_schedule_reads_and_writes_in_a_fixed_number_of_statements(statements):
    """Five times the tasks, the same statements for the plan and for the chart."""
    small_plan, small_chart, _ = counted(statements, 2)
    large_plan, large_chart, page = counted(statements, 10)
    assert (small_plan, small_chart) == (large_plan, large_chart)
    assert small_plan < 20
    assert "SH9" in page and "SEQ" in page and "Tree" in page


def test_reading_the_plan_asks_the_database_nothing(statements):
    """Allocations, end, load, critical path and computed values are in memory."""
    project = db.session.get(Project, production(3))
    plan = schedule(project, now=NOW)
    statements.clear()
    seen = (
        plan.end,
        plan.load,
        [(task.name, user.name, start) for task, user, start, _ in plan.allocations],
        [task.computed_resources for task in plan.critical_path],
    )
    assert statements == []
    assert seen[0] == max(task.computed_end for task in plan.tasks)
    assert len(seen[2]) >= len(plan.tasks) == 7


def test_preload_gives_owners_and_dependencies(statements):
    """After preload, a task's owner, sequence and dependencies are read from memory."""
    project = db.session.get(Project, production(2))
    plan = schedule(project, now=NOW)
    anim = next(task for task in plan.tasks if task.name == "Anim")
    preload(plan.tasks)
    statements.clear()
    kinds = sorted(dependency.kind for dependency in anim.dependencies)
    assert (kinds, anim.task_of.sequence.name, statements) == (["FF", "SS"], "SEQ", [])


def test_preload_gives_project_and_sequence_owners(statements):
    """The owners of a project's and a sequence's tasks come with the preload."""
    people = [
        User(login_name=f"p{n}", first_name="P", email=f"p{n}@s.com", password="x")
        for n in range(2)
    ]
    project = Project(name="Owners")
    sequence = Sequence(name="SEQ", code="SEQ", project=project)
    Task(name="Pitch", task_of=project, resources=people[:1], bid=H)
    Task(name="Edit", task_of=sequence, resources=people[1:], bid=H)
    db.session.commit()
    project_id = project.id
    db.session.expunge_all()
    project = db.session.get(Project, project_id)
    plan = schedule(project, now=NOW)
    preload(plan.tasks)
    statements.clear()
    owners = {task.name: task.task_of for task in plan.tasks}
    edit = (owners["Edit"].name, owners["Edit"].project)
    assert statements == []
    assert owners["Pitch"] is project
    assert edit == ("SEQ", project)


def test_preload_leaves_loose_tasks_alone():
    """Tasks outside a session, or none at all, are left as they are."""
    loose = Task(task_of=a_shot(), name="Loose", bid=H)
    preload([loose])
    preload([])
    assert loose.dependencies == []


def writes(statements: list[str]) -> list[str]:
    """The statements that change rows."""
    return [s for s in statements if s.split()[0] in {"UPDATE", "DELETE", "INSERT"}]


def test_an_unchanged_plan_is_not_written_again(statements):
    """Scheduling twice with the same input writes nothing the second time."""
    project = db.session.get(Project, production(3))
    first = schedule(project, now=NOW)
    assert writes(statements)
    statements.clear()
    second = schedule(project, now=NOW)
    assert writes(statements) == []
    assert first.allocations == second.allocations


def test_a_changed_team_replaces_the_stored_one(statements):
    """Only the task whose team changed gets its computed resources rewritten."""
    project = db.session.get(Project, production(2))
    plan = schedule(project, now=NOW)
    model = next(task for task in plan.tasks if task.name == "Model")
    other = next(user for user in plan.load if user not in model.computed_resources)
    model.resources = [other]
    db.session.commit()
    statements.clear()
    schedule(project, now=NOW)
    assert len(writes(statements)) == 2  # one DELETE, one INSERT
    db.session.expire(model)
    assert model.computed_resources == [other]


def test_holidays_and_week_default_to_the_settings(shot, project, monkeypatch):
    """Without arguments schedule() uses the holidays and working_hours settings."""
    ann = person()
    comp = Task(name="Comp", task_of=shot, resources=[ann], bid=dt.timedelta(days=2))
    monkeypatch.setattr(config.settings, "holidays", (dt.date(2030, 1, 7),))
    monkeypatch.setattr(
        config.settings,
        "working_hours",
        config.WorkingWeek(tuesday=((dt.time(9), dt.time(13)),)),
    )
    schedule(project, now=NOW)
    # Monday off, Tuesday 4 hours, then 9 + 5 hours: 18 hours, two 9-hour days
    assert (comp.computed_start, comp.computed_end) == (at(1, 9), at(3, 14))


def test_loaded_objects_see_the_stored_values_unflushed(shot, project, statements):
    """Values a task had loaded are replaced by the stored ones, as committed state."""
    ann = person()
    task = Task(name="T", task_of=shot, resources=[ann], bid=H)
    task.computed_start = task.computed_end = at(9)
    db.session.commit()
    assert (task.computed_start, task.computed_resources) == (at(9), [])  # loaded
    schedule(project, now=NOW)
    statements.clear()
    seen = (task.computed_start, task.computed_end, task.computed_resources)
    assert statements == [] and task not in db.session.dirty
    tasks = tables.tasks
    stored = db.session.execute(
        select(tasks.c.computed_start, tasks.c.computed_end).where(
            tasks.c.id == task.id
        )
    ).one()
    assert seen == (*stored, [ann]) and stored[0] != at(9)
