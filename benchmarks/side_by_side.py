"""The same production built and asked through upstream Stalker and through ours.

``python -m benchmarks --against-upstream PYTHON``: PYTHON is the interpreter
of a virtual environment holding upstream Stalker (``stalker==1.1.2.1``,
``sqlalchemy<2.1``). Each phase of ``benchmarks.compare`` runs in a fresh
interpreter, one side after the other (so a change of the machine's load
falls on both), on each side's own SQLite file; the report gives each figure
for both and their ratio.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import databases
from benchmarks.fresh import ROOT, best, import_time, phase, tool_start
from benchmarks.machine import load_average, machine
from benchmarks.workload import Workload

#: The model classes imported after ``import stalker`` for the import figure.
MODEL_CLASSES = "Project, Sequence, Shot, Task, User, Version, Status"
#: Runs upstream's side from this repository without importing our ``stalker``:
#: the interpreter is isolated (``-I``: no current folder, no PYTHONPATH) and
#: this repository goes to the end of ``sys.path``, after upstream's packages.
_BOOT = (
    "import runpy, sys; sys.path.append({root!r});"
    " runpy.run_module('benchmarks.upstream_phases', run_name='__main__',"
    " alter_sys=True)"
)
_VERSIONS = (
    "import json, platform, sqlite3, sqlalchemy, stalker;"
    " print(json.dumps({'python': platform.python_version(),"
    " 'sqlite': sqlite3.sqlite_version, 'sqlalchemy': sqlalchemy.__version__,"
    " 'stalker': stalker.__version__}))"
)
SIDES = ("upstream", "ours")
#: How each side's user sets up an existing database (``sys.argv[1]``) after
#: ``import stalker``: ours ``db.setup(URL)``; upstream's documented ``setup()``
#: of ``stalker.db.setup``, given SQLAlchemy's settings.
START_SETUPS = {
    "upstream": (
        "from stalker.db.setup import setup; setup({'sqlalchemy.url': sys.argv[1]})"
    ),
    "ours": "from stalker import db; db.setup(sys.argv[1])",
}


def interpreters(upstream_python: str) -> dict[str, tuple[str, ...]]:
    """How each side's interpreter is started (before ``-c`` or ``-m``)."""
    return {"upstream": (upstream_python, "-I"), "ours": (sys.executable,)}


def phase_commands(upstream_python: str) -> dict[str, tuple[str, ...]]:
    """The command that runs one phase of each side (``NAME SHOTS URL`` follow)."""
    return {
        "upstream": (upstream_python, "-I", "-c", _BOOT.format(root=str(ROOT))),
        "ours": (sys.executable, "-m", "benchmarks.our_side"),
    }


def versions(interpreter: Sequence[str]) -> dict:
    """The Python, SQLite, SQLAlchemy and Stalker versions of one side."""
    done = subprocess.run(
        [*interpreter, "-c", _VERSIONS],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def start_on(url: str, side: str, interpreter: Sequence[str]) -> dict:
    """A tool's start (``tool_start``) on ``url``, the database ``side`` built.

    ``import stalker`` and that side's setup, in fresh interpreters.
    Refuses figures of upstream's side that did not import upstream's
    ``stalker`` (upstream's interpreter is isolated, so its bytecode is the
    one pip compiled into its site-packages).
    """
    start = tool_start(url, interpreter, START_SETUPS[side])
    ours = Path(start["stalker"]).resolve().is_relative_to(ROOT)
    if ours != (side == "ours"):
        raise RuntimeError(f"the {side} side's start imported {start['stalker']}")
    return start


def measure(shots: int, upstream_python: str, repeat: int) -> dict:
    """Every figure of one production size, for both sides."""
    commands = phase_commands(upstream_python)
    found: dict[str, dict] = {side: {} for side in SIDES}
    with databases.sqlite_folder() as folder:
        urls = {
            side: [databases.sqlite_url(folder, f"{side}{i}") for i in range(repeat)]
            for side in SIDES
        }
        for side in SIDES:
            found[side]["build"] = best("build", shots, urls[side], commands[side])
        for name in ("render", "queries", "saves"):
            for side in SIDES:
                found[side][name] = phase(name, shots, urls[side][0], commands[side])
        for side, interpreter in interpreters(upstream_python).items():
            found[side]["start"] = start_on(urls[side][0], side, interpreter)
    for side, interpreter in interpreters(upstream_python).items():
        found[side]["import"] = import_time(interpreter, MODEL_CLASSES)
    return {"shots": shots, "counts": Workload.side_by_side(shots).counts(), **found}


def compare(shots: list[int], upstream_python: str, repeat: int) -> dict:
    """The figures of every size, with the machine and both sides' versions."""
    box = machine()
    sizes = [measure(size, upstream_python, repeat) for size in shots]
    box["load_after"] = load_average()
    return {
        "machine": box,
        "versions": {
            side: versions(interpreter)
            for side, interpreter in interpreters(upstream_python).items()
        },
        "sizes": sizes,
    }
