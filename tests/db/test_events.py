"""stalker.events: callbacks, the event log, one object's history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from factories import a_shot, make_user
from sqlalchemy import select
from statements import statements_of

import stalker
from stalker import Booking, Entity, Task, Version, db, events
from stalker.db import audit, bulk, outbox, tables
from stalker.exceptions import ValidationError, ValidationTypeError


@pytest.fixture
def calls():
    """Listen at every kind for ``Entity``; yield the (kind, object) calls."""
    found: list[tuple[str, object]] = []
    listeners = [
        (kind, lambda obj, kind=kind: found.append((kind, obj)))
        for kind in events.KINDS
    ]
    for kind, fn in listeners:
        events.listen(Entity, kind, fn)
    yield found
    for kind, fn in listeners:
        events.remove(Entity, kind, fn)


def _cursor() -> int:
    """The id of the last event written so far."""
    found = db.session.scalar(select(tables.event_counters.c.last_id))
    return int(found)


@pytest.fixture
def cursor() -> int:
    """The log's position before the test writes anything."""
    return _cursor()


def _kinds(found, obj):
    return [kind for kind, other in found if other is obj]


def test_stalker_events_is_imported_on_first_use():
    """``stalker.events`` is the module, reached from ``import stalker``."""
    assert stalker.events is events
    writes = ("insert", "update", "delete")
    flush_time = [f"{when}_{what}" for what in writes for when in ("before", "after")]
    assert (*flush_time, "after_commit") == events.KINDS


def test_insert_update_delete_call_each_kind_for_subclasses(calls):
    """A Task (an Entity subclass) is seen before and after each write."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.flush()
    assert _kinds(calls, task) == ["before_insert", "after_insert"]
    db.session.commit()
    assert _kinds(calls, task) == ["before_insert", "after_insert", "after_commit"]
    calls.clear()
    task.name = "Blocking"
    db.session.commit()
    assert _kinds(calls, task) == ["before_update", "after_update", "after_commit"]
    calls.clear()
    db.session.delete(task)
    db.session.commit()
    assert _kinds(calls, task) == ["before_delete", "after_delete", "after_commit"]


def test_objects_of_other_classes_are_not_passed():
    """Listening for Task leaves the shot and its sequence out."""
    seen = []
    events.listen(Task, "before_insert", seen.append)
    try:
        task = Task(name="Layout", task_of=a_shot())
        db.session.flush()
    finally:
        events.remove(Task, "before_insert", seen.append)
    assert seen == [task]


def test_remove_stops_the_calls():
    """After remove(), the function is no longer called."""
    seen = []
    events.listen(Task, "after_insert", seen.append)
    events.remove(Task, "after_insert", seen.append)
    Task(name="Layout", task_of=a_shot())
    db.session.flush()
    assert seen == []


def test_before_insert_raising_aborts_and_keeps_the_work(cursor):
    """Nothing is stored, the task stays pending, and it saves once allowed."""

    def refuse(obj):
        raise RuntimeError(f"no {obj.name} today")

    task = Task(name="Layout", task_of=a_shot())
    events.listen(Task, "before_insert", refuse)
    try:
        with pytest.raises(RuntimeError, match="no Layout today"):
            db.session.commit()
    finally:
        events.remove(Task, "before_insert", refuse)
    assert task in db.session.new
    with db.session.no_autoflush:
        assert db.session.scalars(select(tables.tasks.c.id)).all() == []
    assert _cursor() == cursor
    db.session.commit()
    assert db.session.scalars(select(tables.tasks.c.id)).all() == [task.id]
    assert [e.kind for e in events.history(task)] == ["insert"]


def test_before_update_raising_keeps_the_change_unsaved():
    """A refused update leaves the database as it was and the change in place."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.commit()
    task_id = task.id

    def refuse(obj):
        raise RuntimeError("frozen")

    events.listen(Task, "before_update", refuse)
    try:
        task.name = "Blocking"
        with pytest.raises(RuntimeError, match="frozen"):
            db.session.flush()
    finally:
        events.remove(Task, "before_update", refuse)
    assert db.session.is_modified(task)
    stored = select(tables.simple_entities.c.name).where(
        tables.simple_entities.c.id == task_id
    )
    with db.session.no_autoflush:
        assert db.session.scalar(stored) == "Layout"
    assert task.name == "Blocking"
    db.session.commit()
    assert db.session.scalar(stored) == "Blocking"


