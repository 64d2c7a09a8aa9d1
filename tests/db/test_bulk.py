"""stalker.db.bulk: the rows of ordinary objects, their errors, all or nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from factories import a_project, a_shot
from sqlalchemy import func, select
from statements import statements_of

import stalker.db as db
from stalker import AssetType, PipelineStep, Sequence, Shot, Task, User, Version
from stalker.db import auth, bulk
from stalker.db import tables as t


@pytest.fixture
def frame(session):
    """A saved artist, pipeline step, shot type and two sequences."""
    artist = User(
        login_name="artist", first_name="A", email="artist@s.com", password="x"
    )
    step = PipelineStep(name="Layout")
    kind = AssetType(name="Shot", steps=[step])
    made = {
        "artist": artist,
        "step": step,
        "type": kind,
        "plain": Sequence(name="Plain", project=a_project()),
        "bulk": Sequence(name="Bulk", project=a_project()),
    }
    db.session.commit()
    return made


def _fill(frame, shot, task, version) -> None:
    """Two shots with two tasks and three versions, made by the given makers."""
    artist, step = frame["artist"], frame["step"]
    for number in (10, 20):
        owner = shot(name=f"SH{number}", sequence=frame["sequence"], type=frame["type"])
        first = task(
            name="Layout",
            task_of=owner,
            resources=[artist],
            pipeline_step=step,
            bid=dt.timedelta(hours=5),
            status=2,
            created_by=artist,
        )
        second = task(name="Animation", task_of=owner, depends=[first], priority=7)
        for work, take in [(first, "MAIN"), (first, "MAIN"), (second, "ALT")]:
            version(task=work, take=take, created_by=artist, description="wip")


def _ordinary(frame) -> None:
    frame["sequence"] = frame["plain"]
    _fill(frame, Shot, Task, Version)
    db.session.commit()


def _bulk(frame) -> None:
    frame["sequence"] = frame["bulk"]
    batch = bulk.Import()
    _fill(frame, batch.shot, batch.task, batch.version)
    batch.save()


def _entity(obj) -> tuple:
    row = db.session.execute(
        select(t.simple_entities).where(t.simple_entities.c.id == obj.id)
    ).one()
    same_dates = row.date_created == row.date_updated
    return (*row[1:7], same_dates)  # all but id and the dates


def _snapshot(sequence: Sequence) -> list:
    """Everything the database holds about the shots of one sequence."""
    db.session.expire_all()
    return [
        (
            _entity(shot),
            shot.status.short_name,
            shot.status_list.name,
            shot.type.name,
            [
                (
                    _entity(task),
                    task.status.short_name,
                    task.bid,
                    task.priority,
                    task.pipeline_step and task.pipeline_step.name,
                    [user.login_name for user in task.resources],
                    [other.name for other in task.depends],
                    [
                        (
                            _entity(version),
                            version.take,
                            version.version_number,
                            version.status.short_name,
                            version.path,
                            version.filename,
                        )
                        for version in task.versions
                    ],
                )
                for task in shot.tasks
            ],
        )
        for shot in sequence.shots
    ]


def test_bulk_rows_equal_the_rows_of_ordinary_objects(frame):
    """Every column of every row matches what the ordinary classes write."""
    _ordinary(frame)
    _bulk(frame)
    plain, imported = _snapshot(frame["plain"]), _snapshot(frame["bulk"])
    assert imported == plain
    assert len(imported) == 2
    assert [v[2] for v in imported[0][4][0][7]] == [1, 2]


def test_every_row_of_an_import_has_one_creation_time(frame):
    """The rows of one import are created and updated at the same UTC moment."""
    before = dt.datetime.now(dt.timezone.utc)
    _bulk(frame)
    dates = db.session.execute(
        select(t.simple_entities.c.date_created, t.simple_entities.c.date_updated)
        .join(t.shots, t.shots.c.id == t.simple_entities.c.id)
        .where(t.shots.c.sequence_id == frame["bulk"].id)
    ).all()
    assert len(dates) == 2
    assert len(set(dates)) == 1
    created, updated = dates[0]
    assert created == updated
    assert created >= before.replace(microsecond=0) - dt.timedelta(seconds=1)
    assert created.tzinfo is not None


def test_saved_rows_know_their_ids(frame):
    """After save() each row's id finds the object it became."""
    batch = bulk.Import()
    shot = batch.shot(name="SH010", sequence=frame["bulk"])
    task = batch.task(name="Layout", task_of=shot)
    version = batch.version(task=task)
    assert shot.id is None
    batch.save()
    assert db.session.get(Shot, shot.id).name == "SH010"
    assert db.session.get(Task, task.id).task_of.id == shot.id
    assert db.session.get(Version, version.id).version_number == 1
    assert repr(task) == "<Task row 'Layout'>"


