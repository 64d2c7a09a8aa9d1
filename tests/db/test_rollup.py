"""Parent tasks, shots, assets, sequences and projects add up their tasks' statuses."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_user

from stalker import Asset, AssetType, Booking, Project, Sequence, Shot, Task, db
from stalker.core.models.workflow import add_up

MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["CMPL", "STOP", "CMPL"], "CMPL"),
        (["WFD", "WFD"], "WFD"),
        (["WFD", "RTS"], "RTS"),
        (["RTS"], "RTS"),
        (["RTS", "CMPL"], "WIP"),
        (["WFD", "OH"], "WIP"),
        (["PREV", "HREV"], "WIP"),
    ],
)
def test_statuses_add_up(statuses, expected):
    assert add_up(statuses) == expected


class Production:
    """A project with a sequence, a shot and an asset, and people to work."""

    def __init__(self) -> None:
        self.lead, self.artist = make_user("lead"), make_user("artist")
        self.project = Project(name="Film", lead=self.lead)
        self.sequence = Sequence(name="SEQ", project=self.project)
        self.shot = Shot(name="SH010", sequence=self.sequence)
        self.asset = Asset(
            name="Hero", project=self.project, type=AssetType(name="Character")
        )
        self.hour = 0

    def complete(self, *tasks: Task) -> None:
        """Book each task, ask for its review and approve it."""
        for task in tasks:
            self.book(task)
            for review in task.request_review():
                review.approve()

    def book(self, task: Task) -> None:
        start = MONDAY + dt.timedelta(hours=self.hour)
        self.hour += 1
        Booking(
            task=task,
            resource=self.artist,
            start=start,
            end=start + dt.timedelta(minutes=30),
        )


def short(obj) -> str:
    return obj.status.short_name


@pytest.fixture
def film() -> Production:
    return Production()


def test_a_shot_shows_what_its_tasks_add_up_to(film):
    layout = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    anim = Task(name="Anim", task_of=film.shot, depends=[layout])
    db.session.commit()
    assert (short(film.shot), short(film.sequence), short(film.project)) == (
        "RTS",
        "NEW",
        "NEW",
    )
    film.book(layout)
    db.session.commit()
    assert (short(film.shot), short(film.sequence), short(film.project)) == (
        "WIP",
        "WIP",
        "WIP",
    )
    for review in layout.request_review():
        review.approve()
    anim.responsible = [film.lead]
    film.complete(anim)
    db.session.commit()
    assert (short(layout), short(anim)) == ("CMPL", "CMPL")
    assert (short(film.shot), short(film.sequence), short(film.project)) == (
        "CMPL",
        "CMPL",
        "CMPL",
    )


def test_a_shot_of_waiting_tasks_waits(film):
    first = Task(name="First", task_of=film.asset)
    Task(name="Second", task_of=film.shot, depends=[first])
    db.session.commit()
    assert short(film.shot) == "WFD"
    assert short(film.asset) == "RTS"
    assert short(film.sequence) == "NEW"


def test_a_project_adds_up_the_tasks_of_its_shots_and_assets(film):
    modelling = Task(name="Model", task_of=film.asset, responsible=[film.lead])
    Task(name="Layout", task_of=film.shot)
    film.complete(modelling)
    db.session.commit()
    assert short(film.asset) == "CMPL"
    assert short(film.shot) == "RTS"
    assert short(film.sequence) == "NEW"
    assert short(film.project) == "WIP"


def test_a_parent_task_adds_up_its_children_and_the_shot_all_of_them(film):
    parent = Task(name="Character", task_of=film.shot)
    model = Task(name="Model", parent=parent, responsible=[film.lead])
    rig = Task(name="Rig", parent=parent, depends=[model], responsible=[film.lead])
    db.session.commit()
    assert (short(parent), short(film.shot)) == ("RTS", "RTS")
    film.complete(model)
    db.session.commit()
    assert (short(model), short(rig), short(parent)) == ("CMPL", "RTS", "WIP")
    film.complete(rig)
    db.session.commit()
    assert (short(parent), short(film.shot), short(film.project)) == (
        "CMPL",
        "CMPL",
        "CMPL",
    )


def test_a_grandparent_follows_its_grandchildren(film):
    top = Task(name="Top", task_of=film.shot)
    middle = Task(name="Middle", parent=top)
    bottom = Task(name="Bottom", parent=middle, responsible=[film.lead])
    db.session.commit()
    film.book(bottom)
    db.session.commit()
    assert (short(middle), short(top)) == ("WIP", "WIP")


def test_a_new_task_reopens_a_completed_shot(film):
    done = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    film.complete(done)
    db.session.commit()
    assert short(film.shot) == "CMPL"
    Task(name="Fix", task_of=film.shot)
    db.session.commit()
    assert short(film.shot) == "WIP"


def test_a_task_moved_to_another_shot_leaves_the_first_one_added_up(film):
    other = Shot(name="SH020", sequence=film.sequence)
    done = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    moving = Task(name="Anim", task_of=film.shot)
    film.complete(done)
    db.session.commit()
    assert short(film.shot) == "WIP"
    moving.task_of = other
    db.session.commit()
    assert (short(film.shot), short(other)) == ("CMPL", "RTS")


def test_a_deleted_task_leaves_its_shot_added_up(film):
    done = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    waiting = Task(name="Anim", task_of=film.shot)
    film.complete(done)
    db.session.commit()
    db.session.delete(waiting)
    db.session.commit()
    assert short(film.shot) == "CMPL"


def test_a_rolled_back_change_adds_nothing_up(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    film.book(task)
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert short(film.shot) == "RTS"


def test_a_list_without_a_near_status_keeps_the_containers(film):
    from stalker import Status, StatusList

    only_done = StatusList(
        name="Done only",
        statuses=[Status(name="Closed", short_name="CMPL")],
    )
    shot = Shot(name="SH030", sequence=film.sequence, status_list=only_done)
    Task(name="Layout", task_of=shot)
    db.session.commit()
    assert short(shot) == "CMPL"  # its first status: nothing nearer to RTS


def test_a_deleted_child_leaves_its_parent_added_up(film):
    parent = Task(name="Character", task_of=film.shot)
    done = Task(name="Model", parent=parent, responsible=[film.lead])
    waiting = Task(name="Rig", parent=parent)
    film.complete(done)
    db.session.commit()
    assert short(parent) == "WIP"
    assert waiting.parent is parent  # loaded: the delete knows the parent
    db.session.delete(waiting)
    db.session.commit()
    assert (short(parent), short(film.shot)) == ("CMPL", "CMPL")


def test_a_task_whose_owner_is_not_in_memory_is_read_at_commit(film):
    task = Task(name="Layout", task_of=film.shot)
    db.session.commit()
    task_id = task.id
    db.session.expire_all()
    found = db.session.get(Task, task_id)
    db.session.expire(found, ["parent_id", "task_of_id"])
    film.book(found)
    db.session.commit()
    assert short(film.shot) == "WIP"


# tasks on a sequence or a project ------------------------------------------------
@pytest.mark.parametrize("kind", ["sequence", "project"])
def test_a_sequence_or_project_adds_up_its_own_tasks(film, kind):
    """Its own task opens, starts and completes it and the project; nothing below."""
    owner = getattr(film, kind)
    task = Task(name="Edit", task_of=owner, responsible=[film.lead])
    db.session.commit()
    below = (short(film.shot), short(film.sequence))
    assert (short(task), short(owner), short(film.project)) == ("RTS", "NEW", "NEW")
    film.book(task)
    db.session.commit()
    assert (short(owner), short(film.project)) == ("WIP", "WIP")
    for review in task.request_review():
        review.approve()
    db.session.commit()
    assert (short(owner), short(film.project)) == ("CMPL", "CMPL")
    assert short(film.shot) == below[0]  # a shot without tasks keeps its status
    assert short(film.sequence) == ("CMPL" if kind == "sequence" else below[1])


def test_a_sequence_adds_up_its_own_tasks_and_its_shots(film):
    """A completed sequence task and a shot's open task: the sequence is in work."""
    edit = Task(name="Edit", task_of=film.sequence, responsible=[film.lead])
    layout = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    film.complete(edit)
    db.session.commit()
    assert (short(film.shot), short(film.sequence)) == ("RTS", "WIP")
    film.complete(layout)
    db.session.commit()
    assert (short(film.shot), short(film.sequence), short(film.project)) == (
        "CMPL",
        "CMPL",
        "CMPL",
    )


