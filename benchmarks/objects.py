"""Build the workload through Stalker's ordinary classes (after ``db.setup()``)."""

from __future__ import annotations

import stalker
from benchmarks.workload import STEPS, Frame, Workload, fill
from stalker import db
from stalker.db import bulk


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


def build(workload: Workload) -> None:
    """Construct every object of the production; they are pending in the session."""
    fill(workload, frame(workload), stalker.Shot, stalker.Task, stalker.Version)


def ingest(workload: Workload) -> None:
    """Construct the production as an ingest does: a commit every few shots."""
    made = frame(workload)
    db.session.commit()
    fill(workload, made, stalker.Shot, stalker.Task, stalker.Version, db.session.commit)
    db.session.commit()


def import_in_bulk(workload: Workload) -> None:
    """Construct the frame, then import shots, tasks and versions in bulk; commit."""
    made = frame(workload)
    batch = bulk.Import()
    fill(workload, made, batch.shot, batch.task, batch.version)
    batch.save()
