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


def _write_rows(backend: str) -> list[Row]:
    return [
        (
            f"{backend}: build objects (s)",
            _get(backend, "objects", "build_s"),
            "{:.2f}",
            "",
        ),
        (
            f"{backend}: add + commit (s)",
            _get(backend, "objects", "commit_s"),
            "{:.2f}",
            "",
        ),
        (
            f"{backend}: objects total (s)",
            _get(backend, "objects", "seconds"),
            "{:.2f}",
            "",
        ),
        (
            f"{backend}: commit statements",
            _get(backend, "objects", "statements"),
            "{:.0f}",
            "",
        ),
        (
            f"{backend}: build peak memory (MiB)",
            _get(backend, "objects", "peak_mb"),
            "{:.0f}",
            "",
        ),
        (f"{backend}: bulk import (s)", _get(backend, "bulk", "seconds"), "{:.2f}", ""),
    ]


def _query_rows(backend: str, sizes: list[dict]) -> Iterator[Row]:
    names = sizes[0].get(backend, {}).get("queries", {})
    for name in names:
        target = "< 10 ms" if name == "artist_saves_version" else "< 5 ms"
        yield (
            f"{backend}: {name} (ms)",
            _get(backend, "queries", name, "median_ms"),
            "{:.2f}",
            target,
        )
        yield (
            f"{backend}: {name} (statements)",
            _get(backend, "queries", name, "statements"),
            "{:.0f}",
            "flat",
        )


def rows(sizes: list[dict]) -> Iterator[Row]:
    """Every row of the table, in order."""
    yield ("floor: raw sqlite3 executemany (s)", _get("floor", "seconds"), "{:.3f}", "")
    yield (
        "sqlite: objects / floor",
        _get("ratios", "objects_to_floor"),
        "{:.1f}x",
        "< 10x",
    )
    yield ("sqlite: bulk / floor", _get("ratios", "bulk_to_floor"), "{:.1f}x", "< 3x")
    for backend in ("sqlite", "postgresql"):
        if backend in sizes[0]:
            yield from _write_rows(backend)
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
        lines.append(
            [label, *("-" if v is None else fmt.format(v) for v in values), target]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    box = figures["machine"]
    text = [
        f"{figures['command']}  ({box['date']}, {box['cores']} cores,"
        f" {box['memory_gb']} GB, load {box['load_before']})",
        f"import stalker: {figures['import_stalker']['median_ms']:.1f} ms median"
        " (target < 150 ms)",
        "version path rendering, parse path back: pending issue 3 (not measured)",
        "",
    ]
    for line in lines:
        text.append(
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            )
        )
    return "\n".join(text)
