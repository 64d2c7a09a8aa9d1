"""The figures as a readable table; one column per production size."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from benchmarks.fresh import FIRST_QUERY, START_STEPS

#: (label, how to read the figure from one size's results, format, target).
Row = tuple[str, Callable[[dict], float | None], str, str]


def _get(*path: str) -> Callable[[dict], float | None]:
    def read(size: dict) -> float | None:
        value = size
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    return read


#: (label, phase, figure, format) of the writes of one backend.
_WRITES = (
    ("build objects (s)", "objects", "build_s", "{:.2f}"),
    ("add + commit (s)", "objects", "commit_s", "{:.2f}"),
    ("objects total (s)", "objects", "seconds", "{:.2f}"),
    ("objects total CPU (s)", "objects", "cpu", "{:.2f}"),
    ("commit statements", "objects", "statements", "{:.0f}"),
    ("build peak memory (MiB)", "objects", "peak_mb", "{:.0f}"),
    ("bulk import (s)", "bulk", "seconds", "{:.2f}"),
    ("bulk import CPU (s)", "bulk", "cpu", "{:.2f}"),
    ("bulk statements", "bulk", "statements", "{:.0f}"),
    ("bulk peak memory (MiB)", "bulk", "peak_mb", "{:.0f}"),
    ("version paths rendered per second, one call", "render", "per_second", "{:.0f}"),
    (
        "version paths rendered per second, one by one",
        "render",
        "each_per_second",
        "{:.0f}",
    ),
)

#: (label, ratio key, target) against the raw sqlite3 floor.
_RATIOS = (
    ("objects / floor", "objects_to_floor", "< 10x"),
    ("objects / floor, CPU", "objects_to_floor_cpu", "< 10x"),
    ("bulk / floor", "bulk_to_floor", "< 3x"),
    ("bulk / floor, CPU", "bulk_to_floor_cpu", "< 3x"),
)


def _query_rows(backend: str, sizes: list[dict]) -> Iterator[Row]:
    for name in sizes[0].get(backend, {}).get("queries", {}):
        target = "< 10 ms" if name == "artist_saves_version" else "< 5 ms"
        read = _get(backend, "queries", name, "median_ms")
        yield (f"{backend}: {name} (ms)", read, "{:.2f}", target)
        cpu = _get(backend, "queries", name, "median_cpu_ms")
        yield (f"{backend}: {name} (CPU ms)", cpu, "{:.2f}", target)
        floor = _get(backend, "queries", name, "commit_floor_ms")
        yield (f"{backend}: raw sqlite3 commit of one row (ms)", floor, "{:.2f}", "")
        count = _get(backend, "queries", name, "statements")
        yield (f"{backend}: {name} (statements)", count, "{:.0f}", "flat")


#: (label, key) of the ``saves`` phase's sessions.
_SAVES = (
    ("an artist's save, empty session", "empty_session"),
    ("an artist's save, session holding 50,000 objects", "held_session"),
)


def _save_rows(backend: str) -> Iterator[Row]:
    """The same save from an empty session and from one holding 50,000 objects."""
    for label, key in _SAVES:
        yield (
            f"{backend}: {label} (ms)",
            _get(backend, "saves", key, "median_ms"),
            "{:.2f}",
            "< 10 ms",
        )
        cpu = _get(backend, "saves", key, "median_cpu_ms")
        yield (f"{backend}: {label} (CPU ms)", cpu, "{:.2f}", "flat")
        count = _get(backend, "saves", key, "statements")
        yield (f"{backend}: {label} (statements)", count, "{:.0f}", "flat")


def _workflow_rows(backend: str, sizes: list[dict]) -> Iterator[Row]:
    """Each workflow action with its commit: time, CPU time, statements."""
    for name in sizes[0].get(backend, {}).get("workflow", {}):
        figures = (
            ("ms", "median_ms", "{:.2f}", "< 50 ms"),
            ("CPU ms", "median_cpu_ms", "{:.2f}", ""),
            ("statements", "statements", "{:.0f}", "flat"),
        )
        for unit, key, fmt, target in figures:
            read = _get(backend, "workflow", name, key)
            yield (f"{backend}: workflow, {name} ({unit})", read, fmt, target)


def _start_rows() -> Iterator[Row]:
    """A DCC tool's start on the SQLite file just built, and its steps."""
    total = _get("sqlite", "start", "median_ms")
    yield ("sqlite: import stalker + db.setup() (ms)", total, "{:.1f}", "< 150 ms")
    for step in START_STEPS:
        read = _get("sqlite", "start", step)
        yield (f"sqlite: start, {step} (ms)", read, "{:.1f}", "")
    first = _get("sqlite", "start", FIRST_QUERY)
    yield (f"sqlite: {FIRST_QUERY}, not in the start (ms)", first, "{:.1f}", "")


def rows(sizes: list[dict]) -> Iterator[Row]:
    """Every row of the table, in order."""
    yield ("floor: raw sqlite3 executemany (s)", _get("floor", "seconds"), "{:.3f}", "")
    yield ("floor: CPU (s)", _get("floor", "cpu"), "{:.3f}", "")
    for label, key, target in _RATIOS:
        yield (f"sqlite: {label}", _get("ratios", key), "{:.1f}x", target)
    for backend in ("sqlite", "postgresql"):
        if backend in sizes[0]:
            for label, phase, figure, fmt in _WRITES:
                yield (f"{backend}: {label}", _get(backend, phase, figure), fmt, "")
            yield from _query_rows(backend, sizes)
            yield from _save_rows(backend)
            yield from _workflow_rows(backend, sizes)
            if backend == "sqlite":
                yield from _start_rows()


