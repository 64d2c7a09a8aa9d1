"""Placing and rendering many versions reads their chains in a bounded number of statements."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import select
from statements import statements_of

from stalker import (
    Project,
    ProjectType,
    Sequence,
    Shot,
    Task,
    TypeTemplate,
    Version,
    db,
)
from stalker.db import chain
from stalker.files.placement import update_paths


def _new_shots(production, first: int, count: int) -> list[Version]:
    """``count`` new shots of the production, two tasks each, two versions a task."""
    shot_type = production.shot_template.type
    versions = []
    for n in range(first, first + count):
        shot = Shot(name=f"S{n:03d}", sequence=production.sequence, type=shot_type)
        for name in ("Layout", "Animation"):
            task = Task(name=name, task_of=shot)
            versions += [Version(task=task, extension="ma") for _ in range(2)]
    return versions


@pytest.mark.parametrize("structure", [True, False])
def test_a_flush_of_new_shots_sends_as_many_statements_for_two_as_for_six(
    production, structure
):
    """New shots, tasks and versions: placing them reads nothing per task.

    Their chain is all in memory, or ends at a project without a Structure:
    neither asks the database anything, whatever the number of tasks.
    """
    if not structure:
        production.project.structure = None
    db.session.commit()  # the project is saved, and expired
    _new_shots(production, 100, 1)
    db.session.flush()  # reads the project and the structure once
    counts = []
    for first, count in ((200, 2), (300, 6)):
        versions = _new_shots(production, first, count)
        counts.append(len(statements_of(db.session.flush)[1]))
    assert counts[0] == counts[1]
    expected = "Sequences/SEQ1/Shots/S305/Animation" if structure else ""
    assert versions[-1].path == expected


def _saved_tasks(production, count: int) -> list[int]:
    """The ids of ``count`` saved tasks of new shots; the session is then emptied."""
    tasks = [version.task for version in _new_shots(production, 400, count)[::4]]
    db.session.commit()
    ids = [task.id for task in tasks]
    db.session.expunge_all()
    return ids


def test_new_versions_of_saved_tasks_load_their_chains_in_one_statement(production):
    """An artist's save of several tasks' versions reads one chain statement."""
    ids = _saved_tasks(production, 6)
    tasks = [db.session.get(Task, task_id) for task_id in ids]
    versions = [Version(task=task, extension="mb") for task in tasks]
    _, sent = statements_of(db.session.flush)
    chains = [statement for statement in sent if "asset_templates" in statement]
    assert len(chains) == 1
    assert [version.filename for version in versions][-1] == "S405_MAIN_v3.mb"


def test_chains_are_read_in_batches(production, monkeypatch):
    """More tasks than ``BATCH`` take one statement a batch, not one a task."""
    monkeypatch.setattr(chain, "BATCH", 2)
    tasks = [db.session.get(Task, task_id) for task_id in _saved_tasks(production, 5)]
    versions = [Version(task=task, extension="mb") for task in tasks]
    _, sent = statements_of(db.session.flush)
    chains = [statement for statement in sent if "asset_templates" in statement]
    assert len(chains) == 3
    assert {version.path for version in versions} >= {
        "Sequences/SEQ1/Shots/S400/Layout"
    }


def test_rendering_one_by_one_after_a_query_reads_the_chains_once(production):
    """``update_paths`` of each version a plain query loaded: no statement per task."""
    _saved_tasks(production, 8)
    versions = db.session.query(Version).all()
    assert len({version.task_id for version in versions}) == 16
    _, sent = statements_of(lambda: [v.update_paths("mb") for v in versions])
    chains = [statement for statement in sent if "asset_templates" in statement]
    assert len(chains) == 1
    assert len(sent) < 8
    assert versions[-1].filename == "S407_MAIN_v2.mb"


def test_one_by_one_reads_at_most_a_batch_of_other_chains(production, monkeypatch):
    """A missing chain brings at most ``BATCH`` tasks' chains along with its own."""
    monkeypatch.setattr(chain, "BATCH", 3)
    _saved_tasks(production, 7)
    versions = db.session.query(Version).all()
    _, sent = statements_of(lambda: [v.update_paths("mb") for v in versions])
    chains = [statement for statement in sent if "asset_templates" in statement]
    assert len(chains) == 5  # 14 tasks: 3 + 3 + 3 + 3 + 2
    assert {v.path for v in versions} == {
        f"Sequences/SEQ1/Shots/S{n:03d}/{name}"
        for n in range(400, 407)
        for name in ("Layout", "Animation")
    }


def test_one_by_one_goes_over_the_session_once(production, monkeypatch):
    """Each batch starts where the last one stopped: one scan of the session in all."""
    monkeypatch.setattr(chain, "BATCH", 3)
    scans = []
    scan = chain._version_keys
    monkeypatch.setattr(
        chain, "_version_keys", lambda session: scans.append(1) or scan(session)
    )
    _saved_tasks(production, 7)
    versions = db.session.query(Version).all()
    for version in versions:
        version.update_paths("mb")
    assert len(scans) == 1
    assert len({v.path for v in versions}) == 14


def test_a_version_the_last_scan_missed_still_gets_its_chain(production, monkeypatch):
    """Versions loaded after a scan are found by their own miss, in one statement."""
    monkeypatch.setattr(chain, "BATCH", 2)
    _saved_tasks(production, 3)
    first, *_ = db.session.query(Version).order_by(Version.id).limit(1).all()
    first.update_paths("mb")  # scans what the session holds: one version
    late = db.session.query(Version).order_by(Version.id.desc()).first()
    _, sent = statements_of(lambda: late.update_paths("mb"))
    assert len([s for s in sent if "asset_templates" in s]) == 1
    assert late.path == "Sequences/SEQ1/Shots/S402/Animation"


def _sequence_versions(project: Project, first: int, count: int) -> list[int]:
    """The ids of versions of ``count`` new sequences' Edit tasks, saved."""
    versions = [
        Version(
            task=Task(
                name="Edit",
                task_of=Sequence(name=f"Q{n}", code=f"Q{n}", project=project),
            ),
            extension="mov",
        )
        for n in range(first, first + count)
    ]
    db.session.commit()
    return [version.id for version in versions]


def test_versions_of_sequence_tasks_render_in_as_many_statements_for_two_as_six(
    production,
):
    """The chain of a sequence's task is read as a shot's: not one task at a time."""
    commercial = ProjectType(name="Commercial")
    production.project.type = commercial
    production.structure.asset_templates.append(
        TypeTemplate(
            name="Production",
            path_code="Sequences/{{ sequence.code }}/{{ task.name }}",
            file_code="{{ sequence.code }}_v{{ version.version_number }}",
            type=commercial,
        )
    )
    db.session.commit()
    project_id = production.project.id
    counts, paths = [], []
    for first, count in ((10, 2), (20, 6)):
        ids = _sequence_versions(db.session.get(Project, project_id), first, count)
        db.session.expunge_all()
        found = db.session.scalars(select(Version).where(Version.id.in_(ids))).all()
        counts.append(len(statements_of(partial(update_paths, found))[1]))
        paths.append(found[-1].path)
    assert counts[0] == counts[1]
    assert paths == ["Sequences/Q11/Edit", "Sequences/Q25/Edit"]
