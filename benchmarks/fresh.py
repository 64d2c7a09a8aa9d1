"""Run a measurement in a fresh interpreter and read the JSON it prints."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
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


def best(
    name: str, shots: int, urls: list[str], command: Sequence[str] = OUR_PHASES
) -> dict:
    """Run a phase once on each (empty) database; keep the fastest run.

    On a shared machine the fastest of a few runs is the steadiest estimate.
    """
    runs = [phase(name, shots, url, command) for url in urls]
    fastest = min(runs, key=lambda run: run["seconds"])
    return {**fastest, "cpu": min(run["cpu"] for run in runs), "runs": len(runs)}
