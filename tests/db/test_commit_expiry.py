"""What a commit expires: what it wrote; what it only read stays as read.

Another process's change is played here by an UPDATE sent around the ORM on
the session's own connection.
"""

from __future__ import annotations

import gc
import weakref

from factories import a_shot
from sqlalchemy import inspect, update

from stalker import Task, Version, db
from stalker.db import tables as t


def _renamed_elsewhere(task: Task, name: str) -> None:
    """Rename the task's row as another process would: the session is not told."""
    db.session.execute(
        update(t.simple_entities)
        .where(t.simple_entities.c.id == task.id)
        .values(name=name, version_id=t.simple_entities.c.version_id + 1)
    )


def test_objects_only_read_keep_their_values_until_expire_all():
    read, written = (
        Task(name="Read", task_of=a_shot()),
        Task(name="W", task_of=a_shot()),
    )
    db.session.commit()
    _renamed_elsewhere(read, "Renamed")
    written.name = "Written"
    db.session.commit()
    assert not inspect(read).expired
    assert read.name == "Read"
    assert inspect(written).expired
    assert written.name == "Written"
    db.session.expire_all()
    assert read.name == "Renamed"


def test_a_commit_that_deletes_expires_the_lists_holding_what_it_deleted():
    task = Task(name="Comp", task_of=a_shot())
    kept, gone = Version(task=task), Version(task=task)
    db.session.commit()
    assert task.versions == [kept, gone]
    shot = task.task_of
    db.session.delete(gone)
    db.session.commit()
    assert inspect(gone).detached
    assert task.versions == [kept]
    assert shot.tasks == [task]


def test_an_object_written_then_expunged_is_left_alone():
    task = Task(name="Comp", task_of=a_shot())
    db.session.flush()
    db.session.expunge(task)
    db.session.commit()
    assert inspect(task).detached
    assert task.name == "Comp"  # still loaded: nothing to read it from


def test_what_a_commit_wrote_is_freed_as_soon_as_nobody_holds_it():
    """No reference cycle outlives the commit: an ingest keeps only what it holds.

    Neither the objects nor SQLAlchemy's states of them wait for Python's
    cyclic collector.
    """
    shot = a_shot()
    first = Task(name="Layout", task_of=shot)
    second = Task(name="Animation", task_of=shot, depends=[first])
    version = Version(task=second)
    assert list(second.depends) == [first]  # the proxy keeps its list on the task
    objects = (first, second, version)
    written = [weakref.ref(obj) for obj in (*objects, *map(inspect, objects))]
    db.session.commit()
    del first, second, version, objects
    gc.disable()  # freed by reference counts alone, not by the cyclic collector
    try:
        assert [ref() for ref in written] == [None] * 6
    finally:
        gc.enable()
