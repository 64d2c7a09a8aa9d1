"""What the figures were measured on: the date, the machine and its load."""

from __future__ import annotations

import os
import platform
import time


def machine() -> dict:
    """What the figures were measured on."""
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "python": platform.python_version(),
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(total_kb / 2**20, 1),
        "load_before": load_average(),
    }


def load_average() -> list[float]:
    """The load averages over 1, 5 and 15 minutes."""
    return [round(x, 2) for x in os.getloadavg()]