def test_after_commit_may_read_and_is_not_called_on_rollback(calls):
    """after_commit runs with a usable session, only for what was committed."""
    names = []

    def read(obj):
        names.append(obj.name)  # expired by the commit: read again

    events.listen(Task, "after_commit", read)
    try:
        Task(name="Dropped", task_of=a_shot())
        db.session.flush()
        db.session.rollback()
        db.session.commit()
        Task(name="Kept", task_of=a_shot())
        db.session.commit()
    finally:
        events.remove(Task, "after_commit", read)
    assert names == ["Kept"]


def test_after_commit_sees_each_object_once(calls):
    """An object inserted then changed in one transaction is passed once."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.flush()
    task.name = "Blocking"
    db.session.commit()
    assert _kinds(calls, task).count("after_commit") == 1


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        (("Task", "before_insert", print), ValidationTypeError, "events.listen.cls"),
        ((Task, "on_save", print), ValidationError, "events.listen.kind"),
        ((Task, "before_insert", "print"), ValidationTypeError, "events.listen.fn"),
    ],
)
def test_listen_refuses_wrong_arguments(args, error, text):
    """A wrong class, kind or function is refused, naming the argument."""
    with pytest.raises(error, match=text):
        events.listen(*args)


def test_remove_refuses_what_is_not_listening():
    """Removing a function that was never added says so."""
    with pytest.raises(ValidationError, match="not listening at after_insert"):
        events.remove(Task, "after_insert", print)


def test_log_records_insert_update_status_and_delete(cursor):
    """Each change is one event, in order, with its kind, class, id and changes."""
    shot = a_shot()
    task = Task(name="Layout", task_of=shot)
    db.session.commit()
    task_id = task.id
    inserts = events.since(cursor)
    assert [(e.kind, e.entity_type) for e in inserts] == [
        ("insert", "Project"),
        ("insert", "Sequence"),
        ("insert", "Shot"),
        ("insert", "Task"),
    ]
    assert all(e.changes is None and e.user_id is None for e in inserts)
    assert inserts[-1].entity_id == task_id
    task.name = "Blocking"
    task.bid = dt.timedelta(hours=3)
    ready = task.status.short_name
    task.status = task.status_list["WFD"]
    db.session.commit()
    db.session.delete(task)
    db.session.commit()
    story = events.history(task)
    assert [e.kind for e in story] == ["insert", "update", "status", "delete"]
    assert dict(story[1].changes) == {
        "name": ("Layout", "Blocking"),
        "bid": (None, 3 * 3600.0),
    }
    assert dict(story[2].changes) == {"status": (ready, "WFD")}
    assert [e.id for e in story] == sorted(e.id for e in story)
    assert story[-1].entity_id == task_id
    for event in story:
        assert event.time.tzinfo == dt.timezone.utc
        assert event.time <= dt.datetime.now(dt.timezone.utc)


def test_related_objects_are_given_by_id():
    """A new owner and a new list of resources are recorded as ids.

    The two changes are flushed apart (reading the resources flushes the
    new owner) and logged as one update of the transaction.
    """
    task = Task(name="Layout", task_of=a_shot())
    artist = make_user("anim")
    db.session.commit()
    old_shot, new_shot = task.task_of, a_shot()
    task.task_of = new_shot
    task.resources = [artist]
    db.session.commit()
    update = events.history(task)[-1]
    assert dict(update.changes) == {
        "task_of": (old_shot.id, new_shot.id),
        "resources": ([], [artist.id]),
    }


def test_times_are_written_in_iso_8601():
    """A date attribute's change is an ISO 8601 string."""
    shot = a_shot()
    db.session.commit()
    project = shot.sequence.project
    due = dt.datetime(2031, 5, 6, 7, 8, tzinfo=dt.timezone.utc)
    project.due = due
    db.session.commit()
    assert events.history(project)[-1].changes["due"] == (None, due.isoformat())


