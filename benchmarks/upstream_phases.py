"""Upstream's side of the comparison: how a user of Stalker 1.1.2.1 does each thing.

Run only by upstream's interpreter, isolated so that the ``stalker`` it
imports is upstream's installed package, never this repository's
(``benchmarks.side_by_side`` starts it with ``-I`` and appends this
repository to the end of ``sys.path``, after site-packages)::

    PYTHON -I -c "$(python -m benchmarks.side_by_side --boot)" PHASE SHOTS URL

Upstream's ordinary API asks for the database at several steps: a shot's
code is checked against the saved shots of its project, so the project is
committed before the shots; a version is numbered from the saved versions of
its task when it is constructed, so each task and each version is flushed
before the next version is made. Its versions keep no path: the path is
rendered on demand from the project's FilenameTemplate
(``Version.generate_path``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from stalker.db.setup import init, setup
from stalker.models.enum import TimeUnit

import stalker
from benchmarks import compare
from benchmarks.workload import (
    DONE,
    REPOSITORY_ROOTS,
    STEPS,
    WAITING,
    WORKING,
    Frame,
    Workload,
    fill,
)
from stalker.db.session import DBSession

#: Upstream's codes for the workload's statuses (it calls waiting "WFD").
STATUS_CODES = {DONE: "CMPL", WORKING: "WIP", WAITING: "WFD"}
#: The same folders and names as our ``benchmarks.files`` templates give, in
#: upstream's template variables (a task's shot is the first of its parents).
PATH = (
    "{{ project.repository.path }}/{{ project.code }}/Sequences/{{ sequence.code }}"
    "/Shots/{{ parent_tasks[0].code }}/{{ task.name }}"
)
FILENAME = (
    "{{ parent_tasks[0].code }}_{{ task.name }}"
    "_v{{ '%03d'|format(version.version_number) }}"
)


def _check_isolated() -> None:
    """Refuse to run on this repository's ``stalker``: the figures would lie."""
    here = Path(__file__).resolve().parent.parent
    if Path(stalker.__file__).resolve().is_relative_to(here):
        raise RuntimeError(f"upstream side imported {stalker.__file__}, not upstream")


class UpstreamStalker:
    """Upstream Stalker 1.1.2.1, used through its ordinary objects.

    Each method does what ``compare.Library`` says, the way upstream's API has it.
    """

    Project, Sequence, Shot = stalker.Project, stalker.Sequence, stalker.Shot
    Task, User, Version = stalker.Task, stalker.User, stalker.Version

    def set_up(self, url: str) -> Session:
        setup({"sqlalchemy.url": url})
        if not DBSession.scalar(select(stalker.StatusList.id).limit(1)):
            init()  # admin, statuses and status lists of a new database
        return DBSession

    def _frame(self, workload: Workload) -> Frame:
        users = [
            stalker.User(
                name=name, login=name, email=f"{name}@studio.com", password="x"
            )
            for name in workload.user_names()
        ]
        steps = [
            stalker.Type(name=step, code=step, target_entity_type="Task")
            for step in STEPS
        ]
        shot_type = stalker.Type(name="Shot", code="Shot", target_entity_type="Shot")
        character = stalker.Type(
            name="Character", code="Character", target_entity_type="Asset"
        )
        name = f"Bench {workload.shots}"
        project = stalker.Project(name=name, code=name.replace(" ", ""), users=users)
        sequences = [
            stalker.Sequence(name=name, code=name, project=project)
            for name in workload.sequence_names()
        ]
        for name in workload.asset_names():
            stalker.Asset(name=name, code=name, project=project, type=character)
        DBSession.add(project)
        DBSession.commit()  # shots check their codes against the saved ones
        return Frame(users, steps, shot_type, sequences)

    def build(self, workload: Workload) -> None:
        made = self._frame(workload)
        project = made.sequences[0].project
        statuses = {
            status.code: status
            for status in DBSession.scalars(
                select(stalker.StatusList).where(
                    stalker.StatusList.target_entity_type == "Task"
                )
            )
            .one()
            .statuses
        }

        def shot(name: str, sequence: Any, type: Any) -> Any:
            return stalker.Shot(
                name=name, code=name, project=project, sequence=sequence, type=type
            )

        def task(
            task_of: Any,
            pipeline_step: Any,
            depends: list,
            bid: Any,
            status: int,
            **kwargs: Any,
        ) -> Any:
            made = stalker.Task(
                parent=task_of,
                type=pipeline_step,
                depends_on=depends,
                bid_timing=bid.days,
                bid_unit=TimeUnit.Day,
                **kwargs,
            )
            made.status = statuses[STATUS_CODES[status]]
            DBSession.add(made)
            DBSession.flush()  # its versions are numbered from the database
            return made

        def version(**kwargs: Any) -> None:
            DBSession.add(stalker.Version(**kwargs))
            DBSession.flush()  # the next one is numbered after this one

        fill(workload, made, shot, task, version, DBSession.commit)
        DBSession.commit()

    def lay_out(self) -> None:
        project = DBSession.scalars(select(self.Project)).one()
        project.repositories = [
            stalker.Repository(
                name="Bench",
                code="BENCH",
                linux_path=REPOSITORY_ROOTS["linux"],
                windows_path=REPOSITORY_ROOTS["windows"],
                macos_path=REPOSITORY_ROOTS["macos"],
            )
        ]
        template = stalker.FilenameTemplate(
            name="Bench Task Template",
            target_entity_type="Task",
            path=PATH,
            filename=FILENAME,
        )
        project.structure = stalker.Structure(
            name="Bench Structure", templates=[template]
        )
        DBSession.commit()

    def all_versions(self) -> list:
        return DBSession.query(self.Version).all()

    def render(self, version: Any) -> None:
        version.generate_path(".ma")

    def user_named(self, login: str) -> Any:
        return DBSession.scalars(
            select(self.User).where(self.User.login == login)
        ).one()

    def tasks_of(self, shot: Any) -> list:
        return shot.children

    def status_code(self, item: Any) -> str:
        return item.status.code

    def status_counts(self, project: Any) -> dict[str, int]:
        status = aliased(stalker.Status, flat=True)  # shares a table with Task
        rows = DBSession.execute(
            select(status.code, func.count(self.Task.id))
            .select_from(self.Task)
            .join(self.Task.status.of_type(status))
            .where(self.Task.project == project)
            .group_by(status.code)
        )
        return {code: count for code, count in rows}

    def save(self, task: Any, user: Any) -> None:
        version = self.Version(task=task, created_by=user)  # numbered here
        DBSession.add(version)
        _ = version.generate_path(".ma")  # where the artist's tool writes the file
        DBSession.commit()


if __name__ == "__main__":
    _check_isolated()
    compare.main(UpstreamStalker(), sys.argv[1:])
