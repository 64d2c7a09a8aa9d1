"""The typical questions of stalker.db.queries answer what they promise."""

from __future__ import annotations

from factories import a_sequence, a_shot

from stalker import Asset, Project, Sequence, Shot, Task, User, Version, db
from stalker.db import queries


def _user(login: str) -> User:
    return User(login_name=login, first_name="A", email=f"{login}@s.com", password="x")


def test_open_tasks_leaves_out_closed_tasks_and_other_users(session):
    """Completed and stopped tasks, and other people's tasks, are not open tasks."""
    artist, other = _user("artist"), _user("other")
    done = Task(task_of=a_shot(), name="Done", resources=[artist], status=8)
    stopped = Task(task_of=a_shot(), name="Stopped", resources=[artist], status=7)
    working = Task(
        task_of=a_shot(), name="Working", resources=[artist, other], status=2
    )
    waiting = Task(task_of=a_shot(), name="Waiting", resources=[artist])
    Task(task_of=a_shot(), name="Theirs", resources=[other])
    db.session.commit()
    assert (done.status.short_name, stopped.status.short_name) == ("CMPL", "STOP")
    assert queries.open_tasks(artist) == [working, waiting]
    assert queries.open_tasks(artist, closed=["RTS"]) == [done, stopped, working]


def test_latest_versions_gives_the_newest_of_each_task_and_take(session):
    """One version per task and take, the highest number, of that shot only."""
    shot = Shot(name="SH010", sequence=a_sequence())
    elsewhere = Shot(name="SH020", sequence=a_sequence())
    layout = Task(name="Layout", task_of=shot)
    anim = Task(name="Animation", task_of=shot)
    other = Task(name="Layout", task_of=elsewhere)
    for task, take, count in [
        (layout, "MAIN", 3),
        (layout, "ALT", 1),
        (anim, "MAIN", 2),
    ]:
        for _ in range(count):
            Version(task=task, take=take)
    Version(task=other)
    db.session.commit()
    found = [
        (v.task.name, v.take, v.version_number) for v in queries.latest_versions(shot)
    ]
    assert found == [
        ("Layout", "ALT", 1),
        ("Layout", "MAIN", 3),
        ("Animation", "MAIN", 2),
    ]


def test_status_counts_counts_the_tasks_of_shots_and_assets_of_that_project(session):
    """Tasks of the project's shots and assets, by status; other projects not."""
    project, other = Project(name="Film"), Project(name="Other")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))
    asset = Asset(name="Hero", project=project)
    Task(name="Layout", task_of=shot, status=2)
    Task(name="Animation", task_of=shot)
    Task(name="Model", task_of=asset, status=2)
    Task(
        name="Model",
        task_of=Asset(name="Prop", project=other),
        status=8,
    )
    Task(task_of=a_shot(), name="Alone")
    db.session.commit()
    assert queries.status_counts(project) == {"WIP": 2, "RTS": 1}
    assert queries.status_counts(other) == {"CMPL": 1}


def test_status_counts_counts_the_project_and_sequence_tasks_too(session):
    """A project's tasks are its own, its sequences', shots' and assets'."""
    project = Project(name="Whole")
    sequence = Sequence(name="SEQ", project=project)
    Task(name="Pitch", task_of=project, status=8)
    Task(name="Edit", task_of=sequence, status=2)
    Task(name="Layout", task_of=Shot(name="SH010", sequence=sequence), status=2)
    Task(name="Model", task_of=Asset(name="Hero", project=project))
    Task(name="Edit", task_of=a_sequence(), status=2)  # another project's
    db.session.commit()
    assert queries.status_counts(project) == {"CMPL": 1, "WIP": 2, "RTS": 1}


def test_latest_versions_of_a_sequence_are_those_of_its_own_tasks(session):
    """A sequence's newest versions: its own tasks', not its shots'."""
    sequence = a_sequence()
    edit = Task(name="Edit", task_of=sequence)
    shot_task = Task(name="Layout", task_of=Shot(name="SH010", sequence=sequence))
    for task in (edit, edit, shot_task):
        Version(task=task)
    db.session.commit()
    found = [(v.task.name, v.version_number) for v in queries.latest_versions(sequence)]
    assert found == [("Edit", 2)]
