"""schedule() and the Gantt chart read a fixed number of statements, whatever the size."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import event

from stalker import (
    Asset,
    Booking,
    Project,
    Sequence,
    Shot,
    Task,
    TaskDependency,
    User,
    Vacation,
    db,
)
from stalker.db import meta
from stalker.scheduler import gantt, schedule
from stalker.scheduler.preload import preload

UTC = dt.timezone.utc
NOW = dt.datetime(2030, 1, 7, 8, tzinfo=UTC)
H = dt.timedelta(hours=1)
_numbers = itertools.count()


@pytest.fixture
def statements():
    """The SQL statements run on the engine while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, *rest):
        seen.append(statement)

    event.listen(meta.engine, "before_cursor_execute", record)
    yield seen
    event.remove(meta.engine, "before_cursor_execute", record)


def production(shots: int) -> int:
    """A project of ``shots`` chained shot tasks and an asset, as fresh objects."""
    number = next(_numbers)
    people = [
        User(
            login_name=f"p{number}x{i}",
            first_name="P",
            email=f"p{number}x{i}@s.com",
            password="x",
        )
        for i in range(3)
    ]
    project = Project(name=f"Film {number}", start=NOW)
    outside = Task(
        name="Elsewhere",
        task_of=Asset(name="Far", code="Far", project=Project(name=f"Far {number}")),
        resources=people[:1],
        bid=H,
    )
    outside.computed_start = outside.computed_end = NOW + 30 * H
    sequence = Sequence(name="SEQ", code="SEQ", project=project)
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
        TaskDependency(anim, outside, kind="FF")
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
    page = gantt.render(plan)
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


def test_preload_leaves_loose_tasks_alone():
    """Tasks outside a session, or none at all, are left as they are."""
    loose = Task(name="Loose", bid=H)
    preload([loose])
    preload([])
    assert loose.dependencies == []
