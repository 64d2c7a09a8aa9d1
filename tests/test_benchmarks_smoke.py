"""The side-by-side benchmark's phases run on our side and fill every row of its table.

No figure is judged here (speed is measured by ``python -m benchmarks``, not
by tests); upstream's side needs its own virtual environment, so our side's
results stand in for both columns.
"""

from __future__ import annotations

import json
import sys

import pytest
from processes import python_lines

from benchmarks import cadence, report, side_by_side
from benchmarks.fresh import ROOT
from benchmarks.machine import load_average, machine

SHOTS = 1
#: Every phase of our side, in one process, each question and save run twice.
OUR_PHASES = """
import json, sys
from benchmarks import compare
from benchmarks.our_side import OurStalker
from benchmarks.workload import Workload

compare.QUERY_RUNS = compare.SAVES = 2
workload = Workload.side_by_side(int(sys.argv[1]))
print(json.dumps({
    name: compare.PHASES[name](OurStalker(), workload, sys.argv[2])
    for name in ("build", "render", "queries", "saves")
}))
"""


def test_our_side_gives_every_figure_of_the_side_by_side_table(tmp_path, monkeypatch):
    from benchmarks import fresh

    monkeypatch.setattr(fresh, "START_RUNS", 1)
    url = f"sqlite:///{tmp_path / 'ours.db'}"
    [printed] = python_lines(OUR_PHASES, str(SHOTS), url, cwd=ROOT)
    start = side_by_side.start_on(url, "ours", (sys.executable,))
    ours = {**json.loads(printed), "import": {"median_ms": 1.0}, "start": start}
    versions = {"python": "3", "sqlite": "3", "sqlalchemy": "2", "stalker": "0"}
    figures = {
        "command": "smoke",
        "machine": {**machine(), "load_after": load_average()},
        "versions": dict.fromkeys(side_by_side.SIDES, versions),
        "sizes": [{"shots": SHOTS, "upstream": ours, "ours": ours}],
    }

    rows = report.side_by_side_table(figures).splitlines()[6:]

    assert ours["render"]["versions"] == SHOTS * 5 * 3
    assert len(rows) == len(report._SIDE_BY_SIDE)
    assert all(" 1.00 " in row for row in rows), rows
    assert "latest version of each task of a shot" in "\n".join(rows)
    assert start["median_ms"] > 0 and start["median_cpu_ms"] > 0
    assert "a tool's start: `import stalker` + setup" in "\n".join(rows)


def test_a_start_that_imported_the_wrong_stalker_is_refused(tmp_path, monkeypatch):
    """Upstream's start figures come from upstream's stalker: ours is refused."""
    from benchmarks import fresh

    monkeypatch.setattr(fresh, "START_RUNS", 1)
    setups = side_by_side.START_SETUPS
    monkeypatch.setitem(setups, "upstream", setups["ours"])
    url = f"sqlite:///{tmp_path / 'studio.db'}"

    with pytest.raises(RuntimeError, match="the upstream side's start imported"):
        side_by_side.start_on(url, "upstream", (sys.executable,))
    assert (tmp_path / "studio.db").exists()  # the start ran, set up by our setup()


def test_upstream_runs_isolated_from_this_repository():
    """Upstream's interpreter starts with -I and finds this repository last."""
    upstream = side_by_side.phase_commands("/upstream/python")["upstream"]

    assert upstream[:3] == ("/upstream/python", "-I", "-c")
    assert "sys.path.append(" in upstream[3]
    assert "benchmarks.upstream_phases" in upstream[3]


def test_a_tools_start_is_measured_step_by_step(tmp_path, monkeypatch):
    """import stalker + db.setup(URL), timed in a fresh interpreter, with its steps."""
    from benchmarks import fresh

    monkeypatch.setattr(fresh, "START_RUNS", 1)
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    start = fresh.start_time(url)

    assert (tmp_path / "studio.db").exists()  # set up by the run
    assert set(start) == {"median_ms", *fresh.START_STEPS, fresh.FIRST_QUERY}
    steps = [start[step] for step in fresh.START_STEPS]
    assert all(step > 0 for step in [*steps, start[fresh.FIRST_QUERY]])
    assert abs(start["median_ms"] - sum(steps)) < 1e-6  # the first query is apart
    sizes = [{"shots": SHOTS, "sqlite": {"start": start}}]
    shown = {label: read(sizes[0]) for label, read, _, _ in report.rows(sizes)}
    assert shown["sqlite: import stalker + db.setup() (ms)"] == start["median_ms"]
    assert shown["sqlite: start, map the classes (ms)"] == start["map the classes"]
    assert shown["sqlite: start, import sqlalchemy (ms)"] == start["import sqlalchemy"]
    assert (
        shown["sqlite: first query after start, not in the start (ms)"]
        == start[fresh.FIRST_QUERY]
    )


