"""The figures as a readable table; one column per production size."""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    box = figures["machine"]
    text = [
        f"{figures['command']}  ({box['date']}, {box['cores']} cores,"
        f" {box['memory_gb']} GB, load {box['load_before']})",
        f"import stalker: {figures['import_stalker']['median_ms']:.1f} ms median"
        " (target < 150 ms)",
        "",
    ]
    for line in lines:
        text.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))
    return "\n".join(text)
