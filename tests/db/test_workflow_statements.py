"""Each workflow action runs a fixed few statements, whatever the project's size.

A status change touches only what it must: the task, its reviews and its
dependents; completing a task never loads its shot, sequence or project (their
added-up statuses are read as aggregates, one statement a level).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from factories import make_user
from sqlalchemy import select
from statements import statements_of

from stalker import Asset, Booking, Project, Review, Sequence, Shot, Task, User, db

MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)
#: The most statements an action and its commit may run (a guard, not a goal),
#: the added-up statuses of the task's containers included (on PostgreSQL, each
#: container's lock is a statement too).
MOST = 50
#: The same, when a parent task completes and opens its dependent: the
#: dependent is read and locked, and its containers added up in a second pass
#: (SQLite 47, PostgreSQL 53 statements).
MOST_WITH_DEPENDENTS = 60
#: Tables a status change of one task has no business reading.
ABOVE = tuple(
    f"{word} {table}"
    for word in ("FROM", "JOIN")
    for table in ("projects", "sequences", "shots")
)


def _production(size: int) -> dict[str, int]:
    """``size`` shots, each with Layout (in review, booked) and Anim waiting on it."""
    lead, artist = make_user(f"lead{size}"), make_user(f"artist{size}")
    project = Project(name=f"Size {size}", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    layouts = []
    for index in range(size):
        shot = Shot(name=f"SH{index:03}", sequence=sequence)
        layout = Task(name="Layout", task_of=shot, responsible=[lead])
        start = MONDAY + dt.timedelta(hours=index)
        Booking(
            task=layout,
            resource=artist,
            start=start,
            end=start + dt.timedelta(minutes=30),
        )
        Task(name="Anim", task_of=shot, depends=[layout])
        layouts.append(layout)
    db.session.flush()
    reviews = [layout.request_review()[0] for layout in layouts[:2]]
    db.session.commit()
    ids = {
        "review": reviews[0].id,
        "layout": layouts[-1].id,
        "artist": artist.id,
        "lead": lead.id,
    }
    db.session.expire_all()
    return ids


def _count(size: int, action: Callable[[dict[str, int]], object]) -> list[str]:
    ids = _production(size)

    def act() -> None:
        action(ids)
        db.session.commit()

    return statements_of(act)[1]


def _approve(ids: dict[str, int]) -> None:
    review = db.session.get(Review, ids["review"])
    review.approve()
    assert review.task.status.short_name == "CMPL"


def _hold(ids: dict[str, int]) -> None:
    task = db.session.get(Task, ids["layout"])
    task.hold()


def _request_review(ids: dict[str, int]) -> None:
    task = db.session.get(Task, ids["layout"])
    task.request_review()


def _book(ids: dict[str, int]) -> None:
    task = db.session.get(Task, ids["layout"])
    start = MONDAY + dt.timedelta(days=3)
    Booking(
        task=task,
        resource=db.session.get(User, ids["artist"]),
        start=start,
        end=start + dt.timedelta(hours=1),
    )


@pytest.mark.parametrize(
    "action",
    [_approve, _hold, _request_review, _book],
    ids=["approve", "hold", "request_review", "book"],
)
def test_statement_count_does_not_grow_with_the_project(action):
    """The same statements for 3 shots as for 30; a few; nothing above the task."""
    small, large = _count(3, action), _count(30, action)
    assert len(small) == len(large)
    assert len(large) <= MOST
    if action is not _request_review:  # only a review asks for the project's lead
        assert not [sql for sql in large if _loads_above(sql)]


def _loads_above(sql: str) -> bool:
    """Whether the statement reads a shot, sequence or project (not an aggregate)."""
    return any(word in sql for word in ABOVE) and "GROUP BY" not in sql


def test_completing_a_task_touches_only_it_its_review_and_its_dependent():
    """The writes: the review, the task and its dependent (and their counters).

    And the event log's two statements: its counter and one INSERT of the events.
    """
    statements = _count(10, _approve)
    writes = [sql.split(" SET ")[0] for sql in statements if sql.startswith("UPDATE")]
    assert sorted(writes) == [
        "UPDATE event_counters",
        "UPDATE reviews",
        "UPDATE simple_entities",
        "UPDATE simple_entities",
        "UPDATE simple_entities",
        "UPDATE tasks",
        "UPDATE tasks",
    ]
    inserts = [sql for sql in statements if sql.startswith(("INSERT", "DELETE"))]
    assert [sql.split(" (")[0] for sql in inserts] == ["INSERT INTO events"]


def _shots_of_one_task_each(size: int, dependent: bool = False) -> int:
    """``size`` shots, each with Model under Character, in review; the first id.

    With ``dependent``, each shot has Anim waiting on Character too.
    """
    lead, artist = make_user(f"lead{size}"), make_user(f"artist{size}")
    sequence = Sequence(name="SEQ", project=Project(name=f"Up {size}", lead=lead))
    reviews = []
    for index in range(size):
        shot = Shot(name=f"SH{index:03}", sequence=sequence)
        parent = Task(name="Character", task_of=shot)
        model = Task(name="Model", parent=parent, responsible=[lead])
        if dependent:
            Task(name="Anim", task_of=shot, depends=[parent])
        start = MONDAY + dt.timedelta(hours=index)
        Booking(task=model, resource=artist, start=start, end=start + HALF_HOUR)
        db.session.flush()
        reviews.append(model.request_review()[0])
    db.session.commit()
    review_id = reviews[0].id
    db.session.expire_all()
    return review_id


HALF_HOUR = dt.timedelta(minutes=30)


def test_adding_up_a_completed_shot_does_not_grow_with_the_project():
    """Completing a shot's last task: the parent and the shot complete, in a few."""
    statuses = []

    def count(size: int) -> list[str]:
        review_id = _shots_of_one_task_each(size)

        def act() -> None:
            review = db.session.get(Review, review_id)
            review.approve()
            db.session.commit()
            parent = review.task.parent
            statuses.append(
                (parent.status.short_name, parent.task_of.status.short_name)
            )

        return statements_of(act)[1]

    small, large = count(3), count(30)
    assert statuses == [("CMPL", "CMPL"), ("CMPL", "CMPL")]
    assert len(small) == len(large)
    assert len(large) <= MOST
    # One aggregate a level: parents, shots, sequences, projects (no asset
    # changed: the assets are not read).
    assert len([sql for sql in large if "GROUP BY" in sql]) == 4
    written = sorted(sql.split(" SET ")[0] for sql in large if "SET status_id" in sql)
    assert "UPDATE shots" in written  # its sequence is not complete: left alone
    assert "UPDATE sequences" not in written