def test_a_password_never_reaches_the_log(cursor):
    """Changing a password logs an update without the hash, old or new."""
    user = make_user("keeper")
    db.session.commit()
    old_hash = user.password
    user.password = "another secret"
    user.first_name = "Kept"
    db.session.commit()
    update = events.history(user)[-1]
    assert dict(update.changes) == {"first_name": ("Keeper", "Kept")}
    written = db.session.scalars(
        select(tables.events.c.changes).where(tables.events.c.id > cursor)
    ).all()
    assert written
    for text in written:
        assert old_hash not in (text or "")
        assert user.password not in (text or "")


def test_the_logged_in_user_is_recorded():
    """user_id is the id of whoever is logged in when the change is committed."""
    user = make_user("writer")
    db.session.commit()
    audit.remember(user)
    try:
        task = Task(name="Layout", task_of=a_shot())
        db.session.commit()
    finally:
        audit.forget()
    assert [e.user_id for e in events.history(task)] == [user.id]


def test_events_are_read_only():
    """Neither an event's attributes nor its changes can be changed."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.commit()
    task.name = "Blocking"
    db.session.commit()
    update = events.history(task)[-1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        update.kind = "delete"
    with pytest.raises(TypeError):
        update.changes["name"] = ("x", "y")


def test_a_rolled_back_transaction_writes_no_event(cursor):
    """Flushed and then rolled back: the log does not mention it."""
    Task(name="Layout", task_of=a_shot())
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert events.since(cursor) == []


def test_a_failed_commit_writes_its_events_once_when_retried(cursor):
    """Refused at commit (an orphan), then fixed: one insert per object."""
    task = Task(name="Layout")
    db.session.flush()
    with pytest.raises(ValidationError):
        db.session.commit()
    assert events.since(cursor) == []
    task.task_of = a_shot()
    db.session.commit()
    logged = events.since(cursor)
    assert sorted((e.kind, e.entity_type) for e in logged) == [
        ("insert", "Project"),
        ("insert", "Sequence"),
        ("insert", "Shot"),
        ("insert", "Task"),
    ]
    assert task.id in [e.entity_id for e in logged]


def test_since_pages_with_the_cursor(cursor):
    """limit cuts the page; the last id seen gives the next one, nothing twice."""
    for number in range(5):
        Task(name=f"Task {number}", task_of=a_shot())
        db.session.commit()
    seen, position = [], cursor
    while page := events.since(position, limit=3):
        assert len(page) <= 3
        seen += page
        position = page[-1].id
    assert [e.id for e in seen] == list(range(cursor + 1, _cursor() + 1))
    assert len({e.id for e in seen}) == len(seen)


def test_since_ends_the_transaction_it_began():
    """A poller holds no transaction between calls."""
    db.session.commit()
    assert not db.session().in_transaction()
    events.since()
    assert not db.session().in_transaction()
    Task(name="Layout", task_of=a_shot())
    events.since()
    assert db.session().in_transaction()  # the caller's own is left alone


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"cursor": "1"}, ValidationTypeError, "events.since.cursor should be an int"),
        ({"cursor": True}, ValidationTypeError, "events.since.cursor"),
        ({"cursor": -1}, ValidationError, "at least 0, not -1"),
        ({"limit": 0}, ValidationError, "events.since.limit should be an int"),
    ],
)
def test_since_refuses_wrong_arguments(kwargs, error, text):
    """A cursor or limit that is no count is refused, naming it."""
    with pytest.raises(error, match=text):
        events.since(**kwargs)


def test_history_of_an_unsaved_object_is_empty():
    """Nothing is logged before an object is saved."""
    assert events.history(Task(name="Layout", task_of=a_shot())) == []


def test_history_refuses_what_is_not_an_object():
    """history() takes an object of the model."""
    with pytest.raises(ValidationTypeError, match=r"events\.history\.obj should be"):
        events.history(42)


def test_bulk_import_logs_each_row(cursor):
    """An import writes one insert event per shot, task and version."""
    sequence = a_shot().sequence
    db.session.commit()
    batch = bulk.Import()
    shots = [batch.shot(name=f"SH{n:03}", sequence=sequence) for n in range(3)]
    task = batch.task(name="Layout", task_of=shots[0])
    version = batch.version(task=task)
    batch.save()
    logged = events.since(_cursor() - 5)
    assert [(e.kind, e.entity_type, e.entity_id) for e in logged] == [
        *(("insert", "Shot", shot.id) for shot in shots),
        ("insert", "Task", task.id),
        ("insert", "Version", version.id),
    ]


def test_an_import_logs_each_kind_of_row_in_one_statement():
    """Shots, tasks, versions: one INSERT of events each, ids in order, one time."""
    sequence = a_shot().sequence
    db.session.commit()
    cursor = _cursor()
    batch = bulk.Import()
    shots = [batch.shot(name=f"SH{n:03}", sequence=sequence) for n in range(4)]
    tasks = [batch.task(name="Layout", task_of=shot) for shot in shots]
    versions = [batch.version(task=task) for task in tasks for _ in range(2)]
    _, ran = statements_of(batch.save)
    assert len([s for s in ran if s.startswith("INSERT INTO events")]) == 3
    logged = events.since(cursor)
    assert [(e.kind, e.entity_type, e.entity_id) for e in logged] == [
        *(("insert", type(row).__name__, row.id) for row in shots + tasks + versions)
    ]
    assert [e.id for e in logged] == list(range(cursor + 1, cursor + 17))
    assert len({(e.time, e.user_id, e.changes) for e in logged}) == 1
    assert logged[0].changes is None


def test_rows_written_around_the_orm_with_gaps_in_their_ids_are_logged_one_by_one():
    """Ids that do not follow each other are logged each on its own, in order."""
    shots = [a_shot() for _ in range(3)]
    db.session.commit()
    first, _, third = (shot.id for shot in shots)
    start = _cursor()
    outbox.record(db.session(), "insert", "Shot", [third, first])
    outbox.record(db.session(), "insert", "Shot", [first])
    db.session.commit()
    logged = events.since(start)
    assert [(e.id, e.entity_id) for e in logged] == [
        (start + 1, third),
        (start + 2, first),
        (start + 3, first),
    ]


def test_an_artists_save_adds_two_statements():
    """Saving a version adds the counter's update and one INSERT of the events."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.commit()
    Version(task=task)
    _, ran = statements_of(db.session.commit)
    logging = [s for s in ran if "event" in s.lower()]
    assert len(logging) == 2
    assert logging[0].startswith("UPDATE event_counters")
    assert logging[1].startswith("INSERT INTO events")


