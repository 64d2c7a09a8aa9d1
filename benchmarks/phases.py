"""Each measurement, run in a fresh interpreter: ``python -m benchmarks.phases``.

A phase prints one JSON object. Running each in its own process keeps one
phase's memory, caches and garbage out of the next one's figures.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from sqlalchemy import select, text

from benchmarks import files, floor, objects
from benchmarks.measure import (
    QUERY_RUNS,
    SAVES,
    current_rss_mb,
    forget_loaded,
    peak_rss_mb,
    repeat,
    statements,
    stopwatch,
)
from benchmarks.workload import Workload

#: Users are made with cheap hashes: the studio policy (scrypt, N=2**17)
#: takes 0.1-0.3 s per user on purpose, which would swamp every figure.
BENCH_PASSWORDS = {"n": 2**4, "r": 1, "p": 1}


def set_up(url: str) -> None:
    """Cheap passwords for the benchmark's users, then ``db.setup(url)``."""
    from stalker import config, db

    config.settings.password_policy = config.PasswordPolicy(**BENCH_PASSWORDS)
    config.settings.admin_password = "benchmark-admin"
    db.setup(url)


def floor_phase(workload: Workload, url: str) -> dict:
    """Write the rows with raw sqlite3 into a Stalker database file."""
    from stalker import db

    set_up(url)
    db.session.remove()
    db.meta.engine.dispose()
    with stopwatch() as clock:
        rows = floor.write(url.removeprefix("sqlite:///"), workload)
    return {**clock, "rows": rows}


def objects_phase(workload: Workload, url: str) -> dict:
    """Build the production from ordinary objects, then commit it."""
    from stalker import db

    set_up(url)
    baseline = current_rss_mb()
    with stopwatch() as build:
        objects.build(workload)
    with statements(db.meta.engine) as sent, stopwatch() as commit:
        db.session.commit()
    return {
        "build_s": build["seconds"],
        "commit_s": commit["seconds"],
        "seconds": build["seconds"] + commit["seconds"],
        "cpu": build["cpu"] + commit["cpu"],
        "statements": len(sent),
        "peak_mb": peak_rss_mb() - baseline,
    }


def bulk_phase(workload: Workload, url: str) -> dict:
    """Import the production through ``stalker.db.bulk`` (validate, write, commit)."""
    from stalker import db

    set_up(url)
    baseline = current_rss_mb()
    with statements(db.meta.engine) as sent, stopwatch() as clock:
        objects.import_in_bulk(workload)
    return {
        **clock,
        "statements": len(sent),
        "peak_mb": peak_rss_mb() - baseline,
    }


def render_phase(workload: Workload, url: str) -> dict:
    """Lay the project's files out, render every version's path, store them.

    Timed twice: one version at a time (``version.update_paths``), then all
    of them in one call (``placement.update_paths``), which the figure is.
    """
    from stalker import Project, db

    set_up(url)
    files.lay_out(db.session.scalars(select(Project)).one())
    db.session.commit()
    from stalker.files import placement

    versions = files.load_versions()
    versions[0].update_paths("ma")  # the target counts renders once compiled
    with stopwatch() as each:
        for version in versions:
            version.update_paths("ma")
    with stopwatch() as clock:
        placement.update_paths(versions, "mb")
    with stopwatch() as store:
        db.session.commit()
    return {
        **clock,
        "versions": len(versions),
        "per_second": len(versions) / clock["seconds"],
        "each_per_second": len(versions) / each["seconds"],
        "store_s": store["seconds"],
    }


def _typical(workload: Workload) -> dict[str, Callable[[], object]]:
    """The typical questions, each a callable reading one middle-sized answer."""
    from stalker import Project, Sequence, Shot, Task, User, db, events
    from stalker.db import queries
    from stalker.files.lookup import find_version

    session = db.session
    ids = {
        "user": session.scalar(select(User.id).where(User.login_name == "artist0001")),
        "shot": session.scalar(
            select(Shot.id).where(Shot.name == workload.middle_shot_name())
        ),
        "sequence": session.scalar(
            select(Sequence.id).where(Sequence.name == "SEQ000")
        ),
        "project": session.scalar(
            select(Project.id).where(Project.name.startswith("Bench"))
        ),
    }
    ids["task"] = session.scalar(select(Task.id).where(Task.task_of_id == ids["shot"]))
    path = session.get(Task, ids["task"]).versions[-1].absolute_path

    def statuses(items) -> list:
        return [(item.name, item.status.short_name) for item in items]

    return {
        "user_open_tasks": lambda: statuses(
            queries.open_tasks(session.get(User, ids["user"]))
        ),
        "shot_tasks_with_statuses": lambda: statuses(
            session.get(Shot, ids["shot"]).tasks
        ),
        "latest_version_per_task_of_shot": lambda: statuses(
            queries.latest_versions(session.get(Shot, ids["shot"]))
        ),
        "shots_of_sequence": lambda: statuses(
            session.get(Sequence, ids["sequence"]).shots
        ),
        "status_counts_of_project": lambda: queries.status_counts(
            session.get(Project, ids["project"])
        ),
        "versions_of_task": lambda: statuses(session.get(Task, ids["task"]).versions),
        "parse_path_to_version": lambda: find_version(path).task.name,
        # A pipeline daemon's poll of the event log: a page of 100 events.
        "poll_100_events": lambda: len(events.since(0, 100)),
    }


