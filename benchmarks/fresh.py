"""Run a measurement in a fresh interpreter and read the JSON it prints."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

IMPORT_RUNS = 9
#: The folder holding ``benchmarks`` (and this repository's ``stalker``).
ROOT = Path(__file__).resolve().parent.parent
#: Our phases, run by this interpreter from this repository.
OUR_PHASES = (sys.executable, "-m", "benchmarks.phases")


def phase(name: str, shots: int, url: str, command: Sequence[str] = OUR_PHASES) -> dict:
    """Run one phase (``command NAME SHOTS URL``) and return its figures."""
    done = subprocess.run(
        [*command, name, str(shots), url], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        raise RuntimeError(f"phase {name} at {shots} shots failed:\n{done.stderr}")
    return json.loads(done.stdout)


def import_time(
    interpreter: Sequence[str] = (sys.executable,), names: str = ""
) -> dict:
    """How long ``import stalker`` (and ``from stalker import names``) takes, in ms.

    Each run is a fresh ``interpreter``; the median and the fastest are kept.
    """
    also = f"from stalker import {names};" if names else ""
    code = (
        "import time; t = time.perf_counter(); import stalker;"
        f" {also} print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [*interpreter, "-c", code],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
        )
        * 1000
        for _ in range(IMPORT_RUNS)
    ]
    return {"median_ms": statistics.median(runs), "min_ms": min(runs)}


#: What a DCC tool's start does, each step timed: ``import stalker``, then
#: SQLAlchemy (Core, then the ORM), the rest of ``stalker.db`` (the tables and
#: Stalker's modules), the mapping of the classes, and the rest of
#: ``db.setup(URL)`` (connect, check the schema revision, read the defaults,
#: check admin's password, commit). Their sum is the start.
START_STEPS = (
    "import stalker",
    "import sqlalchemy",
    "import sqlalchemy.orm",
    "import stalker.db",
    "map the classes",
    "setup",
)
#: Measured after the start, not part of it: the first ORM query of a tool
#: (the projects, as objects), which compiles its statement.
FIRST_QUERY = "first query after start"
START_RUNS = 5
_START = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
marks = [time.perf_counter()]
import stalker
marks.append(time.perf_counter())
import sqlalchemy
marks.append(time.perf_counter())
import sqlalchemy.orm
marks.append(time.perf_counter())
from stalker import db
from stalker.db.mapper import map_classes
marks.append(time.perf_counter())
map_classes()
marks.append(time.perf_counter())
db.setup(sys.argv[1])
marks.append(time.perf_counter())
db.query(stalker.Project).all()
marks.append(time.perf_counter())
print(json.dumps([(end - start) * 1000 for start, end in zip(marks, marks[1:])]))
"""


def _installed_environment(cache: str) -> dict[str, str]:
    """The environment of a fresh interpreter that keeps compiled bytecode.

    An installed Stalker has its bytecode (pip compiles it): a start that
    compiled every module from source would time the compiler. The bytecode
    goes to ``cache``, outside the repository, whatever the caller's
    ``PYTHONDONTWRITEBYTECODE``.
    """
    environment = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _fresh_runs(interpreter: Sequence[str], code: str, url: str) -> list:
    """What ``code`` printed (JSON) in ``START_RUNS`` fresh interpreters.

    They keep compiled bytecode in a temporary folder; an untimed first run
    compiles it.
    """
    with tempfile.TemporaryDirectory() as cache:
        environment = _installed_environment(cache)
        return [
            json.loads(
                subprocess.run(
                    [*interpreter, "-c", code, url],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    env=environment,
                ).stdout
            )
            for _ in range(START_RUNS + 1)
        ][1:]


def start_time(url: str, interpreter: Sequence[str] = (sys.executable,)) -> dict:
    """How long a tool takes to ``import stalker`` and ``db.setup(url)``, in ms.

    ``url`` is an existing studio database. Each run is a fresh interpreter
    with compiled bytecode (an untimed first run compiles it); the medians
    of the total, of each step (``START_STEPS``) and of the first query
    after the start (``FIRST_QUERY``, not in the total) are kept.
    """
    runs = _fresh_runs(interpreter, _START, url)
    steps = {
        step: statistics.median(run[index] for run in runs)
        for index, step in enumerate((*START_STEPS, FIRST_QUERY))
    }
    start = len(START_STEPS)
    return {"median_ms": statistics.median(sum(run[:start]) for run in runs), **steps}


#: A tool's start as its user writes it, for either library: ``import stalker``,
#: then ``{setup}`` (that library's setup of the database at ``sys.argv[1]``);
#: prints the wall and CPU milliseconds and the file of the ``stalker`` it used.
_TOOL_START = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
wall, cpu = time.perf_counter(), time.process_time()
import stalker
{setup}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps([wall * 1000, cpu * 1000, stalker.__file__]))
"""


def tool_start(url: str, interpreter: Sequence[str], setup: str) -> dict:
    """How long ``import stalker`` and ``setup`` of the database ``url`` take, in ms.

    ``setup`` is the library's own code (``url`` is ``sys.argv[1]``). Each
    run is a fresh ``interpreter`` with compiled bytecode, after an untimed
    first run; the medians of the wall and the CPU time are kept, with the
    file of the ``stalker`` imported (to tell whose it was).
    """
    runs = _fresh_runs(interpreter, _TOOL_START.format(setup=setup), url)
    return {
        "median_ms": statistics.median(wall for wall, _, _ in runs),
        "median_cpu_ms": statistics.median(cpu for _, cpu, _ in runs),
        "stalker": runs[0][2],
    }


def best(
    name: str, shots: int, urls: list[str], command: Sequence[str] = OUR_PHASES
) -> dict:
    """Run a phase once on each (empty) database; keep the fastest run.

    On a shared machine the fastest of a few runs is the steadiest estimate.
    """
    runs = [phase(name, shots, url, command) for url in urls]
    fastest = min(runs, key=lambda run: run["seconds"])
    return {**fastest, "cpu": min(run["cpu"] for run in runs), "runs": len(runs)}
