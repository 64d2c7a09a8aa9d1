"""Schedule the scheduler benchmark's input with TaskJuggler (``tj3``) too.

The planner's jobs become a ``.tjp`` project with the same week (Monday to
Friday, 09:00-18:00 UTC), the same resources, efforts, priorities,
finish-to-start dependencies and alternatives (one person does the whole
task: ``persistent``); ``tj3`` writes the end of every task to a CSV report.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import shutil
import subprocess
import tempfile
import time

from stalker.scheduler.algorithm import Job

UTC = dt.timezone.utc
HOUR = 3600
TIME_FORMAT = "%Y-%m-%d-%H:%M"


def available() -> bool:
    """Tell whether the ``tj3`` program is installed."""
    return shutil.which("tj3") is not None


def _task(index: int, job: Job) -> str:
    first, *others = (team[0] for team in job.teams)
    allocate = f"r{first}"
    if others:
        alternatives = ", ".join(f"r{member}" for member in others)
        allocate += f" {{ alternative {alternatives} select minloaded persistent }}"
    lines = [
        f'task t{index} "{job.name}" {{',
        f"  effort {job.effort // HOUR}h",
        f"  allocate {allocate}",
        f"  priority {job.priority}",
    ]
    lines += [f"  depends t{dependency}" for dependency, kind, lag in job.depends]
    return "\n".join([*lines, "}"])


def project_file(jobs: list[Job], people: int, start: dt.datetime) -> str:
    """Return the ``.tjp`` text of ``jobs`` over ``people`` from ``start``."""
    header = f"""project bench "Benchmark" {start:{TIME_FORMAT}} +5y {{
  timezone "UTC"
  timingresolution 60min
  workinghours mon - fri 9:00 - 18:00
  workinghours sat, sun off
  dailyworkinghours 9
  now {start:{TIME_FORMAT}}
}}"""
    resources = [f'resource r{person} "Person {person}"' for person in range(people)]
    tasks = [_task(index, job) for index, job in enumerate(jobs)]
    report = f"""taskreport ends "ends" {{
  formats csv
  columns id, end
  timeformat "{TIME_FORMAT}"
}}"""
    return "\n".join([header, *resources, *tasks, report]) + "\n"


def schedule_with_tj3(
    jobs: list[Job], people: int, start: dt.datetime
) -> tuple[float, dt.datetime]:
    """Run ``tj3`` on ``jobs``; return its run time and the project's end."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="stalker-tj3-"))
    try:
        (folder / "bench.tjp").write_text(project_file(jobs, people, start))
        began = time.perf_counter()
        subprocess.run(
            ["tj3", "--no-color", "bench.tjp"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - began
        with (folder / "ends.csv").open(newline="") as report:
            rows = list(csv.reader(report, delimiter=";"))[1:]
        end = max(
            dt.datetime.strptime(row[1], TIME_FORMAT).replace(tzinfo=UTC)
            for row in rows
        )
        return seconds, end
    finally:
        shutil.rmtree(folder)