def _owned_task_in_review(size: int, kind: str) -> int:
    """A sequence's or project's task in review, beside ``size`` done ones a kind.

    Done are ``size`` tasks of the owner, of shots and of assets; the review's
    id is returned.
    """
    lead, artist = make_user(f"lead{size}"), make_user(f"artist{size}")
    project = Project(name=f"Own {size}", lead=lead)
    sequence = Sequence(name="SEQ", project=project)
    owner = sequence if kind == "sequence" else project
    for index in range(size):
        Task(name=f"Done {index}", task_of=owner, status=CMPL)
        Task(
            name="Layout",
            task_of=Shot(name=f"SH{index:03}", sequence=sequence),
            status=CMPL,
        )
        Task(
            name="Model",
            task_of=Asset(name=f"A{index:03}", project=project),
            status=CMPL,
        )
    task = Task(name="Edit", task_of=owner, responsible=[lead])
    Booking(task=task, resource=artist, start=MONDAY, end=MONDAY + HALF_HOUR)
    db.session.flush()
    review = task.request_review()[0]
    db.session.commit()
    db.session.expire_all()
    return review.id


#: The index of CMPL in the default task status list.
CMPL = 8


@pytest.mark.parametrize("kind", ["sequence", "project"])
def test_adding_up_a_sequence_or_project_task_does_not_grow_with_the_project(kind):
    """Completing a sequence's or project's own task: a few statements, one a level."""
    statuses = []

    def count(size: int) -> list[str]:
        review_id = _owned_task_in_review(size, kind)

        def act() -> Review:
            review = db.session.get(Review, review_id)
            review.approve()
            db.session.commit()
            return review

        review, statements = statements_of(act)
        owner = review.task.task_of
        statuses.append((owner.status.short_name, owner.project.status.short_name))
        return statements

    small, large = count(3), count(30)
    assert statuses == [("CMPL", "CMPL"), ("CMPL", "CMPL")]
    assert len(small) == len(large)
    assert len(large) <= MOST
    assert not [sql for sql in large if _loads_above(sql)]
    # The owner's level and those above it: a sequence and its project, a project.
    levels = 2 if kind == "sequence" else 1
    assert len([sql for sql in large if "GROUP BY" in sql]) == levels
    written = {sql.split(" SET ")[0] for sql in large if "SET status_id" in sql}
    assert "UPDATE projects" in written
    assert ("UPDATE sequences" in written) is (kind == "sequence")


def test_a_parent_completing_opens_its_dependent_in_a_few_statements():
    """The parent completes, its dependent opens: the same count for 3 shots as 30."""
    opened = []

    def count(size: int) -> list[str]:
        review_id = _shots_of_one_task_each(size, dependent=True)

        def act() -> None:
            review = db.session.get(Review, review_id)
            review.approve()
            db.session.commit()

        found = statements_of(act)[1]
        parent = db.session.get(Review, review_id).task.parent
        anim = db.session.scalars(
            select(Task).where(Task.name == "Anim", Task.task_of == parent.task_of)
        ).one()
        opened.append((parent.status.short_name, anim.status.short_name))
        return found

    small, large = count(3), count(30)
    assert opened == [("CMPL", "RTS"), ("CMPL", "RTS")]
    assert len(small) == len(large)
    assert len(large) <= MOST_WITH_DEPENDENTS