def test_a_big_commit_logs_in_one_statement():
    """Fifty shots: fifty events, one INSERT."""
    sequence = a_shot().sequence
    db.session.commit()
    cursor = _cursor()
    for number in range(50):
        stalker.Shot(name=f"Big {number}", sequence=sequence)
    _, ran = statements_of(db.session.commit)
    assert sum(s.startswith("INSERT INTO events") for s in ran) == 1
    assert len(events.since(cursor)) == 50


def test_changes_are_stored_as_json(cursor):
    """The changes column is plain JSON, for readers in any language."""
    user = make_user("json")
    db.session.commit()
    user.last_name = "Doe"
    db.session.commit()
    stored = db.session.scalar(
        select(tables.events.c.changes).where(tables.events.c.id == _cursor())
    )
    assert json.loads(stored) == {"last_name": ["", "Doe"]}


def test_an_expired_object_still_says_what_it_replaced():
    """Changed after a commit without being read: the saved values are read."""
    from stalker import ImageFormat

    hd, uhd = (
        ImageFormat(name="HD", width=1920, height=1080),
        ImageFormat(name="UHD", width=3840, height=2160),
    )
    project = a_shot().sequence.project
    project.image_format = hd
    db.session.commit()
    project.image_format = uhd
    project.description = "Bigger"
    db.session.commit()
    assert dict(events.history(project)[-1].changes) == {
        "description": ("", "Bigger"),
        "image_format": (hd.id, uhd.id),
    }


