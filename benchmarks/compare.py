"""The phases of the side-by-side benchmark, written once for either library.

Each side (``benchmarks.our_side`` for this Stalker, ``benchmarks.upstream_phases``
for upstream Stalker 1.1.2.1, run by upstream's interpreter) describes how a
user of that library builds the production and asks its questions: a
``Library``. The timing, the statement counts and the memory readings are
here, the same for both. This module imports SQLAlchemy and the benchmark's
own helpers only, never a ``stalker``: the side's module brings its own.

Run by a side's module as ``main(library, [PHASE, SHOTS, URL])``; a phase
prints one JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.measure import (
    QUERY_RUNS,
    SAVES,
    current_rss_mb,
    forget_loaded,
    peak_rss_mb,
    repeat,
    statements,
    stopwatch,
)
from benchmarks.workload import Workload

#: The artist whose tasks are asked for, and the one who saves versions.
ASKING_ARTIST, SAVING_ARTIST = "artist0001", "artist0002"


class Library(Protocol):
    """How a user of one library does each thing the benchmark measures."""

    Project: type
    Sequence: type
    Shot: type
    Task: type
    User: type
    Version: type

    def set_up(self, url: str) -> Session:
        """Connect to the database at ``url`` (made if new); return the session."""

    def build(self, workload: Workload) -> None:
        """Build the production through the ordinary objects and commit it."""

    def lay_out(self) -> None:
        """Give the project a repository and a template for the versions' paths."""

    def all_versions(self) -> list[Any]:
        """Every version, by the plain query (``query(Version).all()``)."""

    def render(self, version: Any) -> None:
        """Render one version's path."""

    def user_named(self, login: str) -> Any:
        """The user of that login name."""

    def tasks_of(self, shot: Any) -> list[Any]:
        """The tasks of a shot, as its relationship gives them."""

    def status_code(self, item: Any) -> str:
        """The code of an object's status, read through its relationship."""

    def status_counts(self, project: Any) -> dict[str, int]:
        """How many tasks of the project have each status."""

    def save(self, task: Any, user: Any) -> None:
        """An artist saves a new version of ``task``: numbered, its path, committed."""


def build_phase(library: Library, workload: Workload, url: str) -> dict:
    """Build and commit the production; its time and its peak memory."""
    library.set_up(url)
    baseline = current_rss_mb()
    with stopwatch() as clock:
        library.build(workload)
    return {**clock, "peak_mb": peak_rss_mb() - baseline}


def render_phase(library: Library, workload: Workload, url: str) -> dict:
    """Render every version's path one by one after the plain query, twice."""
    session = library.set_up(url)
    library.lay_out()
    forget_loaded(session)
    with stopwatch() as query:
        versions = library.all_versions()
    found = {"versions": len(versions), "query_s": query["seconds"]}
    for run in ("first", "warm"):
        with stopwatch() as clock:
            for version in versions:
                library.render(version)
        found[f"{run}_s"] = clock["seconds"]
        found[f"{run}_cpu"] = clock["cpu"]
    session.commit()  # what rendering stored, if the library stores paths
    return found


def _timed(
    session: Session,
    run: Callable[[], object],
    prepare: Callable[[], object],
    times: int,
) -> dict:
    """Time ``run`` after ``prepare`` ``times`` times; count one run's statements."""
    timing = repeat(run, prepare, times)
    prepare()
    with statements(session.get_bind()) as sent:
        run()
    return {**timing, "statements": len(sent)}


def questions(library: Library, session: Session, workload: Workload) -> dict:
    """The typical questions, each a callable reading a middle-sized answer.

    The same plain idioms on both sides: a query for a user's tasks, the
    relationships for a shot's tasks and a sequence's shots, the newest of
    each task's ``versions`` for the latest versions.
    """
    lib = library
    ids = {
        "user": lib.user_named(ASKING_ARTIST).id,
        "shot": session.scalar(
            select(lib.Shot.id).where(lib.Shot.name == workload.middle_shot_name())
        ),
        "sequence": session.scalar(
            select(lib.Sequence.id).where(lib.Sequence.name == "SEQ000")
        ),
        "project": session.scalar(select(lib.Project.id)),
    }

    def statuses(items) -> list:
        return [(item.name, lib.status_code(item)) for item in items]

    def user_tasks() -> list:
        user = session.get(lib.User, ids["user"])
        return statuses(
            session.scalars(select(lib.Task).where(lib.Task.resources.contains(user)))
        )

    def latest_versions() -> list:
        tasks = lib.tasks_of(session.get(lib.Shot, ids["shot"]))
        return [
            (
                task.name,
                lib.status_code(task),
                max(task.versions, key=_number).version_number,
            )
            for task in tasks
        ]

    return {
        "user_tasks": user_tasks,
        "shot_tasks_with_statuses": lambda: statuses(
            lib.tasks_of(session.get(lib.Shot, ids["shot"]))
        ),
        "latest_version_per_task_of_shot": latest_versions,
        "shots_of_sequence": lambda: statuses(
            session.get(lib.Sequence, ids["sequence"]).shots
        ),
        "status_counts_of_project": lambda: lib.status_counts(
            session.get(lib.Project, ids["project"])
        ),
    }


def _number(version: Any) -> int:
    return version.version_number


def queries_phase(library: Library, workload: Workload, url: str) -> dict:
    """Time each typical question in a fresh session and count its statements."""
    session = library.set_up(url)
    return {
        name: _timed(session, run, lambda: forget_loaded(session), QUERY_RUNS)
        for name, run in questions(library, session, workload).items()
    }


def saves_phase(library: Library, workload: Workload, url: str) -> dict:
    """Artists save versions: in a session holding every version, in an empty one."""
    session = library.set_up(url)
    task_id = session.scalar(
        select(library.Task.id).order_by(library.Task.id.desc()).limit(1)
    )
    user_id = library.user_named(SAVING_ARTIST).id
    held: dict[str, Any] = {}

    def load(everything: bool) -> None:
        forget_loaded(session)
        held["versions"] = library.all_versions() if everything else []
        held["task"] = session.get(library.Task, task_id)
        held["user"] = session.get(library.User, user_id)

    def save() -> None:
        library.save(held["task"], held["user"])

    return {
        "full_session": _timed(session, save, lambda: load(True), SAVES),
        "empty_session": _timed(session, save, lambda: load(False), SAVES),
    }


PHASES = {
    "build": build_phase,
    "render": render_phase,
    "queries": queries_phase,
    "saves": saves_phase,
}


def main(library: Library, argv: list[str]) -> None:
    """Run the phase named in ``argv`` (``PHASE SHOTS URL``); print its JSON."""
    name, shots, url = argv
    print(json.dumps(PHASES[name](library, Workload.side_by_side(int(shots)), url)))
