"""Run the benchmarks and report: ``python -m benchmarks [--shots N] [--scaling]``.

Every phase runs in a fresh interpreter (``benchmarks.phases``); this module
decides which, collects their JSON and prints a table (``report``).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from benchmarks import databases, report
from benchmarks.workload import Workload

IMPORT_RUNS = 9
SCALING_SIZES = (200, 1000, 5000)
_IMPORT = (
    "import time; t = time.perf_counter(); import stalker;"
    " print(time.perf_counter() - t)"
)


def phase(name: str, shots: int, url: str) -> dict:
    """Run one phase in a new interpreter and return its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.phases", name, str(shots), url],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"phase {name} at {shots} shots failed:\n{done.stderr}")
    return json.loads(done.stdout)


def import_time() -> dict:
    """How long ``import stalker`` takes in a fresh interpreter, in ms."""
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", _IMPORT],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        * 1000
        for _ in range(IMPORT_RUNS)
    ]
    return {"median_ms": statistics.median(runs), "min_ms": min(runs)}


def best(name: str, shots: int, urls: list[str]) -> dict:
    """Run a phase once on each (empty) database; keep the fastest run.

    On a shared machine the fastest of a few runs is the steadiest estimate.
    """
    runs = [phase(name, shots, url) for url in urls]
    fastest = min(runs, key=lambda run: run["seconds"])
    return {**fastest, "cpu": min(run["cpu"] for run in runs), "runs": len(runs)}


def _backend(shots: int, make_url: Callable[[str], str], repeat: int) -> dict:
    """Objects then queries on one database, the bulk import on others."""
    objects_url = make_url("objects")
    written = {"objects": phase("objects", shots, objects_url)}
    written["render"] = phase("render", shots, objects_url)
    written["queries"] = phase("queries", shots, objects_url)
    bulk_urls = [make_url(f"bulk{i}") for i in range(repeat)]
    written["bulk"] = best("bulk", shots, bulk_urls)
    return written


def measure(shots: int, server: str | None, repeat: int) -> dict:
    """Every figure of one production size."""
    with ExitStack() as stack:
        folder = stack.enter_context(databases.sqlite_folder())
        in_folder = partial(databases.sqlite_url, folder)
        floor_urls = [in_folder(f"floor{i}") for i in range(repeat)]
        result = {
            "shots": shots,
            "counts": Workload(shots).counts(),
            "floor": best("floor", shots, floor_urls),
            "sqlite": _backend(shots, in_folder, repeat),
        }
        if server:

            def on_server(name: str) -> str:
                return stack.enter_context(databases.postgresql_database(server))

            result["postgresql"] = _backend(shots, on_server, repeat)
    result["ratios"] = {
        f"{way}_to_floor{suffix}": result["sqlite"][way][clock] / result["floor"][clock]
        for way in ("objects", "bulk")
        for clock, suffix in (("seconds", ""), ("cpu", "_cpu"))
    }
    return result


def machine() -> dict:
    """What the figures were measured on."""
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[:3]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "python": platform.python_version(),
        "cores": len(__import__("os").sched_getaffinity(0)),
        "memory_gb": round(total_kb / 2**20, 1),
        "load_before": [float(x) for x in load],
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--shots", type=int, default=1000, help="production size (default 1000)"
    )
    parser.add_argument(
        "--scaling", action="store_true", help=f"measure at {SCALING_SIZES} shots"
    )
    parser.add_argument(
        "--postgresql", help=f"server URL (default: ${databases.POSTGRESQL_VARIABLE})"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the floor and the bulk import, the fastest kept (default 3)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    server = databases.postgresql_server(args.postgresql)
    sizes = SCALING_SIZES if args.scaling else (args.shots,)
    figures = {
        "machine": machine(),
        "command": " ".join(
            ["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]
        ),
        "import_stalker": import_time(),
        "sizes": [measure(shots, server, args.repeat) for shots in sizes],
    }
    print(report.table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