def _fresh() -> None:
    from stalker import db

    forget_loaded(db.session)


def queries_phase(workload: Workload, url: str) -> dict:
    """Time each typical query on a built production and count its statements."""
    from stalker import db

    set_up(url)
    if db.meta.engine.dialect.name == "postgresql":
        # Statistics as autovacuum keeps them on a live server; right after
        # a load of this size the planner would still guess (and scan).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    found = {}
    for name, run in _typical(workload).items():
        timing = repeat(run, _fresh, QUERY_RUNS)
        _fresh()
        with statements(db.meta.engine) as sent:
            run()
        found[name] = {**timing, "statements": len(sent)}
    found["artist_saves_version"] = artist_saves(workload)
    return found


def artist_saves(workload: Workload) -> dict:
    """Save new versions one by one, as an artist's tool does: placed at the commit."""
    from stalker import Task, User, Version, db

    session = db.session
    task_id = session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1))
    user_id = session.scalar(select(User.id).where(User.login_name == "artist0002"))
    held: dict = {}

    def load() -> None:
        _fresh()
        held["task"], held["user"] = (
            session.get(Task, task_id),
            session.get(User, user_id),
        )

    def save() -> None:
        Version(task=held["task"], created_by=held["user"], extension="ma")
        session.commit()  # numbered and placed by its flush

    timing = repeat(save, load, SAVES)
    load()
    with statements(db.meta.engine) as sent:
        save()
    found = {**timing, "statements": len(sent)}
    if db.meta.engine.dialect.name == "sqlite":
        found["commit_floor_ms"] = floor.one_commit(db.meta.engine.url.database, SAVES)
    return found


#: How many objects a long-running tool's session holds in the ``saves`` phase.
HELD = 50_000


def saves_phase(workload: Workload, url: str) -> dict:
    """An artist's save from an empty session and from one holding HELD objects.

    On its own database, whatever the production's size: a shot with Layout,
    which has HELD versions (imported in bulk), and Anim, where the artist
    saves. The session loads the objects once; each save is then timed in it.
    """
    from stalker import Project, Sequence, Shot, Task, User, Version, db
    from stalker.db import bulk

    set_up(url)
    project = Project(name="Saves")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))
    layout, anim = Task(name="Layout", task_of=shot), Task(name="Anim", task_of=shot)
    artist = User(
        login_name="saver", first_name="Saver", email="saver@studio.com", password="x"
    )
    db.session.commit()
    batch = bulk.Import()
    for _ in range(HELD):
        batch.version(task=layout)
    batch.save()
    ids = (anim.id, artist.id)
    session, found, held = db.session, {}, {}

    def save() -> None:
        Version(task=held["task"], created_by=held["user"], extension="ma")
        session.commit()  # numbered and placed by its flush

    for name, everything in (("empty_session", False), ("held_session", True)):
        _fresh()
        held["versions"] = session.scalars(select(Version)).all() if everything else []
        held["task"], held["user"] = (
            session.get(Task, ids[0]),
            session.get(User, ids[1]),
        )
        timing = repeat(save, lambda: None, SAVES)
        with statements(db.meta.engine) as sent:
            save()
        found[name] = {
            **timing,
            "statements": len(sent),
            "objects": len(session.identity_map),
        }
    return found


def workflow_phase(workload: Workload, url: str) -> dict:
    """Each workflow action with its commit, on tasks spread over a bulk-built project.

    On its own database: ``workload.shots`` shots of five chained tasks
    (``benchmarks.bench_workflow``); the median of each action and its statements.
    """
    from benchmarks import bench_workflow

    set_up(url)
    return bench_workflow.measure(workload.shots)


PHASES = {
    "floor": floor_phase,
    "objects": objects_phase,
    "bulk": bulk_phase,
    "render": render_phase,
    "queries": queries_phase,
    "saves": saves_phase,
    "workflow": workflow_phase,
}


def main(argv: list[str]) -> None:
    """Run the phase named in ``argv`` and print its figures as JSON."""
    name, shots, url = argv
    print(json.dumps(PHASES[name](Workload(int(shots)), url)))


if __name__ == "__main__":
    main(sys.argv[1:])
