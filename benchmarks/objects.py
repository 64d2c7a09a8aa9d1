"""Build the workload through Stalker's ordinary classes (after ``db.setup()``)."""

from __future__ import annotations

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


def build(workload: Workload) -> Project:
    """Construct every object of the production; they are pending in the session."""
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
    for index, sequence_index, name in workload.shot_rows():
        shot = Shot(name=name, sequence=sequences[sequence_index], type=shot_type)
        previous: list[Task] = []
        for step_index, step in enumerate(steps):
            user = users[workload.resource_of(index, step_index)]
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
    return project
