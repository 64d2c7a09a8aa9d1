"""``schedule()``: read the projects' tasks, plan them, store the plan at once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from stalker.config import settings
from stalker.core.models import Project, Task, User
from stalker.core.models.validation import describe, utc, utc_now
from stalker.db import meta
from stalker.db import tables as t
from stalker.db.session import collector_paused
from stalker.exceptions import ValidationTypeError
from stalker.scheduler.algorithm import Solution, solve
from stalker.scheduler.calendar import WorkingHours
from stalker.scheduler.load import Hierarchy, load, load_objects, open_tasks
from stalker.scheduler.plan import Plan
from stalker.scheduler.store import Computed, store, store_spans
from stalker.scheduler.translate import Translation, moment

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], object]


def _refuse(attr: str, expected: str, value: Any) -> None:
    raise ValidationTypeError(
        f"schedule.{attr} should be {expected}, not {describe(value)}"
    )


def _check_projects(projects: Any) -> list[Project]:
    expected = "a Project or an iterable of Projects"
    if isinstance(projects, Project):
        return [projects]
    if isinstance(projects, (str, bytes)) or not isinstance(projects, Iterable):
        _refuse("projects", expected, projects)
    found = list(projects)
    for project in found:
        if not isinstance(project, Project):
            _refuse("projects", expected, project)
    return found


def _check_holidays(holidays: Any) -> frozenset[dt.date]:
    expected = "an iterable of dates"
    if isinstance(holidays, (str, bytes)) or not isinstance(holidays, Iterable):
        _refuse("holidays", expected, holidays)
    found = frozenset(holidays)
    for date in found:
        if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
            _refuse("holidays", expected, date)
    return found


def _check_arguments(
    projects: Any, now: Any, working_hours: Any, holidays: Any, progress: Any
) -> tuple[list[Project], dt.datetime, WorkingHours, frozenset[dt.date]]:
    """Return the arguments of ``schedule()`` in normal form, or raise."""
    found = _check_projects(projects)
    if working_hours is None:
        working_hours = WorkingHours()
    elif not isinstance(working_hours, WorkingHours):
        _refuse("working_hours", "a WorkingHours instance or None", working_hours)
    if now is None:
        now = utc_now()
    elif isinstance(now, dt.datetime):
        now = utc(now, working_hours.zone)  # a naive now is the studio's time
    else:
        _refuse("now", "a datetime or None", now)
    if holidays is None:
        holidays = settings.holidays
    if progress is not None and not callable(progress):
        _refuse("progress", "a callable or None", progress)
    return found, now, working_hours, _check_holidays(holidays)


def _critical_path(solution: Solution, tasks: list[Task]) -> list[Task]:
    """The chain of drivers that ends with the task that ends last."""
    outcomes = solution.outcomes
    if not outcomes:
        return []
    index: int | None = max(
        outcomes, key=lambda i: (outcomes[i].end, tasks[i].priority, -i)
    )
    chain = []
    while index is not None:
        chain.append(tasks[index])
        index = outcomes[index].driver
    return chain[::-1]


def _plan(
    session: Session,
    solution: Solution,
    translation: Translation,
    projects: list[Project],
    now: dt.datetime,
    tree: Hierarchy,
) -> Plan:
    """Store the solution on the tasks (not yet committed) and describe it."""
    scope = open_tasks(projects).with_only_columns(t.tasks.c.id)
    by_id, people = load_objects(session, scope, translation.users)
    tasks = [by_id[row.id] for row in translation.tasks]
    users = [people[user] for user in translation.users]
    allocations: list[tuple[Task, User, dt.datetime, dt.datetime]] = []
    computed: list[Computed] = []
    for index, task in enumerate(tasks):
        outcome = solution.outcomes.get(index)
        if outcome is None:
            computed.append((task, None, None, []))
            continue
        team = [users[member] for member in outcome.team]
        computed.append((task, moment(outcome.start), moment(outcome.end), team))
        allocations.extend(
            (task, users[member], moment(start), moment(end))
            for member, start, end in outcome.pieces
        )
    store(session, computed, scope)
    store_spans(session, tree.children, tree.parents, computed)
    allocations.sort(key=lambda a: (a[2], a[1].id, a[0].id))
    return Plan(
        tasks=[tasks[index] for index in sorted(solution.outcomes)],
        allocations=allocations,
        critical_path=_critical_path(solution, tasks),
        unscheduled={
            tasks[i]: reason for i, reason in sorted(solution.reasons.items())
        },
        now=now,
        working_hours=translation.hours,
    )


def schedule(
    projects: Project | Iterable[Project],
    now: dt.datetime | None = None,
    working_hours: WorkingHours | None = None,
    holidays: Iterable[dt.date] | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Plan every open task of the projects and store the plan in one transaction.

    Each task gets ``computed_start``, ``computed_end`` and
    ``computed_resources``; a task that cannot be planned gets None and no
    resources and is listed in ``Plan.unscheduled`` with the reason. Nothing
    is planned before ``now`` (default: the current time) or a project's
    ``start``. ``working_hours`` and ``holidays`` default to the settings of
    those names. ``progress(done, total)`` is called as tasks are planned. On
    any error, or an interruption, the session is rolled back: nothing
    changes. The plan's tasks and users stay loaded after the commit, with
    their computed values, so reading the plan asks the database nothing more
    (the Gantt chart reads the tasks' owners and dependencies in bulk).
    Python's cyclic garbage collector rests while the run reads, plans and
    stores (``collector_paused``): the thousands of objects it makes would
    otherwise trigger full collections over everything the program holds.
    """
    found, now, hours, days = _check_arguments(
        projects, now, working_hours, holidays, progress
    )
    session = meta.session()
    try:
        with collector_paused():
            loaded = load(session, found)
            translation = Translation(loaded, found, now, hours)
            jobs = [translation.job(task) for task in translation.tasks]
            solution = solve(jobs, translation.timelines(session, days), progress)
            plan = _plan(session, solution, translation, found, now, loaded.tree)
        expire = session.expire_on_commit, session.expire_written
        session.expire_on_commit = session.expire_written = False
        try:
            session.commit()
        finally:
            session.expire_on_commit, session.expire_written = expire
    except BaseException:
        session.rollback()
        raise
    _log.info(
        "scheduled %d task(s) of %s, %d unscheduled",
        len(plan.tasks),
        ", ".join(project.code for project in found),
        len(plan.unscheduled),
    )
    return plan


__all__ = ["schedule"]
