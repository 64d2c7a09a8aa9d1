"""The task workflow: status flags, a task's status following its work, actions."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import a_shot, drop, make_user

from stalker import (
    Booking,
    Project,
    Review,
    Sequence,
    Shot,
    Status,
    StatusList,
    Task,
    TaskDependency,
    Version,
    db,
)
from stalker.core.models.workflow import NEXT, TASK_STATUSES
from stalker.db import delete
from stalker.exceptions import (
    DeleteRefusedError,
    StaleEditError,
    StatusError,
    ValidationError,
    ValidationTypeError,
)

UTC = dt.timezone.utc
MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)


def book(task: Task, user, hour: int = 0, hours: int = 2) -> Booking:
    start = MONDAY + dt.timedelta(hours=hour)
    return Booking(
        task=task, resource=user, start=start, end=start + dt.timedelta(hours=hours)
    )


def short(task: Task) -> str:
    return task.status.short_name


def own_task(list_name: str, *short_names: str) -> Task:
    """A task with a list of a studio's own statuses."""
    statuses = [Status(name=name.title(), short_name=name) for name in short_names]
    mine = StatusList(name=list_name, statuses=statuses)
    return Task(name="Own", task_of=a_shot(), status_list=mine)


def at(short_name: str) -> Status:
    """The status of the default Task list called ``short_name``."""
    return Task.default_status_list()[short_name]


@pytest.fixture
def lead():
    return make_user("lead")


@pytest.fixture
def artist():
    return make_user("artist")


@pytest.fixture
def shot(lead):
    project = Project(name="Workflow Film", lead=lead)
    return Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))


@pytest.fixture
def working(shot, artist):
    """A task being worked on (WIP): booked once, committed."""
    task = Task(name="Anim", task_of=shot, resources=[artist])
    book(task, artist)
    db.session.commit()
    return task


# Status flags and lookups ------------------------------------------------
def test_status_flags_are_off_unless_given():
    """A new Status is neither done, wip nor a retake; the flags are kept."""
    plain = Status(name="Plain", short_name="PLN")
    assert (plain.is_done, plain.is_wip, plain.is_retake) == (False, False, False)
    flagged = Status(name="Shipped", short_name="SHP", is_done=True, is_retake=True)
    assert (flagged.is_done, flagged.is_wip, flagged.is_retake) == (True, False, True)
    flagged.is_wip = True
    assert flagged.is_wip


@pytest.mark.parametrize("flag", ["is_done", "is_wip", "is_retake"])
def test_a_flag_is_a_bool(flag):
    """1 or "yes" is not a flag: the error names the class and attribute."""
    with pytest.raises(ValidationTypeError) as error:
        Status(name="Odd", short_name="ODD", **{flag: 1})
    assert str(error.value) == f"Status.{flag} should be True or False, not int: 1"


def test_default_statuses_carry_their_flags(session):
    """CMPL and STOP are done, WIP is wip, HREV a retake; the others nothing."""
    found = {s.short_name: s for s in session.query(Status)}
    flagged = {
        name: [flag for flag in ("is_done", "is_wip", "is_retake") if getattr(s, flag)]
        for name, s in found.items()
    }
    assert {name: flags for name, flags in flagged.items() if flags} == {
        "CMPL": ["is_done"],
        "STOP": ["is_done"],
        "WIP": ["is_wip"],
        "HREV": ["is_retake"],
    }


def test_flags_are_saved(session):
    """The flags survive a round trip through the database."""
    status = Status(name="Delivered", short_name="DLV", is_done=True)
    session.commit()
    session.expire_all()
    assert (status.is_done, status.is_wip, status.is_retake) == (True, False, False)


