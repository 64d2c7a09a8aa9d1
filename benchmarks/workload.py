"""The production the benchmarks build: a plain description, sized by ``shots``.

The same description feeds every writer (ordinary objects, the bulk import,
the raw ``sqlite3`` floor), so they all write the same rows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: The five chained tasks of every shot, in dependency order.
STEPS = ("Layout", "Animation", "Lighting", "FX", "Compositing")
SHOTS_PER_SEQUENCE = 50
SHOTS_PER_USER = 10
SHOTS_PER_ASSET = 10
VERSIONS_PER_TASK = 3
SIDE_BY_SIDE_USERS = 3
SIDE_BY_SIDE_ASSETS = 20
BID = dt.timedelta(days=2)
#: The environment variable ``benchmarks.cadence`` sets for each build it runs.
CADENCE_VARIABLE = "STALKER_BENCH_SHOTS_PER_COMMIT"
#: How many shots an ingest makes between two commits (the side by side's build).
SHOTS_PER_COMMIT = int(os.environ.get(CADENCE_VARIABLE, "5"))
#: Where the benchmark's repository says the files are (nothing is written).
REPOSITORY_ROOTS = {"linux": "/mnt/bench", "windows": "B:/", "macos": "/Volumes/B"}
#: Indexes into the default Task StatusList (WFD, RTS, WIP, PREV, HREV, DREV,
#: OH, STOP, CMPL) of the steps before, at and after the step a shot is at.
DONE, WORKING, WAITING = 8, 2, 0


@dataclass(frozen=True)
class Workload:
    """How big the production is; every count follows from ``shots``.

    Unless fixed, the numbers of users and assets grow with the shots.
    """

    shots: int = 1000
    fixed_users: int | None = None
    fixed_assets: int | None = None

    @classmethod
    def side_by_side(cls, shots: int) -> Workload:
        """The production of the comparison with upstream: 3 artists, 20 assets."""
        return cls(
            shots, fixed_users=SIDE_BY_SIDE_USERS, fixed_assets=SIDE_BY_SIDE_ASSETS
        )

    @property
    def sequences(self) -> int:
        return max(1, -(-self.shots // SHOTS_PER_SEQUENCE))

    @property
    def users(self) -> int:
        return self.fixed_users or max(5, self.shots // SHOTS_PER_USER)

    @property
    def assets(self) -> int:
        return self.fixed_assets or max(1, self.shots // SHOTS_PER_ASSET)

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

    def middle_shot_name(self) -> str:
        """The name of the shot in the middle of the production."""
        return f"SH{self.shots // 2:05d}"

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


@dataclass
class Frame:
    """What shots hang on: users, steps, the shot type and the sequences.

    The objects are either library's own (ours or upstream Stalker's).
    """

    users: list[Any]
    steps: list[Any]
    shot_type: Any
    sequences: list[Any]


def fill(
    workload: Workload,
    made: Frame,
    shot: Callable[..., Any],
    task: Callable[..., Any],
    version: Callable[..., Any],
    commit: Callable[[], Any] | None = None,
) -> None:
    """Make the shots, tasks and versions with the given makers.

    The makers take Stalker's arguments: they are its classes (``Shot``,
    ``Task``, ``Version``), the methods of a ``bulk.Import``, or functions
    that make upstream Stalker's objects from the same arguments. ``commit``,
    if given, is called after every ``SHOTS_PER_COMMIT`` shots, as an ingest
    commits its work in batches.
    """
    for index, sequence_index, name in workload.shot_rows():
        if commit is not None and index and index % SHOTS_PER_COMMIT == 0:
            commit()
        owner = shot(
            name=name, sequence=made.sequences[sequence_index], type=made.shot_type
        )
        previous: list[Any] = []
        for step_index, step in enumerate(made.steps):
            user = made.users[workload.resource_of(index, step_index)]
            work = task(
                name=step.name,
                task_of=owner,
                pipeline_step=step,
                resources=[user],
                depends=previous,
                bid=BID,
                status=workload.status_of(index, step_index),
                created_by=user,
            )
            for _ in range(VERSIONS_PER_TASK):
                version(task=work, created_by=user)
            previous = [work]
