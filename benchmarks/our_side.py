"""Our side of the comparison: how a user of this Stalker does each thing.

``python -m benchmarks.our_side PHASE SHOTS URL`` runs one phase of
``benchmarks.compare`` (build, render, queries, saves) in this interpreter.
"""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import stalker
from benchmarks import compare, files, objects, phases
from benchmarks.workload import Workload
from stalker import db
from stalker.db import queries


class OurStalker:
    """This Stalker, used through its ordinary objects and documented calls.

    Each method does what ``compare.Library`` says, the way our README does it.
    """

    Project, Sequence, Shot = stalker.Project, stalker.Sequence, stalker.Shot
    Task, User, Version = stalker.Task, stalker.User, stalker.Version

    def set_up(self, url: str) -> Session:
        phases.set_up(url)
        return db.session

    def build(self, workload: Workload) -> None:
        objects.ingest(workload)

    def lay_out(self) -> None:
        files.lay_out(db.session.scalars(select(self.Project)).one())
        db.session.commit()

    def all_versions(self) -> list:
        return db.query(self.Version).all()

    def render(self, version: Any) -> None:
        version.update_paths("ma")

    def user_named(self, login: str) -> Any:
        return db.session.scalars(
            select(self.User).where(self.User.login_name == login)
        ).one()

    def tasks_of(self, shot: Any) -> list:
        return shot.tasks

    def status_code(self, item: Any) -> str:
        return item.status.short_name

    def status_counts(self, project: Any) -> dict[str, int]:
        return queries.status_counts(project)

    def save(self, task: Any, user: Any) -> None:
        version = self.Version(task=task, created_by=user, extension="ma")
        db.session.flush()  # numbered, and placed by its template
        _ = version.absolute_path  # where the artist's tool writes the file
        db.session.commit()


if __name__ == "__main__":
    compare.main(OurStalker(), sys.argv[1:])