def test_status_list_finds_a_status_by_short_name():
    """status_list["WIP"] is the status of that short name; indexes still work."""
    statuses = [Status(name=n, short_name=n[:3]) for n in ("Ready", "Working")]
    status_list = StatusList(name="Mine", statuses=statuses)
    assert status_list["WOR"] is statuses[1]
    assert status_list[" rea "] is statuses[0]
    assert status_list[0] is statuses[0]
    assert status_list[-1] is statuses[1]
    with pytest.raises(KeyError) as error:
        status_list["CMPL"]
    assert "'Mine' has no Status with short_name 'CMPL'; it has REA, WOR" in str(
        error.value
    )


def test_the_task_list_is_the_workflow():
    """The default Task list holds the workflow's statuses, in order."""
    task = Task(name="Listed")
    assert [s.short_name for s in task.status_list] == list(TASK_STATUSES)
    assert task.status_list["CMPL"].is_done


# A leaf task's status follows its work ----------------------------------------
def test_a_new_task_without_dependencies_is_ready():
    """Nothing to wait on: RTS."""
    assert short(Task(name="Free", task_of=a_shot())) == "RTS"


def test_a_new_task_waits_for_an_unfinished_dependency():
    """Finish-to-start on a task not done: WFD; on a done one: RTS."""
    home = a_shot()
    first = Task(name="First", task_of=home)
    assert short(Task(name="Second", task_of=home, depends=[first])) == "WFD"
    done = Task(name="Done", task_of=home, status=first.status_list["CMPL"])
    stopped = Task(name="Stopped", task_of=home, status=first.status_list["STOP"])
    assert short(Task(name="After", task_of=home, depends=[done, stopped])) == "RTS"


def test_start_to_start_waits_until_the_other_started(artist):
    """SS on a task not started: WFD; once it started (booked): RTS."""
    home = a_shot()
    first = Task(name="First", task_of=home)
    second = Task(name="Second", task_of=home)
    TaskDependency(second, first, kind="SS")
    assert short(second) == "WFD"
    book(first, artist)
    assert short(first) == "WIP"
    assert short(Task(name="Third", task_of=home, depends=[])) == "RTS"
    third = Task(name="Fourth", task_of=home)
    TaskDependency(third, first, kind="SS")
    assert short(third) == "RTS"


def test_finish_to_finish_never_keeps_a_task_from_starting():
    """FF bounds the end only."""
    home = a_shot()
    first, second = Task(name="First", task_of=home), Task(name="Second", task_of=home)
    TaskDependency(second, first, kind="FF")
    assert short(second) == "RTS"


def test_dependencies_given_later_make_it_wait_and_free_it_again():
    """Setting depends on a task not started moves it between RTS and WFD."""
    home = a_shot()
    first, second = Task(name="First", task_of=home), Task(name="Second", task_of=home)
    second.depends = [first]
    assert short(second) == "WFD"
    second.depends = []
    assert short(second) == "RTS"
    second.depends.append(first)
    assert short(second) == "WFD"


def test_a_status_given_to_the_constructor_is_kept():
    """Work recorded elsewhere: the given status stands, dependencies or not."""
    home = a_shot()
    first = Task(name="First", task_of=home)
    task = Task(name="Second", task_of=home, depends=[first], status=2)
    assert short(task) == "WIP"


def test_the_first_booking_starts_the_work(artist):
    """RTS -> WIP at the first booking; later bookings change nothing."""
    task = Task(name="Anim", task_of=a_shot())
    book(task, artist)
    assert short(task) == "WIP"
    book(task, artist, hour=3)
    assert short(task) == "WIP"


@pytest.mark.parametrize("where", ["WFD", "PREV", "OH", "STOP", "CMPL"])
def test_booking_a_task_out_of_work_is_refused(where, artist):
    """The error names the task and its status; no booking is made."""
    task = Task(name="Closed", task_of=a_shot(), status=at(where))
    with pytest.raises(StatusError) as error:
        book(task, artist)
    assert str(error.value) == (
        f"Task 'Closed' is {where}: booking time is not allowed "
        "(booking needs RTS or WIP or HREV or DREV)"
    )
    assert isinstance(error.value, ValueError)
    assert task.bookings == []
    assert artist.bookings == []
    assert short(task) == where