def test_the_loaded_lists_of_saved_objects_show_the_imported_rows(frame):
    """A commit expires only what the ORM wrote: save() expires what it added to."""
    sequence, artist = frame["bulk"], frame["artist"]
    shot = Shot(name="SH001", sequence=sequence)
    task = Task(name="Comp", task_of=shot)
    db.session.commit()
    assert (len(sequence.shots), len(shot.tasks), len(task.versions)) == (1, 1, 0)
    assert artist.tasks == []
    batch = bulk.Import()
    new_shot = batch.shot(name="SH002", sequence=sequence)
    batch.task(name="Anim", task_of=new_shot, resources=[artist])
    batch.task(name="Light", task_of=shot, resources=[artist])
    batch.version(task=task)
    batch.save()
    assert [s.name for s in sequence.shots] == ["SH001", "SH002"]
    assert [t.name for t in shot.tasks] == ["Comp", "Light"]
    assert [v.version_number for v in task.versions] == [1]
    assert sorted(t.name for t in artist.tasks) == ["Anim", "Light"]


def test_versions_of_saved_tasks_continue_their_numbers(frame):
    """A bulk version of a saved task takes the next number of its take."""
    task = Task(task_of=a_shot(), name="Comp")
    Version(task=task)
    Version(task=task)
    db.session.commit()
    batch = bulk.Import()
    rows = [batch.version(task=task), batch.version(task=task, take="ALT")]
    batch.save()
    assert [row.version_number for row in rows] == [3, 1]
    assert [v.version_number for v in db.session.get(Task, task.id).versions] == [
        1,
        2,
        3,
        1,
    ]


def test_rows_may_depend_on_saved_tasks(frame):
    """depends mixes saved tasks and rows given before."""
    saved = Task(task_of=a_shot(), name="Model")
    db.session.commit()
    batch = bulk.Import()
    first = batch.task(name="Rig", depends=[saved])
    second = batch.task(name="Anim", depends=[first, saved])
    batch.save()
    loaded = db.session.get(Task, second.id)
    assert [task.name for task in loaded.depends] == ["Model", "Rig"]


def _same_error(make, attempt) -> None:
    with pytest.raises(Exception) as expected:
        make()
    with pytest.raises(Exception) as got:
        attempt()
    assert type(got.value) is type(expected.value)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize(
    "bad",
    [
        {"name": ""},
        {"name": 5},
        {"name": "1st"},
        {"code": " "},
        {"description": 3},
        {"sequence": "SEQ"},
        {"type": "Shot"},
        {"status": 99},
        {"status": "WIP"},
        {"created_by": "someone"},
    ],
)
def test_a_bad_shot_raises_what_shot_raises(frame, bad):
    """bulk's shot() refuses what Shot() refuses, with the same error."""
    given = {"name": "SH010", **bad}
    _same_error(lambda: Shot(**given), lambda: bulk.Import().shot(**given))


@pytest.mark.parametrize(
    "bad",
    [
        {"name": None},
        {"bid": dt.timedelta(hours=-1)},
        {"bid": 5},
        {"priority": -1},
        {"priority": "high"},
        {"pipeline_step": "Layout"},
        {"resources": ["artist"]},
        {"resources": "artist"},
        {"depends": ["Layout"]},
        {"task_of": "SH010"},
        {"status": 9},
        {"status": True},
        {"status": [1]},
    ],
)
def test_a_bad_task_raises_what_task_raises(frame, bad):
    """bulk's task() refuses what Task() refuses, with the same error."""
    given = {"name": "Layout", **bad}
    _same_error(lambda: Task(**given), lambda: bulk.Import().task(**given))


def test_a_status_checked_once_is_refused_again_for_the_next_rows(frame):
    """The check of a status given is shared by the rows after it, refusals too."""
    batch = bulk.Import()
    first, second = (batch.task(name=f"T{n}", status=1) for n in range(2))
    assert first._status is second._status is first._status_list.statuses[1]
    for _ in range(2):
        _same_error(
            lambda: Task(name="Bad", status=True),
            lambda: batch.task(name="Bad", status=True),
        )


