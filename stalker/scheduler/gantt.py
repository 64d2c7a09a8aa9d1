"""The Gantt chart of a plan: one self-contained HTML file, no network needed."""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING

from jinja2 import Environment

from stalker.core.models import Project, Sequence
from stalker.scheduler.preload import preload

if TYPE_CHECKING:
    from stalker.core.models.task import Task
    from stalker.core.models.task_owner import TaskOwner
    from stalker.scheduler.plan import Plan

#: Above this many tasks the shots and assets start collapsed.
COLLAPSE_OWNERS = 150
#: Above this many tasks the sequences start collapsed too.
COLLAPSE_SEQUENCES = 2000
#: The chart aims at this width in pixels, within the bounds below.
TARGET_WIDTH = 1600
DAY_WIDTH = (3.0, 40.0)


@dataclass
class Bar:
    """One task's bar."""

    task: Task
    left: float
    width: float
    critical: bool
    depends: str
    resources: str
    #: The short name of the task's status (``WIP``...).
    status: str
    #: Whether the task's work is on hold (``OH``): drawn hatched.
    on_hold: bool


@dataclass
class Group:
    """A project, sequence, shot or asset with what is under it."""

    key: str
    name: str
    level: int
    collapsed: bool
    left: float = 0.0
    width: float = 0.0
    groups: dict[str, Group] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)


def _path(task: Task) -> tuple[str, ...]:
    """Project, sequence (or "Assets"), shot or asset and parent task names.

    The tasks of a sequence sit right under it, the project's own under the
    project.
    """
    owner = task.task_of
    parents = [parent.name for parent in task.ancestors()][::-1]
    if owner is None:
        return ("No project", "Assets", task.name, *parents)
    return (*_owner_path(owner), *parents)


def _owner_path(owner: TaskOwner) -> tuple[str, ...]:
    project = owner.project
    above = project.name if project is not None else "No project"
    if isinstance(owner, Project):
        return (above,)
    if isinstance(owner, Sequence):
        return (above, owner.name)
    sequence = getattr(owner, "sequence", None)
    return (above, sequence.name if sequence is not None else "Assets", owner.name)


def _span(task: Task) -> tuple[dt.datetime, dt.datetime]:
    """The computed start and end of a task of a plan, where both are set."""
    start, end = task.computed_start, task.computed_end
    assert start is not None and end is not None, task
    return start, end


class _Scale:
    """Turns datetimes into pixels from the chart's first day, in the studio's time.

    Days start at midnight in the zone of the plan's working hours, and every
    time the chart prints is a wall-clock time there.
    """

    def __init__(self, plan: Plan) -> None:
        self.zone = plan.working_hours.zone
        self.zone_name = plan.working_hours.timezone
        moments = [self.local(plan.now)] + [
            self.local(moment) for task in plan.tasks for moment in _span(task)
        ]
        self.first = min(moments).replace(hour=0, minute=0, second=0, microsecond=0)
        last = max(moments) + dt.timedelta(days=2)
        self.days = max((last - self.first).days, 1)
        low, high = DAY_WIDTH
        self.day_width = min(max(TARGET_WIDTH / self.days, low), high)
        self.width = round(self.days * self.day_width)

    def local(self, moment: dt.datetime) -> dt.datetime:
        """The moment as a wall-clock time of the studio."""
        return moment.astimezone(self.zone)

    def when(self, moment: dt.datetime) -> str:
        """The studio's date and time of a moment, as the chart prints it."""
        return f"{self.local(moment):%Y-%m-%d %H:%M}"

    def x(self, moment: dt.datetime) -> float:
        """The pixel of a moment (local days all have the same width)."""
        offset = self.local(moment) - self.first
        return round(offset / dt.timedelta(days=1) * self.day_width, 1)

    def ticks(self) -> list[tuple[float, str]]:
        """One label per Monday (per fourth Monday when days are narrow)."""
        step = 7 if self.day_width >= 8 else 28
        day = self.first + dt.timedelta(days=-self.first.weekday() % 7)
        found = []
        while day < self.first + dt.timedelta(days=self.days):
            found.append((self.x(day), f"{day:%Y-%m-%d}"))
            day += dt.timedelta(days=step)
        return found


def _groups(plan: Plan, scale: _Scale) -> list[Group]:
    """The tree of groups, bars at its leaves, summary spans on each group."""
    critical = {id(task) for task in plan.critical_path}
    shown = {id(task) for task in plan.tasks}
    roots: dict[str, Group] = {}
    count = len(plan.tasks)
    for task in plan.tasks:
        node_groups, key = roots, ""
        for level, name in enumerate(_path(task)):
            key = f"{key}/{name}"
            collapsed = (level == 2 and count > COLLAPSE_OWNERS) or (
                level == 1 and count > COLLAPSE_SEQUENCES
            )
            node = node_groups.setdefault(name, Group(key, name, level, collapsed))
            _widen(node, scale, task)
            node_groups = node.groups
        node.bars.append(_bar(task, scale, id(task) in critical, shown))
    return list(roots.values())


def _widen(group: Group, scale: _Scale, task: Task) -> None:
    """Stretch a group's summary span over a task."""
    left, right = (scale.x(moment) for moment in _span(task))
    if not group.bars and not group.groups:
        group.left, group.width = left, right - left
        return
    end = max(group.left + group.width, right)
    group.left = min(group.left, left)
    group.width = end - group.left


def _bar(task: Task, scale: _Scale, critical: bool, shown: set[int]) -> Bar:
    start, end = _span(task)
    left = scale.x(start)
    depends = " ".join(
        f"{d.depends_on.id}:{d.kind}"
        for d in task.dependencies
        if id(d.depends_on) in shown
    )
    return Bar(
        task=task,
        left=left,
        width=max(scale.x(end) - left, 2.0),
        critical=critical,
        depends=depends,
        resources=", ".join(user.name for user in task.computed_resources),
        status=task.status.short_name,
        on_hold=task.status.short_name == "OH",
    )


def _load(plan: Plan) -> tuple[list[str], list[tuple[str, list[tuple[float, int]]]]]:
    """Week labels and, per user, (hours, shade 0-4) per week."""
    load = plan.load
    weeks = sorted({week for found in load.values() for week in found})
    capacity = plan.working_hours.week / dt.timedelta(hours=1)
    rows = []
    for user in sorted(load, key=lambda u: u.name):
        cells = []
        for week in weeks:
            hours = load[user].get(week, 0.0)
            cells.append((round(hours, 1), min(math.ceil(hours / capacity * 4), 4)))
        rows.append((user.name, cells))
    return [f"{year}-W{week:02d}" for year, week in weeks], rows


def render(plan: Plan) -> str:
    """The HTML text of the plan's Gantt chart."""
    preload(plan.tasks)
    scale = _Scale(plan)
    weeks, load = _load(plan)
    template = (files("stalker.scheduler") / "gantt.html").read_text("utf-8")
    environment = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(template).render(
        plan=plan,
        scale=scale,
        groups=_groups(plan, scale),
        today=scale.x(plan.now),
        weeks=weeks,
        load=load,
        critical_ids=[task.id for task in plan.critical_path],
    )


def write_gantt(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write the plan's Gantt chart to ``path``."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(render(plan))


__all__ = ["render", "write_gantt"]
