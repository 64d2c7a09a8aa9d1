"""The production the benchmarks build: a plain description, sized by ``shots``.

The same description feeds every writer (ordinary objects, the bulk import,
the raw ``sqlite3`` floor), so they all write the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

#: The five chained tasks of every shot, in dependency order.
STEPS = ("Layout", "Animation", "Lighting", "FX", "Compositing")
SHOTS_PER_SEQUENCE = 50
SHOTS_PER_USER = 10
SHOTS_PER_ASSET = 10
VERSIONS_PER_TASK = 3
BID = dt.timedelta(days=2)
#: Indexes into the default Task StatusList (WTS, RTS, WIP, PREV, HREV, OH,
#: STOP, CMPL) of the steps before, at and after the step a shot is at.
DONE, WORKING, WAITING = 7, 2, 0


@dataclass(frozen=True)
class Workload:
    """How big the production is; every count follows from ``shots``."""

    shots: int = 1000

    @property
    def sequences(self) -> int:
        return max(1, -(-self.shots // SHOTS_PER_SEQUENCE))

    @property
    def users(self) -> int:
        return max(5, self.shots // SHOTS_PER_USER)

    @property
    def assets(self) -> int:
        return max(1, self.shots // SHOTS_PER_ASSET)

    @property
    def tasks(self) -> int:
        return self.shots * len(STEPS)

    @property
    def versions(self) -> int:
        return self.tasks * VERSIONS_PER_TASK

    def user_names(self) -> Iterator[str]:
        """The login names of the artists."""
        return (f"artist{i:04d}" for i in range(self.users))

    def sequence_names(self) -> Iterator[str]:
        return (f"SEQ{i:03d}" for i in range(self.sequences))

    def shot_rows(self) -> Iterator[tuple[int, int, str]]:
        """(shot index, sequence index, shot name) of every shot."""
        for i in range(self.shots):
            yield i, i // SHOTS_PER_SEQUENCE, f"SH{i:05d}"

    def asset_names(self) -> Iterator[str]:
        return (f"Asset{i:04d}" for i in range(self.assets))

    def resource_of(self, shot: int, step: int) -> int:
        """The index of the user working on one task of one shot."""
        return (shot * len(STEPS) + step) % self.users

    def status_of(self, shot: int, step: int) -> int:
        """The status index of one task: shot ``i`` is at step ``i % 5``."""
        current = shot % len(STEPS)
        if step < current:
            return DONE
        return WORKING if step == current else WAITING

    def counts(self) -> dict[str, int]:
        """The number of objects of each kind."""
        return {
            "users": self.users,
            "sequences": self.sequences,
            "shots": self.shots,
            "assets": self.assets,
            "tasks": self.tasks,
            "dependencies": self.shots * (len(STEPS) - 1),
            "versions": self.versions,
        }
