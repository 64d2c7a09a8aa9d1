"""How fast the scheduler plans a studio: 1000 shots x 5 tasks + 20 assets x 3.

Run from the repository root: ``python benchmarks/bench_scheduler.py``
(``--help`` lists the options: ``--url`` adds PostgreSQL, ``--gantt plan.html``
keeps the big Gantt chart to look at). It times the planner alone on growing
productions (to show time and memory growing about linearly), then whole
``schedule()`` runs on an SQLite file (and PostgreSQL), end to end and by
part: load (reading tasks, links and busy time), plan (translating and
solving), write (the plan's objects and the stored values) and commit; then
the Gantt chart. When TaskJuggler (``tj3``, Debian package ``tj3``) is
installed, the planner's input is also planned by it, and both run times and
project ends are printed side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stalker.scheduler import WorkingHours
from stalker.scheduler.algorithm import Job, solve
from stalker.scheduler.timeline import Timeline

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taskjuggler

UTC = dt.timezone.utc
NOW = dt.datetime(2030, 1, 7, 8, tzinfo=UTC)
HOUR = 3600
PEOPLE = 30
STEPS = 5  # layout, animation, lighting, fx, comp: one department of 6 each
DEPARTMENT = PEOPLE // STEPS


def jobs_for(shots: int, assets: int = 20) -> list[Job]:
    """Chained shot tasks and asset tasks, each with a resource and two alternatives."""
    origin = int(NOW.timestamp())
    jobs = []
    for shot in range(shots):
        for step in range(STEPS):
            members = [step * DEPARTMENT + (shot + k) % DEPARTMENT for k in range(3)]
            jobs.append(
                Job(
                    name=f"sh{shot}/{step}",
                    effort=(4 + (shot * 7 + step * 3) % 13) * HOUR,
                    teams=tuple((m,) for m in members),
                    earliest=origin,
                    priority=500 + (shot % 3) * 10,
                    depends=((len(jobs) - 1, "FS", 0),) if step else (),
                )
            )
    for asset in range(assets):
        for step in range(3):
            member = (asset + step) % PEOPLE
            jobs.append(
                Job(
                    name=f"asset{asset}/{step}",
                    effort=(9 + asset % 5) * HOUR,
                    teams=((member,),),
                    earliest=origin,
                    depends=((len(jobs) - 1, "FS", 0),) if step else (),
                )
            )
    return jobs


def plan_once(jobs: list[Job]):
    hours = WorkingHours()
    origin = int(NOW.timestamp())
    timelines = [Timeline(hours, frozenset(), (), origin) for _ in range(PEOPLE)]
    return solve(jobs, timelines)


def planner_figures() -> None:
    print("planner alone (30 people, 1 resource + 2 alternatives per shot task)")
    print(f"{'tasks':>7} {'seconds':>8} {'us/task':>8} {'peak MiB':>9} {'end':>17}")
    for shots in (250, 500, 1000, 2000, 4000):
        jobs = jobs_for(shots)
        gc.collect()
        best = min(_timed(plan_once, jobs)[0] for _ in range(3))
        tracemalloc.start()
        solution = plan_once(jobs)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        end = dt.datetime.fromtimestamp(
            max(o.end for o in solution.outcomes.values()), UTC
        )
        print(
            f"{len(jobs):>7} {best:>8.3f} {best / len(jobs) * 1e6:>8.1f} "
            f"{peak:>9.1f} {end:%Y-%m-%d %H:%M}"
        )


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


class Phases:
    """Wall time spent in the parts of a ``schedule()`` run, by part."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def timed(self, part: str, function):
        """``function`` adding its run time to ``part``."""

        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - start

        return run