def _aligned(lines: list[list[str]]) -> list[str]:
    """The cells of each line padded to their column's width."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
        for line in lines
    ]


def table(figures: dict) -> str:
    """Render the figures as a plain-text table."""
    sizes = figures["sizes"]
    header = ["figure", *(f"{size['shots']} shots" for size in sizes), "target"]
    lines = [header]
    for label, read, fmt, target in rows(sizes):
        values = [read(size) for size in sizes]
        if all(value is None for value in values):
            continue
        cells = ("-" if v is None else fmt.format(v) for v in values)
        lines.append([label, *cells, target])
    box = figures["machine"]
    text = [
        f"{figures['command']}  ({box['date']}, {box['cores']} cores,"
        f" {box['memory_gb']} GB, load {box['load_before']})",
        f"import stalker: {figures['import_stalker']['median_ms']:.1f} ms median"
        " (target < 150 ms)",
        "",
    ]
    return "\n".join(text + _aligned(lines))


#: (label, path to the figure in one side's results, format, path to its
#: statement count), in the order of issue 17's table.
_SIDE_BY_SIDE = (
    ("build + commit of the production (s)", ("build", "seconds"), "{:.2f}", None),
    ("the same, CPU (s)", ("build", "cpu"), "{:.2f}", None),
    *(
        (label, ("queries", name, "median_ms"), "{:.2f}", ("queries", name))
        for label, name in (
            ("a user's tasks, plain query (ms)", "user_tasks"),
            ("tasks of a shot with their statuses (ms)", "shot_tasks_with_statuses"),
            (
                "latest version of each task of a shot, plain ORM idiom (ms)",
                "latest_version_per_task_of_shot",
            ),
            ("shots of a sequence (ms)", "shots_of_sequence"),
            ("status counts of the project (ms)", "status_counts_of_project"),
        )
    ),
    (
        "render every version's path one by one after query(Version).all(),"
        " first time (s)",
        ("render", "first_s"),
        "{:.3f}",
        None,
    ),
    ("the same, CPU (s)", ("render", "first_cpu"), "{:.3f}", None),
    ("the same, warm (s)", ("render", "warm_s"), "{:.3f}", None),
    ("the same, warm, CPU (s)", ("render", "warm_cpu"), "{:.3f}", None),
    *(
        (f"{who}, {stat} (ms)", ("saves", held, key), "{:.2f}", ("saves", held))
        for who, held in (
            (
                "an artist saves a version in a session holding the production's"
                " versions",
                "full_session",
            ),
            ("an artist saves a version from an empty session", "empty_session"),
        )
        for stat, key in (
            ("median", "median_ms"),
            ("p95", "p95_ms"),
            ("median CPU", "median_cpu_ms"),
        )
    ),
    (
        "`import stalker` and the model classes, median (ms)",
        ("import", "median_ms"),
        "{:.0f}",
        None,
    ),
    (
        "a tool's start: `import stalker` + setup of the studio's SQLite file,"
        " median (ms)",
        ("start", "median_ms"),
        "{:.0f}",
        None,
    ),
    ("the same, CPU (ms)", ("start", "median_cpu_ms"), "{:.0f}", None),
    ("peak memory of the build (MiB)", ("build", "peak_mb"), "{:.0f}", None),
)


def _count(side: dict, path: tuple[str, ...] | None) -> str:
    if path is None:
        return ""
    count = _get(*path, "statements")(side)
    return "-" if count is None else f"{count:.0f}"


def side_by_side_table(figures: dict) -> str:
    """Each figure for upstream and for us, and the ratio upstream / ours."""
    box, sides = figures["machine"], figures["versions"]
    text = [
        f"{figures['command']}  ({box['date']}, {box['cores']} cores,"
        f" {box['memory_gb']} GB, load {box['load_before']} before,"
        f" {box['load_after']} after)",
        *(
            f"{side}: Stalker {v['stalker']}, Python {v['python']},"
            f" SQLAlchemy {v['sqlalchemy']}, SQLite {v['sqlite']}"
            for side, v in sides.items()
        ),
        "ratio = upstream / ours: above 1 we are faster (or smaller)",
    ]
    for size in figures["sizes"]:
        lines = [
            [
                f"figure ({size['shots']} shots)",
                "upstream",
                "ours",
                "ratio",
                "statements (upstream / ours)",
            ]
        ]
        for label, path, fmt, counted in _SIDE_BY_SIDE:
            theirs, ours = (_get(*path)(size[side]) for side in ("upstream", "ours"))
            ratio = f"{theirs / ours:.2f}" if theirs is not None and ours else "-"
            counts = " / ".join(
                _count(size[side], counted) for side in ("upstream", "ours")
            )
            cells = ["-" if v is None else fmt.format(v) for v in (theirs, ours)]
            lines.append([label, *cells, ratio, counts if counted else ""])
        text += ["", *_aligned(lines)]
    return "\n".join(text)