@pytest.mark.parametrize(("where", "after"), [("HREV", "WIP"), ("DREV", "DREV")])
def test_booking_on_a_revision(where, after, artist):
    """HREV goes back to work (WIP); DREV may be booked and stays DREV."""
    task = Task(name="Revised", task_of=a_shot(), status=at(where))
    book(task, artist)
    assert short(task) == after


# Assigning task.status ---------------------------------------------------------
def test_every_step_is_checked_against_the_workflow():
    """Each pair of statuses: allowed by NEXT, or StatusError and no change."""
    home = a_shot()
    for origin in TASK_STATUSES:
        for target in TASK_STATUSES:
            task = Task(name=f"{origin} to {target}", task_of=home, status=at(origin))
            wanted = task.status_list[target]
            if target == origin or target in NEXT[origin]:
                task.status = wanted
                assert short(task) == target
            else:
                with pytest.raises(StatusError):
                    task.status = wanted
                assert short(task) == origin


def test_a_refused_step_names_the_task_its_status_and_what_is_allowed(working):
    """WIP -> CMPL skips the review."""
    with pytest.raises(StatusError) as error:
        working.status = working.status_list["CMPL"]
    assert str(error.value) == (
        f"Task 'Anim' (id {working.id}) is WIP: going to CMPL is not allowed "
        "(the steps allowed from it: PREV, DREV, OH, STOP)"
    )
    assert short(working) == "WIP"
    assert not db.session.is_modified(working)


def test_a_studio_status_outside_the_workflow_is_not_checked():
    """A list of a studio's own statuses: any step between them."""
    task = own_task("Simple", "TODO", "OK")
    assert short(task) == "TODO"
    task.status = 1
    assert short(task) == "OK"


# request_review, approve, request_revision ------------------------------------
def test_request_review_asks_the_responsible_users(working, lead, artist):
    """One pending review per responsible user, round 1; the task is PREV."""
    second = make_user("second")
    working.responsible = [lead, second]
    reviews = working.request_review()
    assert [r.reviewer for r in reviews] == [lead, second]
    assert all(isinstance(r, Review) for r in reviews)
    assert [(r.review_number, r.status.short_name) for r in reviews] == [
        (1, "NEW"),
        (1, "NEW"),
    ]
    assert reviews[0].name == "Anim Review 1"
    assert short(working) == "PREV"
    assert working.review_number == 1
    assert working.reviews == reviews
    db.session.commit()
    db.session.expire_all()
    assert [r.reviewer.login_name for r in working.reviews] == ["lead", "second"]


def test_without_responsible_users_the_project_lead_reviews(working, lead):
    """The project's lead is the reviewer by default; the version is kept."""
    version = Version(task=working)
    (review,) = working.request_review(version=version)
    assert (review.reviewer, review.version) == (lead, version)


def test_request_review_without_a_reviewer_is_refused(artist):
    """No responsible user, no lead: StatusError, and nothing changes."""
    task = Task(name="Lonely", task_of=a_shot(), resources=[artist])
    book(task, artist)
    with pytest.raises(StatusError, match="has nobody to review it"):
        task.request_review()
    assert (short(task), task.review_number, task.reviews) == ("WIP", 0, [])


def test_request_review_needs_work_in_progress():
    """An RTS task has nothing to review."""
    task = Task(name="Early", task_of=a_shot())
    with pytest.raises(StatusError) as error:
        task.request_review()
    assert str(error.value) == (
        "Task 'Early' is RTS: requesting a review is not allowed "
        "(requesting a review needs WIP)"
    )
    with pytest.raises(ValidationTypeError, match=r"Task\.version should be"):
        task.request_review(version="v1")


