"""schedule() plans parent tasks through their children."""

from __future__ import annotations

import datetime as dt

from test_schedule import NOW, at, person

from stalker import Project, Sequence, Shot, Task, db
from stalker.scheduler import schedule

H = dt.timedelta(hours=1)


def _shot(project: Project) -> Shot:
    return Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))


def test_a_parent_is_not_work_and_spans_its_children():
    project = Project(name="Film")
    ann, bob = person("ann"), person("bob")
    parent = Task(name="Character", task_of=_shot(project))
    model = Task(name="Model", parent=parent, resources=[ann], bid=4 * H)
    rig = Task(name="Rig", parent=parent, resources=[bob], bid=8 * H, depends=[model])
    plan = schedule(project, now=NOW)
    assert plan.tasks == [model, rig]
    assert (model.computed_start, rig.computed_end) == (at(0, 9), at(1, 12))
    assert (parent.computed_start, parent.computed_end) == (at(0, 9), at(1, 12))
    db.session.expire_all()
    assert db.session.get(Task, parent.id).computed_end == at(1, 12)


def test_depending_on_a_parent_waits_for_all_its_children():
    project = Project(name="Film")
    ann, bob = person("ann"), person("bob")
    shot = _shot(project)
    parent = Task(name="Character", task_of=shot)
    Task(name="Model", parent=parent, resources=[ann], bid=4 * H)
    Task(name="Rig", parent=parent, resources=[bob], bid=8 * H)
    anim = Task(name="Anim", task_of=shot, resources=[ann], bid=H, depends=[parent])
    schedule(project, now=NOW)
    assert anim.computed_start == at(0, 17)  # after Rig, the longer child


def test_the_children_of_a_waiting_parent_wait_too():
    project = Project(name="Film")
    ann, bob = person("ann"), person("bob")
    shot = _shot(project)
    layout = Task(name="Layout", task_of=shot, resources=[ann], bid=4 * H)
    parent = Task(name="Lighting", task_of=shot, depends=[layout])
    key = Task(name="Key", parent=parent, resources=[bob], bid=2 * H)
    schedule(project, now=NOW)
    assert key.computed_start == at(0, 13)
    assert parent.computed_end == at(0, 15)


def test_the_gantt_chart_groups_children_under_their_parent():
    from stalker.scheduler.gantt import _groups, _Scale

    project = Project(name="Film")
    parent = Task(name="Character", task_of=_shot(project))
    Task(name="Model", parent=parent, resources=[person("ann")], bid=4 * H)
    plan = schedule(project, now=NOW)
    (film,) = _groups(plan, _Scale(plan))
    character = film.groups["SEQ"].groups["SH010"].groups["Character"]
    assert [bar.task.name for bar in character.bars] == ["Model"]
    assert [bar.status for bar in character.bars] == ["RTS"]