def test_a_project_adds_up_its_sequences_shots_and_assets_and_its_own(film):
    """Every kind of owner counts towards the project; the last one completes it."""
    tasks = [
        Task(name=name, task_of=owner, responsible=[film.lead])
        for name, owner in (
            ("Pitch", film.project),
            ("Edit", film.sequence),
            ("Layout", film.shot),
            ("Model", film.asset),
        )
    ]
    film.complete(*tasks[1:])
    db.session.commit()
    assert short(film.project) == "WIP"
    assert (short(film.sequence), short(film.asset)) == ("CMPL", "CMPL")
    film.complete(tasks[0])
    db.session.commit()
    assert short(film.project) == "CMPL"


def test_a_parent_task_on_a_sequence_adds_up_its_children(film):
    """Children of a sequence's task count for the parent and the sequence."""
    edit = Task(name="Edit", task_of=film.sequence)
    cut = Task(name="Cut", parent=edit, responsible=[film.lead])
    Task(name="Conform", parent=edit, depends=[cut])
    db.session.commit()
    assert (short(edit), short(film.sequence)) == ("RTS", "NEW")
    film.complete(cut)
    db.session.commit()
    assert (short(edit), short(film.sequence), short(film.project)) == (
        "WIP",
        "WIP",
        "WIP",
    )