def test_every_approval_of_the_round_completes_the_task(working, lead):
    """The task stays PREV until the last reviewer approves, then CMPL."""
    other = make_user("other")
    working.responsible = [lead, other]
    first, second = working.request_review()
    db.session.commit()
    first.approve()
    assert (short(working), first.status.short_name) == ("PREV", "APP")
    second.approve()
    assert short(working) == "CMPL"
    db.session.commit()
    with pytest.raises(StatusError) as error:
        first.approve()
    assert "it was answered already and is never answered again" in str(error.value)


def test_a_revision_sends_the_task_back_at_once(working, lead):
    """HREV, the bid grows, the round's pending reviews are superseded."""
    other = make_user("other")
    working.responsible = [lead, other]
    working.bid = dt.timedelta(hours=10)
    first, second = working.request_review()
    first.request_revision("Faster", extra_time=dt.timedelta(hours=4))
    assert short(working) == "HREV"
    assert working.bid == dt.timedelta(hours=14)
    assert (first.status.short_name, first.description) == ("RREV", "Faster")
    assert first.extra_time == dt.timedelta(hours=4)
    assert second.status.short_name == "SUPD"
    with pytest.raises(StatusError):
        second.approve()
    db.session.commit()
    db.session.expire_all()
    assert [r.status.short_name for r in working.reviews] == ["RREV", "SUPD"]


def test_a_revision_with_a_bad_extra_time_changes_nothing(working):
    """extra_time is a timedelta, the description a string; the review stays pending."""
    (review,) = working.request_review()
    with pytest.raises(ValidationTypeError, match=r"Review\.extra_time"):
        review.request_revision(extra_time=3)
    with pytest.raises(ValidationTypeError, match=r"Review\.description"):
        review.request_revision(description=3)
    assert (review.status.short_name, short(working)) == ("NEW", "PREV")


def test_the_version_reviewed_is_one_of_the_task(working, shot):
    """A version of another task is refused before anything changes."""
    other = Version(task=Task(name="Other", task_of=shot))
    with pytest.raises(ValidationError, match=r"Task\.version should be a Version of"):
        working.request_review(version=other)
    assert short(working) == "WIP"


def test_answering_a_review_of_a_task_not_in_review_is_refused(working, lead):
    """A pending review whose task left PREV cannot be answered."""
    review = Review(task=working, reviewer=lead)
    assert review.review_number == 1
    with pytest.raises(StatusError, match="approving a review needs PREV"):
        review.approve()
    assert review.status.short_name == "NEW"


def test_request_revision_on_a_completed_task(working, lead):
    """CMPL -> HREV through a new round answered with the revision."""
    (review,) = working.request_review()
    review.approve()
    revision = working.request_revision(lead, "Redo", dt.timedelta(hours=2))
    assert short(working) == "HREV"
    assert working.review_number == 2
    assert (revision.review_number, revision.status.short_name) == (2, "RREV")
    assert (revision.description, revision.reviewer) == ("Redo", lead)
    assert working.bid == dt.timedelta(hours=2)
    with pytest.raises(StatusError, match="requesting a revision needs CMPL"):
        working.request_revision(lead)


def test_a_bad_revision_request_changes_nothing(working, lead):
    """A wrong reviewer or description: no new round."""
    (review,) = working.request_review()
    review.approve()
    with pytest.raises(ValidationTypeError, match=r"Review\.reviewer"):
        working.request_revision("lead")
    with pytest.raises(ValidationTypeError, match=r"Task\.description"):
        working.request_revision(lead, description=7)
    assert (short(working), working.review_number, len(working.reviews)) == (
        "CMPL",
        1,
        1,
    )


# hold, stop, resume -------------------------------------------------------------
def test_hold_and_resume(working):
    """WIP -> OH (twice: nothing), then back to WIP: it was booked."""
    working.hold()
    working.hold()
    assert short(working) == "OH"
    working.resume()
    assert short(working) == "WIP"


