"""Tasks that depend on a parent task follow its added-up status, at commit."""

from __future__ import annotations

import pytest
from test_rollup import Production, short

from stalker import Shot, Task, db


@pytest.fixture
def film() -> Production:
    return Production()


def _character(film: Production) -> tuple[Task, Task, Task]:
    """Character (Model, Rig) on the shot, and Anim on another shot waiting on it."""
    parent = Task(name="Character", task_of=film.shot)
    model = Task(name="Model", parent=parent, responsible=[film.lead])
    rig = Task(name="Rig", parent=parent, responsible=[film.lead])
    other = Shot(name="SH020", sequence=film.sequence)
    anim = Task(name="Anim", task_of=other, depends=[parent], responsible=[film.lead])
    db.session.commit()
    return model, rig, anim


def test_a_dependent_waits_for_a_parent_until_its_last_child_completes(film):
    model, rig, anim = _character(film)
    assert short(anim) == "WFD"
    film.complete(model)
    db.session.commit()
    assert (short(model.parent), short(anim)) == ("WIP", "WFD")
    film.complete(rig)
    db.session.commit()
    assert (short(model.parent), short(anim)) == ("CMPL", "RTS")
    assert short(anim.task_of) == "RTS"  # its shot added up in the same commit


def test_a_revision_on_a_child_sends_the_parents_dependents_back(film):
    model, rig, anim = _character(film)
    film.complete(model, rig)
    db.session.commit()
    assert short(anim) == "RTS"
    rig.request_revision(film.lead)
    db.session.commit()
    assert (short(rig.parent), short(anim)) == ("WIP", "WFD")
    film.complete(rig)
    db.session.commit()
    assert short(anim) == "RTS"


def test_a_started_dependent_goes_to_drev_and_back_to_wip(film):
    model, rig, anim = _character(film)
    film.complete(model, rig)
    db.session.commit()
    film.book(anim)
    db.session.commit()
    assert (short(anim), short(anim.task_of)) == ("WIP", "WIP")
    model.request_revision(film.lead)
    db.session.commit()
    assert short(anim) == "DREV"
    film.complete(model)
    db.session.commit()
    assert short(anim) == "WIP"


def test_a_dependent_waiting_on_another_task_too_keeps_waiting(film):
    model, rig, anim = _character(film)
    layout = Task(name="Layout", task_of=anim.task_of, responsible=[film.lead])
    anim.depends = [model.parent, layout]
    db.session.commit()
    film.complete(model, rig)
    db.session.commit()
    assert short(anim) == "WFD"
    film.complete(layout)
    db.session.commit()
    assert short(anim) == "RTS"


def test_a_revision_reaches_the_dependents_of_a_parent_through_its_dependents(film):
    """Model's revision: Character leaves CMPL, Pose (done) goes DREV, so Acting
    (Pose's parent) leaves CMPL and Lighting, waiting on Acting, waits again."""
    model, rig, anim = _character(film)
    acting = Task(name="Acting", task_of=anim.task_of)
    anim.parent = acting
    lighting = Task(name="Lighting", task_of=film.shot, depends=[acting])
    db.session.commit()
    film.complete(model, rig)
    db.session.commit()
    film.complete(anim)
    db.session.commit()
    assert (short(acting), short(lighting)) == ("CMPL", "RTS")
    model.request_revision(film.lead)
    db.session.commit()
    assert (short(anim), short(acting), short(lighting)) == ("DREV", "WIP", "WFD")
    assert short(lighting.task_of) == "WIP"
