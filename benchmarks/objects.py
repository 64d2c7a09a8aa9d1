"""Build the workload through Stalker's ordinary classes (after ``db.setup()``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stalker
from benchmarks.workload import BID, STEPS, VERSIONS_PER_TASK, Workload
from stalker.db import bulk


@dataclass
class Frame:
    """What shots hang on: users, steps, the shot type and the sequences."""

    users: list[stalker.User]
    steps: list[stalker.PipelineStep]
    shot_type: stalker.AssetType
    sequences: list[stalker.Sequence]


def frame(workload: Workload) -> Frame:
    """Construct the project, its users, steps, types, assets and sequences."""
    users = [
        stalker.User(
            login_name=name, first_name=name, email=f"{name}@studio.com", password="x"
        )
        for name in workload.user_names()
    ]
    steps = [stalker.PipelineStep(name=step) for step in STEPS]
    shot_type = stalker.AssetType(name="Shot", steps=steps)
    character = stalker.AssetType(name="Character", steps=steps[:1])
    project = stalker.Project(name=f"Bench {workload.shots}", users=users)
    sequences = [
        stalker.Sequence(name=name, project=project)
        for name in workload.sequence_names()
    ]
    for name in workload.asset_names():
        stalker.Asset(name=name, project=project, type=character)
    return Frame(users, steps, shot_type, sequences)


def _fill(workload: Workload, made: Frame, shot: Any, task: Any, version: Any) -> None:
    """Make the shots, tasks and versions with the given makers.

    The makers are the classes (``Shot``, ``Task``, ``Version``) or the
    methods of a ``bulk.Import``, which take the same arguments.
    """
    for index, sequence_index, name in workload.shot_rows():
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


def build(workload: Workload) -> None:
    """Construct every object of the production; they are pending in the session."""
    _fill(workload, frame(workload), stalker.Shot, stalker.Task, stalker.Version)


def import_in_bulk(workload: Workload) -> None:
    """Construct the frame, then import shots, tasks and versions in bulk; commit."""
    made = frame(workload)
    batch = bulk.Import()
    _fill(workload, made, batch.shot, batch.task, batch.version)
    batch.save()