def test_resume_without_bookings_is_ready_or_waiting():
    """Not booked: RTS, or WFD when a dependency keeps it waiting."""
    home = a_shot()
    first = Task(name="First", task_of=home, status=at("OH"))
    first.resume()
    assert short(first) == "RTS"
    second = Task(name="Second", task_of=home, depends=[first], status=at("OH"))
    second.resume()
    assert short(second) == "WFD"


def test_stop_shrinks_the_bid_to_the_time_booked(working, artist):
    """Two hours booked of a ten hour bid: the bid is two hours; again: nothing."""
    working.bid = dt.timedelta(hours=10)
    working.stop()
    working.stop()
    assert (short(working), working.bid) == ("STOP", dt.timedelta(hours=2))
    working.resume()
    assert short(working) == "WIP"


@pytest.mark.parametrize(
    ("action", "doing"), [("hold", "holding"), ("stop", "stopping")]
)
def test_hold_and_stop_need_work_going_on(action, doing):
    """An RTS task cannot be held or stopped."""
    task = Task(name="Idle", task_of=a_shot())
    with pytest.raises(StatusError, match=f"is RTS: {doing} is not allowed"):
        getattr(task, action)()
    assert short(task) == "RTS"


def test_resume_needs_a_held_or_stopped_task(working):
    with pytest.raises(StatusError, match="resuming needs OH or STOP"):
        working.resume()


# Dependents follow ---------------------------------------------------------------
def _approved(task: Task) -> None:
    for review in task.request_review():
        review.approve()


def test_completion_opens_the_dependents_waiting_only_for_it(working, shot, lead):
    """Comp waits for Anim only: RTS; Final waits for Light too: stays WFD."""
    light = Task(name="Light", task_of=shot)
    comp = Task(name="Comp", task_of=shot, depends=[working])
    final = Task(name="Final", task_of=shot, depends=[working, light])
    db.session.commit()
    _approved(working)
    assert (short(comp), short(final)) == ("RTS", "WFD")
    db.session.commit()
    db.session.expire_all()
    assert (short(comp), short(final)) == ("RTS", "WFD")


def test_stopping_opens_the_dependents_too(working, shot):
    """A stopped task counts as done for its dependents."""
    comp = Task(name="Comp", task_of=shot, depends=[working])
    db.session.commit()
    working.stop()
    assert short(comp) == "RTS"


def test_a_revision_of_a_completed_task_reaches_its_dependents(
    working, shot, lead, artist
):
    """RTS -> WFD; WIP, HREV, CMPL -> DREV; and back when it completes again."""
    names = ("Ready", "Busy", "Revised", "Done")
    dependents = {n: Task(name=n, task_of=shot, depends=[working]) for n in names}
    db.session.commit()
    _approved(working)
    book(dependents["Busy"], artist, hour=3)
    book(dependents["Revised"], artist, hour=6)
    for name, steps in (
        ("Done", ["WIP", "PREV", "CMPL"]),
        ("Revised", ["PREV", "HREV"]),
    ):
        for step in steps:
            dependents[name].status = at(step)
    db.session.commit()
    working.request_revision(lead)
    assert {n: short(t) for n, t in dependents.items()} == {
        "Ready": "WFD",
        "Busy": "DREV",
        "Revised": "DREV",
        "Done": "DREV",
    }
    db.session.commit()
    book(working, artist, hour=9)
    _approved(working)
    assert {n: short(t) for n, t in dependents.items()} == {
        "Ready": "RTS",
        "Busy": "WIP",
        "Revised": "WIP",
        "Done": "RTS",
    }


# Reviews are history ----------------------------------------------------------------
def test_an_answered_review_is_never_changed(working):
    """Changing its description is refused at flush, and it stays as it was."""
    (review,) = working.request_review()
    review.approve()
    db.session.commit()
    review.description = "rewritten"
    with pytest.raises(StatusError, match="changing it is not allowed"):
        db.session.flush()
    db.session.rollback()
    assert review.description == ""


