"""How fast the scheduler plans a studio: 1000 shots x 5 tasks + 20 assets x 3.

Run from the repository root: ``python benchmarks/bench_scheduler.py``
(``--gantt plan.html`` keeps the big Gantt chart to look at).
It times the planner alone on growing productions (to show time and memory
growing about linearly), then the whole ``schedule()`` run on SQLite (load,
plan, write, commit) and the Gantt chart. TaskJuggler (``tj3``) is compared
only when it is installed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stalker.scheduler import WorkingHours
from stalker.scheduler.algorithm import Job, solve
from stalker.scheduler.timeline import Timeline

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


def whole_run(keep: str | None = None) -> None:
    from stalker import Asset, Project, Sequence, Shot, Task, User, db
    from stalker.scheduler import schedule

    folder = tempfile.mkdtemp()
    db.setup(f"sqlite:///{folder}/bench.db")
    users = [
        User(login_name=f"artist{i}", first_name="A", email=f"a{i}@s.com", password="x")
        for i in range(PEOPLE)
    ]
    project = Project(name="Bench")
    for number in range(20):
        Sequence(name=f"SEQ{number}", code=f"SEQ{number}", project=project)
    created = 0
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
            created += 1
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
            created += 1
    db.session.commit()
    project_id = project.id
    db.session.expunge_all()
    project = db.session.get(Project, project_id)
    seconds, plan = _timed(schedule, project, NOW)
    print(
        f"\nschedule() on SQLite, {created} tasks: {seconds:.2f} s "
        f"(load + plan + write + commit); end {plan.end:%Y-%m-%d %H:%M}, "
        f"critical path {len(plan.critical_path)} tasks"
    )
    gantt_path = keep or os.path.join(folder, "plan.html")
    seconds, _ = _timed(plan.write_gantt, gantt_path)
    size = os.path.getsize(gantt_path) / 2**20
    print(f"Gantt chart: {seconds:.2f} s, {size:.1f} MiB")
    shutil.rmtree(folder)


def main() -> None:
    """Print the figures; ``--gantt PATH`` keeps the 5,000-task chart there."""
    keep = sys.argv[sys.argv.index("--gantt") + 1] if "--gantt" in sys.argv else None
    planner_figures()
    whole_run(keep)
    if shutil.which("tj3") is None:
        print("\ntj3 (TaskJuggler) is not installed: no comparison made.")
    else:  # pragma: no cover - depends on the machine
        print("\ntj3 is installed, but the comparison is not written yet.")


if __name__ == "__main__":
    main()
