"""Added-up statuses are status events of the log, and bump the version counters."""

from __future__ import annotations

import pytest
from processes import python_lines
from sqlalchemy import select
from test_events import _cursor
from test_rollup import Production, short

from stalker import Shot, Task, db, events
from stalker.db import tables
from stalker.exceptions import StaleEditError


@pytest.fixture
def film() -> Production:
    return Production()


def _version(obj) -> int:
    se = tables.simple_entities
    return db.session.scalar(select(se.c.version_id).where(se.c.id == obj.id))


def test_a_completed_task_logs_the_statuses_its_containers_add_up_to(film):
    parent = Task(name="Character", task_of=film.shot)
    model = Task(name="Model", parent=parent, responsible=[film.lead])
    db.session.commit()
    cursor = _cursor()
    film.complete(model)
    db.session.commit()
    logged = [
        (event.entity_type, event.entity_id, dict(event.changes))
        for event in events.since(cursor)
        if event.kind == "status"
    ]
    assert logged == [
        ("Task", model.id, {"status": ("RTS", "CMPL")}),
        ("Task", parent.id, {"status": ("RTS", "CMPL")}),
        ("Shot", film.shot.id, {"status": ("RTS", "CMPL")}),
        ("Sequence", film.sequence.id, {"status": ("NEW", "CMPL")}),
        ("Project", film.project.id, {"status": ("NEW", "CMPL")}),
    ]
    assert [event.kind for event in events.history(film.shot)][-1] == "status"


def test_a_roll_up_bumps_the_version_counters_of_what_it_changed(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    before = [_version(obj) for obj in (film.shot, film.sequence, film.asset)]
    film.book(task)
    db.session.commit()
    after = [_version(obj) for obj in (film.shot, film.sequence, film.asset)]
    assert after == [before[0] + 1, before[1] + 1, before[2]]  # no task: unchanged
    film.shot.description = "edited here after the roll-up: not stale"
    db.session.commit()
    assert _version(film.shot) == before[0] + 2


def test_a_roll_up_unchanged_logs_nothing_for_the_containers(film):
    first = Task(name="Layout", task_of=film.shot)
    Task(name="Anim", task_of=film.shot)
    db.session.commit()
    film.book(first)
    db.session.commit()
    cursor = _cursor()
    film.book(first)  # a second booking: the shot stays WIP
    db.session.commit()
    assert [event.entity_type for event in events.since(cursor)] == ["Booking"]


STALE_ELSEWHERE = """
import sys
from stalker import Review, db
db.setup(sys.argv[1])
review = db.session.get(Review, int(sys.argv[2]))
review.approve()
db.session.commit()
print(review.task.task_of.status.short_name)
"""


@pytest.mark.concurrency
def test_an_edit_of_a_shot_rolled_up_meanwhile_is_stale(fresh_database_url, resetup):
    """Read here, added up by another process, edited here: StaleEditError."""
    db.setup(fresh_database_url)
    here = Production()
    task = Task(name="Layout", task_of=here.shot, responsible=[here.lead])
    here.book(task)
    db.session.flush()
    (review,) = task.request_review()
    db.session.commit()
    shot = db.session.get(Shot, here.shot.id)
    assert shot.status.short_name == "WIP"
    assert python_lines(STALE_ELSEWHERE, fresh_database_url, str(review.id)) == ["CMPL"]
    shot.description = "edited from what this session read"
    with pytest.raises(StaleEditError):
        db.session.commit()
    db.session.rollback()
    assert short(shot) == "CMPL"