def test_an_answered_review_is_never_deleted(shot):
    """Nor its task, which it hangs off."""
    working = Task(name="Unbooked", task_of=shot, status=at("WIP"))
    (review,) = working.request_review()
    review.approve()
    db.session.commit()
    with pytest.raises(DeleteRefusedError, match="an answered review is history"):
        db.session.delete(review)
        db.session.flush()
    db.session.rollback()
    with pytest.raises(DeleteRefusedError, match="reviews"):
        delete(working)


def test_a_review_is_made_for_a_task_by_a_user(working):
    """Review's own arguments are checked."""
    with pytest.raises(ValidationTypeError, match=r"Review\.task"):
        Review(task=None, reviewer=working.resources[0])
    with pytest.raises(ValidationError, match=r"Review\.review_number"):
        Review(task=working, reviewer=working.resources[0], review_number=0)


def test_a_step_to_a_status_missing_from_the_list_is_refused():
    """A studio list without OH: hold is refused, naming the list."""
    task = own_task("Short", "WIP", "OK")
    with pytest.raises(StatusError) as error:
        task.hold()
    assert str(error.value) == (
        "Task 'Own' is WIP: going to OH is not allowed "
        "(its StatusList 'Short' has no OH)"
    )
    assert short(task) == "WIP"


def test_a_task_outside_any_session_changes_only_itself(shot):
    """No database to find dependents in: the task stops, nothing else moves."""
    task = Task(name="Loose", task_of=shot, status=at("WIP"))
    db.session.expunge(task)
    task.stop()
    assert short(task) == "STOP"


def _meanwhile(task: Task, short_name: str) -> None:
    """Another process sets the task's status (and bumps its version counter)."""
    from sqlalchemy import update

    from stalker.db import tables

    with db.session.no_autoflush:
        status_id = at(short_name).id
        db.session.execute(
            update(tables.tasks)
            .where(tables.tasks.c.id == task.id)
            .values(status_id=status_id)
        )
        db.session.execute(
            update(tables.simple_entities)
            .where(tables.simple_entities.c.id == task.id)
            .values(version_id=tables.simple_entities.c.version_id + 1)
        )


def test_a_booking_on_a_task_held_meanwhile_is_refused(working, artist):
    """The task was WIP when booked, OH in the database at commit: refused."""
    booking = book(working, artist, hour=4)
    _meanwhile(working, "OH")
    with pytest.raises(StatusError) as error:
        db.session.commit()
    assert str(error.value) == (
        f"Task 'Anim' (id {working.id}) is OH in the database (another process "
        "changed it meanwhile): booking time is not allowed "
        "(booking needs RTS or WIP or HREV or DREV)"
    )
    drop(booking)


def test_a_booking_takes_in_another_first_booking_made_meanwhile(shot, artist):
    """Both booked a ready task: the second takes the other's WIP, no stale edit."""
    task = Task(name="Layout", task_of=shot)
    db.session.commit()
    book(task, artist)
    assert short(task) == "WIP"
    _meanwhile(task, "WIP")
    db.session.commit()
    db.session.expire_all()
    assert (short(task), len(task.bookings)) == ("WIP", 1)


def test_a_task_changed_here_and_meanwhile_is_a_stale_edit(working, artist):
    """Booked and re-bid here, changed by another process: nothing is overwritten."""
    book(working, artist, hour=4)
    working.bid = dt.timedelta(hours=9)
    _meanwhile(working, "WIP")
    with pytest.raises(StaleEditError):
        db.session.commit()
    db.session.rollback()


def test_a_booking_after_a_change_made_here_is_checked_as_read(working, artist, lead):
    """A revision asked for in this session, not yet saved: the booking is taken."""
    (review,) = working.request_review()
    review.request_revision()
    book(working, artist, hour=4)
    working.request_review()  # saves the booking on the way
    assert short(working) == "PREV"
    db.session.commit()