def test_repeated_users_and_saved_tasks_are_refused_like_task_does(frame):
    """Repeats in resources and depends get Task's own message."""
    saved, artist = Task(task_of=a_shot(), name="Model"), frame["artist"]
    for bad in ({"resources": [artist, artist]}, {"depends": [saved, saved]}):
        given = {"name": "Rig", **bad}
        _same_error(lambda g=given: Task(**g), lambda g=given: bulk.Import().task(**g))


def test_a_repeated_row_in_depends_is_refused(frame):
    """A row named twice in depends is a repeat too."""
    batch = bulk.Import()
    first = batch.task(name="Rig")
    with pytest.raises(ValueError) as error:
        batch.task(name="Anim", depends=[first, first])
    assert str(error.value) == (
        "Task.depends should be a list of Task instances without repeats, "
        "not Task: <Task row 'Rig'>"
    )


def test_a_value_equal_to_one_seen_before_is_still_checked_by_type(frame):
    """priority=1 is fine; priority=1.0 right after is refused, as Task refuses it."""
    batch = bulk.Import()
    assert batch.task(name="Rig", priority=1).priority == 1
    _same_error(
        lambda: Task(task_of=a_shot(), name="Anim", priority=1.0),
        lambda: batch.task(name="Anim", priority=1.0),
    )


def test_rows_of_another_import_are_refused(frame):
    """Rows belong to their import: another one refuses them as it refuses strangers."""
    shot = bulk.Import().shot(name="SH010")
    with pytest.raises(
        TypeError, match=r"^Task\.task_of should be a Project, Sequence, Shot or Asset"
    ):
        bulk.Import().task(name="Layout", task_of=shot)


@pytest.mark.parametrize(
    "bad", [{"task": None}, {"task": "Layout"}, {"take": "two words"}, {"take": ""}]
)
def test_a_bad_version_raises_what_version_raises(frame, bad):
    """bulk's version() refuses what Version() refuses, with the same error."""
    given = {"task": Task(task_of=a_shot(), name="Layout"), **bad}
    _same_error(lambda: Version(**given), lambda: bulk.Import().version(**given))


def _count(table) -> int:
    return db.session.scalar(select(func.count()).select_from(table))


def test_a_failure_while_saving_writes_nothing(frame, monkeypatch):
    """An error in the middle of save() rolls every row of the import back."""
    before = {table.name: _count(table) for table in (t.shots, t.tasks, t.versions)}
    batch = bulk.Import()
    shot = batch.shot(name="SH010", sequence=frame["bulk"])
    batch.version(task=batch.task(name="Layout", task_of=shot))

    def fail(session, versions):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "_number_versions", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        batch.save()
    after = {table.name: _count(table) for table in (t.shots, t.tasks, t.versions)}
    assert after == before
    assert db.session.get(Sequence, frame["bulk"].id).shots == []


def test_an_object_outside_the_session_is_refused_and_nothing_written(frame):
    """A row may only point at objects the session can save; save() says which."""
    loose = Sequence(name="Loose")
    db.session.expunge(loose)
    batch = bulk.Import()
    batch.shot(name="SH010", sequence=loose)
    before = _count(t.shots)
    with pytest.raises(ValueError) as error:
        batch.save()
    assert str(error.value) == (
        "Sequence: <Sequence 'Loose'> should be saved or in the session before "
        "the import"
    )
    assert _count(t.shots) == before


def test_rows_read_their_values_by_public_name(frame):
    """row.bid reads the validated bid; unknown names raise AttributeError."""
    row = bulk.Import().task(name=" Rig ", bid=dt.timedelta(hours=2))
    assert (row.name, row.code, row.bid) == ("Rig", "RIG", dt.timedelta(hours=2))
    with pytest.raises(AttributeError):
        _ = row.colour


def test_rows_record_the_logged_in_user_as_the_classes_do(
    frame, login_folder, make_user
):
    """Without created_by a row takes the logged-in user; a given one wins."""
    artist = make_user("someone")
    db.session.commit()
    auth.login(artist)
    batch = bulk.Import()
    mine = batch.task(name="Rig")
    theirs = batch.task(name="Anim", created_by=frame["artist"])
    version = batch.version(task=mine)
    batch.save()
    tasks = [db.session.get(Task, row.id) for row in (mine, theirs)]
    assert [(t.created_by, t.updated_by) for t in tasks] == [
        (artist, artist),
        (frame["artist"], frame["artist"]),
    ]
    assert db.session.get(Version, version.id).created_by is artist
    assert Task(task_of=a_shot(), name="Plain").created_by is artist


