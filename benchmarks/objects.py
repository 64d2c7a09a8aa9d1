"""Build the workload through Stalker's ordinary classes (after ``db.setup()``)."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.workload import BID, STEPS, VERSIONS_PER_TASK, Workload
from stalker import (
    Asset,
    AssetType,
    PipelineStep,
    Project,
    Sequence,
    Shot,
    Task,
    User,
    Version,
)
from stalker.db import bulk


@dataclass
class Frame:
    """What shots hang on: users, steps, the shot type and the sequences."""

    users: list[User]
    steps: list[PipelineStep]
    shot_type: AssetType
    sequences: list[Sequence]


def frame(workload: Workload) -> Frame:
    """Construct the project, its users, steps, types, assets and sequences."""
    users = [
        User(login_name=name, first_name=name, email=f"{name}@studio.com", password="x")
        for name in workload.user_names()
    ]
    steps = [PipelineStep(name=step) for step in STEPS]
    shot_type = AssetType(name="Shot", steps=steps)
    character = AssetType(name="Character", steps=steps[:1])
    project = Project(name=f"Bench {workload.shots}", users=users)
    sequences = [
        Sequence(name=name, project=project) for name in workload.sequence_names()
    ]
    for name in workload.asset_names():
        Asset(name=name, project=project, type=character)
    return Frame(users, steps, shot_type, sequences)


def build(workload: Workload) -> None:
    """Construct every object of the production; they are pending in the session."""
    made = frame(workload)
    for index, sequence_index, name in workload.shot_rows():
        shot = Shot(
            name=name, sequence=made.sequences[sequence_index], type=made.shot_type
        )
        previous: list[Task] = []
        for step_index, step in enumerate(made.steps):
            user = made.users[workload.resource_of(index, step_index)]
            task = Task(
                name=step.name,
                task_of=shot,
                pipeline_step=step,
                resources=[user],
                depends=previous,
                bid=BID,
                status=workload.status_of(index, step_index),
                created_by=user,
            )
            for _ in range(VERSIONS_PER_TASK):
                Version(task=task, created_by=user)
            previous = [task]


def import_in_bulk(workload: Workload) -> None:
    """Construct the frame, then import shots, tasks and versions in bulk; commit."""
    made = frame(workload)
    batch = bulk.Import()
    for index, sequence_index, name in workload.shot_rows():
        shot = batch.shot(
            name=name, sequence=made.sequences[sequence_index], type=made.shot_type
        )
        previous: list[bulk.Row] = []
        for step_index, step in enumerate(made.steps):
            user = made.users[workload.resource_of(index, step_index)]
            task = batch.task(
                name=step.name,
                task_of=shot,
                pipeline_step=step,
                resources=[user],
                depends=previous,
                bid=BID,
                status=workload.status_of(index, step_index),
                created_by=user,
            )
            for _ in range(VERSIONS_PER_TASK):
                batch.version(task=task, created_by=user)
            previous = [task]
    batch.save()
