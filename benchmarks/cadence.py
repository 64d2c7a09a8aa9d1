"""Peak memory and time of each side's build by how often it commits.

Run from the repository root: ``python -m benchmarks.cadence PYTHON``
(PYTHON: upstream Stalker's interpreter, as for ``--against-upstream``;
``--shots N``, default 200; ``--every 1,5,10,0``: shots between two commits,
0 for one commit at the end). Each build runs in a fresh interpreter on a
fresh SQLite file, upstream's then ours, so a change of load falls on both.
"""

from __future__ import annotations

import argparse
import os
import tempfile

from benchmarks import fresh, side_by_side
from benchmarks.workload import CADENCE_VARIABLE

#: Shots between two commits standing for "one commit at the end".
ONE_COMMIT = 10**9


def build(command: tuple[str, ...], shots: int, every: int) -> dict:
    """One build of ``shots`` shots by ``command``, committing every ``every``."""
    os.environ[CADENCE_VARIABLE] = str(every or ONE_COMMIT)
    with tempfile.TemporaryDirectory() as folder:
        return fresh.phase("build", shots, f"sqlite:///{folder}/build.db", command)


def line(shots: int, every: int, side: str, figures: dict) -> str:
    """One printed line: the cadence, the side and its figures."""
    cadence = f"every {every} shots" if every else "one commit"
    return (
        f"{shots} shots, {cadence:>15}: {side:8} {figures['seconds']:8.2f} s"
        f"  CPU {figures['cpu']:8.2f} s  peak +{figures['peak_mb']:.1f} MiB"
    )


def main(argv: list[str] | None = None) -> None:
    """Print each side's build figures at each cadence."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream_python")
    parser.add_argument("--shots", type=int, default=200)
    parser.add_argument("--every", default="1,5,10,0")
    options = parser.parse_args(argv)
    commands = side_by_side.phase_commands(options.upstream_python)
    for every in (int(value) for value in options.every.split(",")):
        for side in ("upstream", "ours"):
            figures = build(commands[side], options.shots, every)
            print(line(options.shots, every, side, figures), flush=True)


if __name__ == "__main__":
    main()