def test_a_duplicate_code_in_an_import_is_a_duplicate_error(frame):
    """The database refuses it; the import raises Stalker's error and writes nothing."""
    from stalker.exceptions import DuplicateError

    batch = bulk.Import()
    batch.shot(name="SH010", sequence=frame["bulk"])
    batch.shot(name="SH010", sequence=frame["bulk"])
    with pytest.raises(DuplicateError) as error:
        batch.save()
    assert str(error.value) == (
        "Shot.code should be unique in its scope: "
        "the database refused a value it already holds"
    )
    assert db.query(Shot).count() == 0


def test_an_empty_code_is_derived_as_shot_derives_it(frame):
    """code="" derives the code from the name, in bulk as in Shot()."""
    row = bulk.Import().shot(name="Shot 10", code="")
    assert row.code == Shot(name="Shot 10", code="").code == "SHOT_10"


#: Statuses (indexes into the Task list: WFD, RTS, WIP, ..., STOP, CMPL) of
#: the tasks of each shot: every way they add up, and a shot without tasks.
SHOT_TASKS = ([8, 8], [7, 8], [0, 0], [0, 1], [1, 1], [8, 1], [2], [0, 7], [])


def _added_up(frame, shot, task) -> None:
    for number, statuses in enumerate(SHOT_TASKS):
        owner = shot(name=f"SH{number:03}", sequence=frame["sequence"])
        for index, status in enumerate(statuses):
            task(name=f"T{index}", task_of=owner, status=status)


def _statuses(sequence: Sequence) -> list[str]:
    db.session.expire_all()
    return [
        sequence.project.status.short_name,
        sequence.status.short_name,
        *(shot.status.short_name for shot in sequence.shots),
    ]


def test_imported_shots_add_up_as_the_roll_up_adds_them_up(frame):
    """Shots, sequence and project end as they do when the same tasks are flushed."""
    frame["sequence"] = frame["plain"]
    _added_up(frame, Shot, Task)
    db.session.commit()
    frame["sequence"] = frame["bulk"]
    batch = bulk.Import()
    _added_up(frame, batch.shot, batch.task)
    batch.save()
    plain, imported = _statuses(frame["plain"]), _statuses(frame["bulk"])
    assert imported == plain
    assert imported[2:] == ["CMPL", "CMPL", "WFD", "RTS", "RTS"] + ["WIP"] * 3 + ["WFD"]
    assert imported[:2] == ["WIP", "WIP"]


def test_a_saved_shot_given_tasks_in_an_import_adds_them_up(frame):
    """A completed shot given a ready task is worked on again, with its sequence."""
    shot = Shot(name="SH010", sequence=frame["bulk"])
    Task(name="Layout", task_of=shot, status=8)
    db.session.commit()
    assert _statuses(frame["bulk"]) == ["CMPL", "CMPL", "CMPL"]
    batch = bulk.Import()
    batch.task(name="Anim", task_of=shot, status=1)
    batch.save()
    assert _statuses(frame["bulk"]) == ["WIP", "WIP", "WIP"]


def _import(frame, sequence: str, shots: int) -> list[str]:
    """The statements of saving ``shots`` shots, each with two tasks and versions."""
    artist, step = frame["artist"], frame["step"]
    batch = bulk.Import()
    for number in range(shots):
        owner = batch.shot(name=f"SH{number:03}", sequence=frame[sequence])
        first = batch.task(
            name="Layout", task_of=owner, resources=[artist], pipeline_step=step
        )
        second = batch.task(name="Anim", task_of=owner, depends=[first], status=2)
        for work in (first, second):
            batch.version(task=work, created_by=artist)
    return statements_of(batch.save)[1]


def _kinds(statements: list[str]) -> list[str]:
    """Each statement's first three words, the test's savepoints unnamed."""
    return [
        re.sub(r"sa_savepoint_\d+", "", " ".join(s.split()[:3])) for s in statements
    ]


def test_an_import_runs_the_same_statements_whatever_its_size(frame):
    """No statement per row: a 12-shot import runs what a 2-shot one runs."""
    small, large = _import(frame, "plain", 2), _import(frame, "bulk", 12)
    # Multi-row INSERTs and IN lists grow; the statements do not.
    assert _kinds(large) == _kinds(small)
    # The new shots are written added up: no shot is read back or updated,
    # and the tasks' owners are not read again.
    assert not [s for s in large if s.startswith(("UPDATE shots", "SELECT shots"))]
    assert not [s for s in large if s.startswith("SELECT tasks.parent_id")]
    assert len([s for s in large if s.startswith("UPDATE sequences")]) == 1