def test_a_changed_then_deleted_object_is_only_deleted():
    """An object changed and deleted in one flush has a delete event alone."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.commit()
    with db.session.no_autoflush:
        task.name = "Gone"
        db.session.delete(task)
    db.session.commit()
    assert [e.kind for e in events.history(task)] == ["insert", "delete"]


def test_rows_that_are_not_objects_are_not_logged():
    """Deleting a status list's entry (a row linking it to a status) logs nothing."""
    status_list = Task(name="Layout", task_of=a_shot()).status_list
    db.session.commit()
    start, kept = _cursor(), status_list.statuses[:-1]
    entries = status_list._statuses_entries
    db.session.delete(entries[-1])
    entries.pop()
    db.session.commit()
    assert status_list.statuses == kept
    assert events.since(start) == []


def test_a_rolled_back_savepoint_leaves_no_event():
    """What a rolled-back savepoint wrote is not logged; a released one's is."""
    task = Task(name="Layout", task_of=a_shot())
    db.session.commit()
    start = _cursor()
    savepoint = db.session.begin_nested()
    dropped = Task(name="Dropped", task_of=task.task_of)
    task.name = "Renamed"
    db.session.flush()
    savepoint.rollback()
    with db.session.begin_nested():
        kept = Task(name="Kept", task_of=task.task_of)
    task.name = "Blocking"
    db.session.commit()
    logged = events.since(start)
    assert [(e.kind, e.entity_id) for e in logged] == [
        ("insert", kept.id),
        ("update", task.id),
    ]
    assert dict(logged[1].changes) == {"name": ("Layout", "Blocking")}
    assert dropped not in db.session


def test_a_value_json_has_no_type_for_is_written_as_text():
    """A studio's own value type (here a Decimal) is logged as its text."""
    from decimal import Decimal

    from stalker.db import outbox

    assert outbox._dumps({"rate": (Decimal("1.5"), None)}) == '{"rate":["1.5",null]}'


def test_workflow_steps_are_status_events_in_order():
    """A day of the workflow reads back from the log as the statuses it went through."""
    lead, artist = make_user("evlead"), make_user("evartist")
    shot = a_shot()
    layout = Task(name="Layout", task_of=shot, responsible=[lead])
    anim = Task(name="Anim", task_of=shot, depends=[layout])
    db.session.commit()
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)
    Booking(
        task=layout, resource=artist, start=start, end=start + dt.timedelta(hours=1)
    )
    db.session.commit()
    (review,) = layout.request_review()
    db.session.commit()
    review.approve()
    db.session.commit()

    def steps(task: Task) -> list[tuple[str, str]]:
        return [e.changes["status"] for e in events.history(task) if e.kind == "status"]

    assert steps(layout) == [("RTS", "WIP"), ("WIP", "PREV"), ("PREV", "CMPL")]
    assert steps(anim) == [("WFD", "RTS")]
    assert [(e.kind, e.entity_type) for e in events.history(review)] == [
        ("insert", "Review"),
        ("status", "Review"),
    ]
    assert events.history(review)[1].changes["status"] == ("NEW", "APP")


def test_event_times_reach_the_driver_as_sqlalchemy_sends_them():
    """The events' driver-level INSERT converts its time as SQLAlchemy would."""
    from sqlalchemy import event, insert

    from stalker.db import outbox

    connection = db.session.connection()
    sent: list[object] = []

    def record(conn, cursor, statement, parameters, context, many):
        sent.append(parameters)

    when = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)  # no microseconds
    row = {"id": -1, "kind": "insert", "entity_type": "T", "entity_id": 1}
    row |= {"user_id": None, "changes": None}
    event.listen(connection, "before_cursor_execute", record)
    try:
        connection.execute(insert(tables.events), {**row, "time": when})
        writer = outbox._EventInsert.of(connection.dialect)
        writer.write(
            connection, [(-2, "insert", "T", 1, None, writer.to_driver(when), None)]
        )
    finally:
        event.remove(connection, "before_cursor_execute", record)
        db.session.rollback()
    by_sqlalchemy, by_driver = (_time_sent(params) for params in sent)
    assert by_driver == by_sqlalchemy


def _time_sent(parameters):
    """The ``time`` among one statement's parameters (one row, or the first)."""
    if isinstance(parameters, list):
        parameters = parameters[0]
    if isinstance(parameters, dict):
        return parameters["time"]
    return parameters[[c.key for c in tables.events.columns].index("time")]
