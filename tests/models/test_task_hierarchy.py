"""The task hierarchy: parents, children, leaf-only work and a parent's bid."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, make_user

from stalker import Booking, Review, Task, Version, db
from stalker.exceptions import (
    CircularDependencyError,
    DuplicateError,
    StatusError,
    ValidationError,
    ValidationTypeError,
)

UTC = dt.timezone.utc
MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = dt.timedelta(hours=1)


def test_a_child_is_listed_by_its_parent_and_takes_its_shot():
    shot = a_shot()
    parent = Task(name="Character", task_of=shot)
    child = Task(name="Model", parent=parent)
    assert child.parent is parent
    assert parent.children == [child]
    assert child.task_of is shot
    assert parent.parent is None


def test_a_parent_given_to_a_task_later_moves_it_to_the_parents_shot():
    first, second = a_shot(), a_shot()
    parent = Task(name="Character", task_of=second)
    child = Task(name="Model", task_of=first)
    child.parent = parent
    assert child.task_of is second
    assert parent.children == [child]


def test_moving_a_child_to_another_parent_takes_it_off_the_first():
    shot = a_shot()
    first = Task(name="A", task_of=shot)
    second = Task(name="B", task_of=shot)
    child = Task(name="Model", parent=first)
    child.parent = second
    assert first.children == []
    assert second.children == [child]
    child.parent = None
    assert second.children == []
    assert child.task_of is shot


def test_a_parents_shot_given_later_reaches_its_children_and_theirs():
    parent = Task(name="Character")
    child = Task(name="Model", parent=parent)
    grandchild = Task(name="Sculpt", parent=child)
    shot = a_shot()
    parent.task_of = shot
    assert (child.task_of, grandchild.task_of) == (shot, shot)


def test_a_child_cannot_be_given_another_shot_than_its_parents():
    parent = Task(name="Character", task_of=a_shot())
    child = Task(name="Model", parent=parent)
    with pytest.raises(ValidationError, match=r"Task\.task_of should be"):
        child.task_of = a_shot()
    with pytest.raises(ValidationError, match=r"Task\.task_of should be"):
        Task(name="Rig", parent=parent, task_of=a_shot())


def test_the_parent_must_be_a_task():
    with pytest.raises(ValidationTypeError, match=r"Task\.parent should be"):
        Task(name="Model", parent="Character")


def test_a_task_cannot_be_its_own_parent_or_ancestor():
    top = Task(name="Top", task_of=a_shot())
    middle = Task(name="Middle", parent=top)
    bottom = Task(name="Bottom", parent=middle)
    with pytest.raises(CircularDependencyError, match=r"Task\.parent should be"):
        top.parent = bottom
    with pytest.raises(CircularDependencyError, match="not one of its own"):
        top.parent = top
    assert top.parent is None
    assert middle.children == [bottom]


def test_only_leaf_tasks_get_bookings_versions_and_reviews():
    artist = make_user("artist")
    parent = Task(name="Character", task_of=a_shot(), responsible=[artist])
    Task(name="Model", parent=parent)
    with pytest.raises(ValidationError, match=r"Booking\.task should be a leaf"):
        Booking(task=parent, resource=artist, start=MONDAY, end=MONDAY + HOUR)
    with pytest.raises(ValidationError, match=r"Version\.task should be a leaf"):
        Version(task=parent)
    with pytest.raises(ValidationError, match=r"Review\.task should be a leaf"):
        Review(task=parent, reviewer=artist)
    with pytest.raises(StatusError, match=r"Task 'Character'.* has children"):
        parent.request_review()
    with pytest.raises(StatusError, match="has children"):
        parent.hold()


def test_a_task_with_work_cannot_become_a_parent():
    artist = make_user("artist")
    worked = Task(name="Model", task_of=a_shot())
    Booking(task=worked, resource=artist, start=MONDAY, end=MONDAY + HOUR)
    with pytest.raises(ValidationError, match="without bookings, versions"):
        Task(name="Sculpt", parent=worked)


def test_a_parents_bid_is_the_sum_of_its_childrens():
    parent = Task(name="Character", task_of=a_shot(), bid=5 * HOUR)
    model = Task(name="Model", parent=parent, bid=2 * HOUR)
    assert parent.bid == 2 * HOUR
    rig = Task(name="Rig", parent=parent, bid=3 * HOUR)
    assert parent.bid == 5 * HOUR
    model.bid = HOUR
    assert parent.bid == 4 * HOUR
    rig.parent = None
    assert parent.bid == HOUR
    with pytest.raises(ValidationError, match=r"Task\.bid should be .*children"):
        parent.bid = 9 * HOUR


def test_a_grandparents_bid_follows_a_grandchilds():
    top = Task(name="Top", task_of=a_shot())
    middle = Task(name="Middle", parent=top)
    bottom = Task(name="Bottom", parent=middle, bid=HOUR)
    bottom.bid = 3 * HOUR
    assert (middle.bid, top.bid) == (3 * HOUR, 3 * HOUR)


def test_a_parent_without_bids_below_has_none():
    parent = Task(name="Character", task_of=a_shot())
    Task(name="Model", parent=parent)
    assert parent.bid is None


def test_a_stopped_child_shrinks_its_parents_bid():
    artist = make_user("artist")
    parent = Task(name="Character", task_of=a_shot())
    child = Task(name="Model", parent=parent, bid=8 * HOUR)
    Booking(task=child, resource=artist, start=MONDAY, end=MONDAY + HOUR)
    child.stop()
    assert parent.bid == HOUR


def test_children_of_one_parent_have_different_names():
    parent = Task(name="Character", task_of=a_shot())
    Task(name="Model", parent=parent)
    Task(name="Model", parent=parent)
    with pytest.raises(DuplicateError, match="among the tasks of Task 'Character'"):
        db.session.flush()


def test_children_of_two_parents_of_one_shot_may_share_a_name():
    shot = a_shot()
    for name in ("Hero", "Villain"):
        Task(name="Model", parent=Task(name=name, task_of=shot))
    db.session.flush()
    assert sorted(task.name for task in shot.tasks) == [
        "Hero",
        "Model",
        "Model",
        "Villain",
    ]


def test_a_saved_childs_name_is_checked_against_its_saved_siblings():
    parent = Task(name="Character", task_of=a_shot())
    Task(name="Model", parent=parent)
    db.session.commit()
    with pytest.raises(DuplicateError, match="among the tasks of Task 'Character'"):
        Task(name="Model", parent=parent)


def test_a_top_task_may_share_a_name_with_a_child_of_its_shot():
    shot = a_shot()
    Task(name="Model", parent=Task(name="Character", task_of=shot))
    db.session.flush()
    Task(name="Model", task_of=shot)
    db.session.flush()
    assert [task.name for task in shot.tasks].count("Model") == 2


def test_the_hierarchy_is_saved_and_read_back():
    parent = Task(name="Character", task_of=a_shot())
    Task(name="Model", parent=parent, bid=HOUR)
    Task(name="Rig", parent=parent, bid=2 * HOUR)
    db.session.commit()
    parent_id = parent.id
    db.session.expire_all()
    found = db.session.get(Task, parent_id)
    assert [child.name for child in found.children] == ["Model", "Rig"]
    assert found.children[0].parent is found
    assert found.bid == 3 * HOUR


def test_a_parent_cannot_be_deleted_with_its_children():
    from stalker.db import delete
    from stalker.exceptions import DeleteRefusedError

    parent = Task(name="Character", task_of=a_shot())
    Task(name="Model", parent=parent)
    db.session.commit()
    with pytest.raises(DeleteRefusedError, match=r"children \(1\)"):
        delete(parent)


@pytest.mark.parametrize("to", ["shot", "sequence", "project"])
def test_the_saved_children_of_a_moved_parent_move_at_flush(to):
    first = a_shot()
    second = {
        "shot": a_shot,
        "sequence": lambda: first.sequence,
        "project": lambda: first.project,
    }[to]()
    parent = Task(name="Character", task_of=first)
    child = Task(name="Model", parent=parent)
    Task(name="Sculpt", parent=child)
    db.session.commit()
    parent_id = parent.id
    db.session.expire_all()
    moved = db.session.get(Task, parent_id)
    moved.task_of = second
    db.session.commit()
    db.session.expire_all()
    (found,) = db.session.get(Task, parent_id).children
    assert found.task_of is second
    assert found.children[0].task_of is second
