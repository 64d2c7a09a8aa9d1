"""Run the benchmarks and report: ``python -m benchmarks [--shots N] [--scaling]``.

With ``--against-upstream PYTHON`` the side-by-side comparison with upstream
Stalker runs instead (``benchmarks.side_by_side``).

Every phase runs in a fresh interpreter (``benchmarks.phases``); this module
decides which, collects their JSON and prints a table (``report``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from benchmarks import databases, report, side_by_side
from benchmarks.fresh import best, import_time, phase, start_time
from benchmarks.machine import machine
from benchmarks.workload import Workload

SCALING_SIZES = (200, 1000, 5000)


def _backend(shots: int, make_url: Callable[[str], str], repeat: int) -> dict:
    """Objects then queries on one database, the bulk import on others."""
    objects_url = make_url("objects")
    written = {"objects": phase("objects", shots, objects_url)}
    written["render"] = phase("render", shots, objects_url)
    written["queries"] = phase("queries", shots, objects_url)
    written["saves"] = phase("saves", shots, make_url("saves"))
    written["workflow"] = phase("workflow", shots, make_url("workflow"))
    if objects_url.startswith("sqlite"):
        written["start"] = start_time(objects_url)
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
        help="runs of the floor and the bulk import (of each side's build with"
        " --against-upstream), the fastest kept (default 3)",
    )
    parser.add_argument(
        "--against-upstream",
        metavar="PYTHON",
        help="also build the production through upstream Stalker 1.1.2.1, installed"
        " for this interpreter; report both side by side (see benchmarks.side_by_side)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = SCALING_SIZES if args.scaling else (args.shots,)
    command = " ".join(
        ["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]
    )
    if args.against_upstream:
        figures = side_by_side.compare(list(sizes), args.against_upstream, args.repeat)
        figures["command"] = command
        print(report.side_by_side_table(figures))
    else:
        server = databases.postgresql_server(args.postgresql)
        figures = {
            "machine": machine(),
            "command": command,
            "import_stalker": import_time(),
            "sizes": [measure(shots, server, args.repeat) for shots in sizes],
        }
        print(report.table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