@contextmanager
def phases() -> Iterator[Phases]:
    """Time the runner's parts: reading, planning, writing (the rest is commit)."""
    from stalker.scheduler import runner
    from stalker.scheduler.translate import Translation

    found = Phases()
    parts = [
        (runner, "load", "load"),
        (Translation, "timelines", "load"),
        (Translation, "__init__", "plan"),
        (Translation, "job", "plan"),
        (runner, "solve", "plan"),
        (runner, "_plan", "write"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in parts]
    for owner, name, part in parts:
        setattr(owner, name, found.timed(part, getattr(owner, name)))
    try:
        yield found
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def build_production() -> int:
    """The 5,060-task production in the database set up; returns the project's id."""
    from stalker import Asset, Project, Sequence, Shot, Task, User, db

    users = [
        User(login_name=f"artist{i}", first_name="A", email=f"a{i}@s.com", password="x")
        for i in range(PEOPLE)
    ]
    project = Project(name="Bench")
    for number in range(20):
        Sequence(name=f"SEQ{number}", code=f"SEQ{number}", project=project)
    for shot_number in range(1000):
        sequence = project.sequences[shot_number // 50]
        shot = Shot(name=f"SH{shot_number}", code=f"SH{shot_number}", sequence=sequence)
        previous = None
        for step in range(STEPS):
            members = [
                users[step * DEPARTMENT + (shot_number + k) % DEPARTMENT]
                for k in range(3)
            ]
            previous = Task(
                name=f"Step{step}",
                task_of=shot,
                resources=members[:1],
                alternative_resources=members[1:],
                bid=dt.timedelta(hours=4 + (shot_number * 7 + step * 3) % 13),
                depends=[previous] if previous else [],
            )
    for number in range(20):
        asset = Asset(name=f"Asset{number}", code=f"Asset{number}", project=project)
        previous = None
        for step in range(3):
            previous = Task(
                name=f"AssetStep{step}",
                task_of=asset,
                resources=[users[(number + step) % PEOPLE]],
                bid=dt.timedelta(hours=9 + number % 5),
                depends=[previous] if previous else [],
            )
    db.session.commit()
    return project.id


def _on_server(server: str, statement: str) -> None:
    """Run one statement on a PostgreSQL server, outside any transaction."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


@contextmanager
def database(server: str | None) -> Iterator[str]:
    """A new SQLite file, or a new database on the PostgreSQL ``server``."""
    from sqlalchemy import make_url

    from stalker.db import meta

    folder = tempfile.mkdtemp()
    name = f"stalker_bench_{os.getpid()}"
    if server is not None:
        _on_server(server, f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"sqlite:///{folder}/bench.db"
            if server is None
            else make_url(server).set(database=name).render_as_string(False)
        )
    finally:
        meta.session.remove()
        meta.engine.dispose()
        shutil.rmtree(folder)
        if server is not None:
            _on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def whole_run(server: str | None, runs: int, keep: str | None = None) -> None:
    """Time ``schedule()`` end to end and by part, cold then warm, and the chart."""
    from stalker import Project, db
    from stalker.scheduler import schedule

    with database(server) as url:
        db.setup(url)
        backend = db.meta.engine.dialect.name
        project_id = build_production()
        print(f"\nschedule() on {backend}, 5060 tasks (seconds)")
        print("  run  total   load   plan  write commit")
        for run in range(1, runs + 1):
            plan = None  # the previous run's objects go, as they would in a studio
            db.session.expunge_all()
            project = db.session.get(Project, project_id)
            gc.collect()
            with phases() as found:
                total, plan = _timed(schedule, project, NOW)
            parts = found.seconds
            commit = total - parts["load"] - parts["plan"] - parts["write"]
            print(
                f"{run:>5} {total:>6.3f} {parts['load']:>6.3f} {parts['plan']:>6.3f} "
                f"{parts['write']:>6.3f} {commit:>6.3f}"
            )
        print(
            f"end {plan.end:%Y-%m-%d %H:%M}, critical path "
            f"{len(plan.critical_path)} tasks"
        )
        gantt_path = keep or os.path.join(tempfile.gettempdir(), "bench-plan.html")
        seconds, _ = _timed(plan.write_gantt, gantt_path)
        size = os.path.getsize(gantt_path) / 2**20
        print(f"Gantt chart: {seconds:.2f} s, {size:.1f} MiB")
        if keep is None:
            os.remove(gantt_path)


def arguments() -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--url",
        help="a PostgreSQL server URL (e.g. postgresql+psycopg://postgres@host/db):"
        " schedule() is also timed in a new database made there, dropped after",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="schedule() runs per database (3)"
    )
    parser.add_argument("--gantt", metavar="PATH", help="keep the Gantt chart there")
    parser.add_argument(
        "--no-planner", action="store_true", help="skip the planner-alone figures"
    )
    return parser.parse_args()


def main() -> None:
    """Print the figures the command line asks for."""
    options = arguments()
    if not options.no_planner:
        planner_figures()
    whole_run(None, options.runs, options.gantt)
    if options.url:
        whole_run(options.url, options.runs)
    compare_with_taskjuggler()


def compare_with_taskjuggler(shots: int = 1000) -> None:
    """Plan the same input with ``tj3`` when installed; print both ends."""
    if not taskjuggler.available():
        print("\ntj3 (TaskJuggler) is not installed: no comparison made.")
        return
    jobs = jobs_for(shots)
    ours, solution = _timed(plan_once, jobs)
    end = dt.datetime.fromtimestamp(max(o.end for o in solution.outcomes.values()), UTC)
    theirs, their_end = taskjuggler.schedule_with_tj3(jobs, PEOPLE, NOW)
    print(f"\nthe same {len(jobs)} tasks planned by Stalker and by tj3 (TaskJuggler)")
    print(f"{'':10} {'seconds':>8} {'project end':>17}")
    print(f"{'stalker':10} {ours:>8.3f} {end:%Y-%m-%d %H:%M}")
    print(f"{'tj3':10} {theirs:>8.1f} {their_end:%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
