"""StalkerSession: flushes without the cyclic garbage collector, failed commits undone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from stalker import Tag, db
from stalker.db.session import no_autoflush
from stalker.exceptions import ValidationError


@pytest.fixture
def collector_seen(session) -> Iterator[list[bool]]:
    """Whether the garbage collector was enabled at each flush, as a list."""
    seen: list[bool] = []

    def record(*_: object) -> None:
        seen.append(gc.isenabled())

    event.listen(session, "before_flush", record)
    yield seen
    event.remove(session, "before_flush", record)


def test_a_flush_runs_with_the_collector_paused(session, collector_seen):
    """The collector is off during the flush and on again after it."""
    Tag(name="Paused")
    session.flush()
    assert collector_seen == [False]
    assert gc.isenabled()


def test_a_failed_flush_turns_the_collector_back_on(session, collector_seen):
    """An error inside the flush still leaves the collector enabled."""

    def fail(*_: object) -> None:
        raise ValidationError("refused in the flush")

    Tag(name="Failing")
    event.listen(session, "before_flush", fail)
    try:
        with pytest.raises(ValidationError, match="refused in the flush"):
            session.commit()
    finally:
        event.remove(session, "before_flush", fail)
    assert collector_seen == [False]
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled(session, collector_seen):
    """A program that turned the collector off finds it off after a flush."""
    Tag(name="Off")
    gc.disable()
    try:
        session.flush()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collector_seen == [False]


def test_autoflush_pauses_the_collector_too(session, collector_seen):
    """A query's autoflush goes through the same paused flush."""
    Tag(name="Auto")
    assert db.query(Tag).filter_by(name="Auto").one().name == "Auto"
    assert collector_seen == [False]
    assert gc.isenabled()


def test_noting_the_unsaved_work_runs_with_the_collector_paused(session, monkeypatch):
    """What a flush notes to give back on failure is copied with the collector off."""
    from stalker.db.unsaved import UnsavedWork

    seen: list[bool] = []
    capture = UnsavedWork.capture

    def record(self: UnsavedWork, noted: object) -> None:
        seen.append(gc.isenabled())
        capture(self, noted)

    monkeypatch.setattr(UnsavedWork, "capture", record)
    Tag(name="Noted")
    session.flush()
    assert seen == [False]
    assert gc.isenabled()


def test_a_commit_expires_the_objects_with_the_collector_paused(session):
    """After the flush, the commit's own work runs with the collector off too."""
    seen: list[bool] = []

    def record(*_: object) -> None:
        seen.append(gc.isenabled())

    event.listen(session, "after_commit", record)
    try:
        Tag(name="Committed")
        session.commit()
    finally:
        event.remove(session, "after_commit", record)
    assert seen == [False]
    assert gc.isenabled()


def test_no_autoflush_pauses_autoflush_and_restores_it(session):
    """Inside no_autoflush(session) a query does not flush; after it, as before."""
    Tag(name="Waiting")
    with no_autoflush(session) as paused:
        assert paused is session
        assert session.autoflush is False
        assert db.query(Tag).filter_by(name="Waiting").first() is None
    assert session.autoflush is True
    with pytest.raises(KeyError), no_autoflush(session):
        raise KeyError("inside")
    assert session.autoflush is True
    assert db.query(Tag).filter_by(name="Waiting").one().name == "Waiting"
