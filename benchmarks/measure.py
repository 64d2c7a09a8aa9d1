"""Clocks, statement counters and memory readings shared by the phases."""

from __future__ import annotations

import math
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

#: How many times each question is asked and each save made (the first, cold,
#: run is left out of the median).
QUERY_RUNS = 21
SAVES = 21


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """Measure the wall time (``["seconds"]``) and CPU time (``["cpu"]``) of the block.

    On a shared machine the CPU time (this process only) is the steadier figure.
    """
    result: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start
        result["cpu"] = time.process_time() - cpu


class statements:  # noqa: N801 - used like a function: ``with statements(e) as sent``
    """Collect the SQL statements an engine sends inside a ``with`` block."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sent: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, many) -> None:
        self.sent.append(statement)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self.sent

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def forget_loaded(session: Session) -> None:
    """Roll back and forget every loaded object, as a new process would start."""
    session.rollback()
    session.expunge_all()


def repeat(run: Callable[[], Any], prepare: Callable[[], Any], times: int) -> dict:
    """Time ``run`` ``times`` times after ``prepare`` each; the first is cold."""
    wall, cpu = [], []
    for _ in range(times):
        prepare()
        with stopwatch() as clock:
            run()
        wall.append(clock["seconds"])
        cpu.append(clock["cpu"])
    warm = wall[1:] or wall
    return {
        "cold_ms": wall[0] * 1000,
        "median_ms": statistics.median(warm) * 1000,
        "median_cpu_ms": statistics.median(cpu[1:] or cpu) * 1000,
        "p95_ms": percentile(warm, 95) * 1000,
    }


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank ``percent``-th percentile of ``values``."""
    ordered = sorted(values)
    rank = math.ceil(percent / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def peak_rss_mb() -> float:
    """The largest resident memory this process has had, in MiB (Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """The resident memory of this process now, in MiB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20