def test_a_task_moved_from_a_shot_to_its_sequence_adds_up_both(film):
    """The shot it left and the sequence it joined are added up again."""
    done = Task(name="Layout", task_of=film.shot, responsible=[film.lead])
    moving = Task(name="Edit", task_of=film.shot)
    film.complete(done)
    db.session.commit()
    moving.task_of = film.sequence
    db.session.commit()
    assert (short(film.shot), short(film.sequence)) == ("CMPL", "WIP")


@pytest.mark.parametrize("kind", ["sequence", "project"])
def test_an_owner_not_in_memory_is_looked_up_at_commit(film, kind):
    """A task loaded without its sequence or project: its owner is found at commit."""
    owner = getattr(film, kind)
    task = Task(name="Edit", task_of=owner)
    db.session.commit()
    task_id, owner_id = task.id, owner.id
    db.session.expire_all()
    db.session.expunge(owner)
    found = db.session.get(Task, task_id)
    film.book(found)
    db.session.commit()
    owner = db.session.get(type(owner), owner_id)
    assert short(owner) == "WIP"


def test_a_sequence_task_of_a_bulk_import_adds_up(film):
    """Tasks a bulk import puts on a sequence add it up at the import's commit."""
    from stalker.db import bulk

    db.session.commit()
    batch = bulk.Import()
    batch.task(name="Edit", task_of=film.sequence, status=2)
    batch.task(name="Pitch", task_of=film.project, status=8)
    batch.save()
    db.session.expire_all()
    assert (short(film.sequence), short(film.project)) == ("WIP", "WIP")


def test_a_completed_sequence_task_adds_up_in_the_same_transaction(film):
    """The task, its sequence and its project are written before the one commit."""
    from statements import statements_of

    edit = Task(name="Edit", task_of=film.sequence, responsible=[film.lead])
    film.book(edit)
    db.session.flush()
    review = edit.request_review()[0]
    db.session.commit()
    assert (short(film.sequence), short(film.project)) == ("WIP", "WIP")

    def approve() -> None:
        review.approve()
        db.session.commit()

    seen = [sql.split(" SET ")[0] for sql in statements_of(approve)[1]]
    ends = [index for index, sql in enumerate(seen) if sql.startswith("RELEASE")]
    assert len(ends) == 1  # the test's stand-in for the transaction's COMMIT
    assert {"UPDATE sequences", "UPDATE projects"} <= set(seen[: ends[0]])
    assert "UPDATE tasks" in seen[: ends[0]]
    assert (short(edit), short(film.sequence), short(film.project)) == (
        "CMPL",
        "CMPL",
        "CMPL",
    )
