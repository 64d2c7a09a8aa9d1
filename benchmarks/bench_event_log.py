"""What the event log costs a production's build and an artist's save.

Run from the repository root: ``python -m benchmarks.bench_event_log``
(``--shots N``, default 1000; ``--pairs N``, default 3). Every measurement
runs in a fresh interpreter, and the runs with the log and without it
alternate, so a change in the machine's load falls on both sides. "Without"
removes the event log's session listeners (``switch_off``) and changes
nothing else. Issue 16 allows the log 15 % at most on either figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import phases
from benchmarks.fresh import ROOT
from benchmarks.workload import Workload

#: The event log's listeners on Stalker's sessions (``stalker.db.__init__``).
LOG_EVENTS = (
    "after_transaction_create",
    "after_soft_rollback",
    "before_flush",
    "after_flush",
    "before_commit",
)
SIDES = ("on", "off")
#: Each phase's figure compared: the build's CPU seconds, the save's median
#: CPU milliseconds.
PHASES = {"build": ("cpu", "s"), "save": ("median_cpu_ms", "ms")}


def switch_off() -> None:
    """Remove the event log's listeners: sessions then write no events."""
    from sqlalchemy import event

    from stalker.db import outbox
    from stalker.db.session import StalkerSession

    for name in LOG_EVENTS:
        event.remove(StalkerSession, name, getattr(outbox, name))


def run_phase(name: str, side: str, shots: int, url: str) -> dict:
    """One phase in this interpreter: ``build`` a production or make ``save``s."""
    if side == "off":
        switch_off()
    workload = Workload(shots)
    if name == "build":
        return phases.objects_phase(workload, url)
    phases.set_up(url)
    return phases.artist_saves(workload)


def fresh(name: str, side: str, shots: int, url: str) -> dict:
    """Run one phase in a fresh interpreter and return its figures."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.bench_event_log"),
            *("--phase", name, side, "--shots", str(shots), "--url", url),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(f"{name} with the log {side} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def measure(shots: int, pairs: int, folder: Path) -> dict[str, dict[str, list]]:
    """Alternate the sides ``pairs`` times for each phase; every reading kept."""
    found: dict[str, dict[str, list]] = {n: {s: [] for s in SIDES} for n in PHASES}
    saved_in = f"sqlite:///{folder / 'saves.db'}"
    fresh("build", "on", shots, saved_in)  # the production the saves go into
    for pair in range(pairs):
        for side in SIDES if pair % 2 == 0 else reversed(SIDES):
            built_in = f"sqlite:///{folder / f'build-{pair}-{side}.db'}"
            found["build"][side].append(fresh("build", side, shots, built_in))
            found["save"][side].append(fresh("save", side, shots, saved_in))
    return found


def report(found: dict[str, dict[str, list]], shots: int) -> str:
    """Each figure's best and median with the log and without, and the change."""
    lines = [f"event log on / off, {shots} shots, SQLite file (fresh interpreters)"]
    lines.append(f"{'figure':34} {'on':>16} {'off':>16} {'change':>15}")
    for name, (key, unit) in PHASES.items():
        on, off = ([run[key] for run in found[name][s]] for s in SIDES)
        for label, pick in (("best", min), ("median", statistics.median)):
            lines.append(
                f"{name + ' CPU (' + unit + '), ' + label:34} {pick(on):16.2f}"
                f" {pick(off):16.2f} {(pick(on) / pick(off) - 1) * 100:+14.1f}%"
            )
        counts = {s: found[name][s][0].get("statements") for s in SIDES}
        label = f"{name} statements"
        lines.append(f"{label:34} {counts['on']!s:>16} {counts['off']!s:>16}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure both sides and print the table (or run one ``--phase``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--phase", nargs=2, metavar=("NAME", "SIDE"))
    parser.add_argument("--url")
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(*args.phase, args.shots, args.url)))
        return
    with tempfile.TemporaryDirectory() as folder:
        print(report(measure(args.shots, args.pairs, Path(folder)), args.shots))


if __name__ == "__main__":
    main()