def test_a_tools_start_uses_compiled_bytecode_outside_the_repository(tmp_path):
    """The timed interpreters keep bytecode, as an installed package has it."""
    from benchmarks import fresh

    environment = fresh._installed_environment(str(tmp_path))

    assert "PYTHONDONTWRITEBYTECODE" not in environment
    assert environment["PYTHONPYCACHEPREFIX"] == str(tmp_path)


def test_the_event_log_benchmark_compares_both_sides(tmp_path):
    """Build and saves run with the log and without; the log's statements show."""
    from benchmarks import bench_event_log

    found = bench_event_log.measure(SHOTS, 1, tmp_path)
    table = bench_event_log.report(found, SHOTS)

    saves = {side: found["save"][side][0]["statements"] for side in ("on", "off")}
    assert saves["on"] == saves["off"] + 2  # the counter's UPDATE, the events' INSERT
    assert "build CPU (s), median" in table
    assert "save CPU (ms), best" in table


#: The saves phase with a small session and two saves of each kind.
SAVES_PHASE = """
import json, sys
from benchmarks import phases

phases.HELD, phases.SAVES = 30, 2
print(json.dumps(phases.saves_phase(None, sys.argv[1])))
"""


def test_the_save_is_measured_from_an_empty_and_a_full_session(tmp_path):
    [printed] = python_lines(SAVES_PHASE, f"sqlite:///{tmp_path / 's.db'}", cwd=ROOT)
    saves = json.loads(printed)
    empty, held = saves["empty_session"], saves["held_session"]
    assert held["objects"] >= empty["objects"] + 30
    assert held["statements"] == empty["statements"] > 0
    sizes = [{"shots": SHOTS, "sqlite": {"saves": saves}}]
    shown = {label: read(sizes[0]) for label, read, _, _ in report.rows(sizes)}
    label = "sqlite: an artist's save, session holding 50,000 objects (CPU ms)"
    assert shown[label] == held["median_cpu_ms"]
    assert shown["sqlite: an artist's save, empty session (ms)"] == empty["median_ms"]


#: The workflow phase on a small project, a few samples.
WORKFLOW_PHASE = """
import json, sys
from benchmarks import bench_workflow, phases
from benchmarks.workload import Workload

bench_workflow.SAMPLES = 3
print(json.dumps(phases.workflow_phase(Workload(int(sys.argv[1])), sys.argv[2])))
"""


def test_the_workflow_actions_are_measured_and_shown(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    [printed] = python_lines(WORKFLOW_PHASE, "4", url, cwd=ROOT)
    actions = json.loads(printed)

    assert list(actions) == [
        "first booking",
        "hold",
        "resume",
        "request_review",
        "approve (opens the next)",
        "request_revision",
    ]
    assert all(figures["statements"] > 0 for figures in actions.values())
    sizes = [{"shots": 4, "sqlite": {"workflow": actions}}]
    shown = {label: read(sizes[0]) for label, read, _, _ in report.rows(sizes)}
    hold = actions["hold"]
    assert shown["sqlite: workflow, hold (ms)"] == hold["median_ms"]
    assert shown["sqlite: workflow, hold (statements)"] == hold["statements"]


def test_the_cadence_benchmark_builds_with_commits_in_between(monkeypatch):
    """Three shots, a commit after each: the build runs and its figures are printed."""
    monkeypatch.delenv(cadence.CADENCE_VARIABLE, raising=False)
    ours = side_by_side.phase_commands(sys.executable)["ours"]
    figures = cadence.build(ours, 3, 1)
    assert figures["peak_mb"] >= 0 and figures["cpu"] > 0
    assert cadence.line(3, 1, "ours", figures).startswith("3 shots,   every 1 shots")
    assert cadence.line(3, 0, "ours", figures).startswith("3 shots,      one commit")
