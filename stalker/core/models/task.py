"""Tasks: the pieces of work done for projects, sequences, shots and assets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, giving, hooks, in_memory
from stalker.core.models.fields import start_list
from stalker.core.models.task_dependency import TaskDependency
from stalker.core.models.task_owner import OWNER_KINDS, TaskOwner
from stalker.core.models.validation import (
    INT32_MAX,
    check_datetime,
    check_element,
    check_instance,
    check_int,
    check_list,
    check_string,
    check_timedelta,
    message,
    refuse,
    refuse_type,
)
from stalker.core.models.workflow import (
    BOOKABLE,
    NEXT,
    NOT_STARTED,
    REVISED,
    blocks,
    check_step,
    is_blocked,
    name_of,
    needs,
    pick,
    refuse_step,
)
from stalker.exceptions import CircularDependencyError, StatusError

if TYPE_CHECKING:
    from stalker.core.models.booking import Booking
    from stalker.core.models.pipeline_step import PipelineStep
    from stalker.core.models.project import Project
    from stalker.core.models.review import Review
    from stalker.core.models.status import Status
    from stalker.core.models.user import User
    from stalker.core.models.version import Version

DEFAULT_PRIORITY = 500


class Task(StatusedEntity):
    """A piece of work for a Project, Sequence, Shot or Asset, done by its resources.

    ``bid`` is the estimated working time (a timedelta), ``depends`` the tasks
    that must be finished first; a task may never depend on itself, directly
    or through other tasks. A task may be created on its own and given to its
    owner later (``shot.tasks = [...]`` or ``task.task_of = sequence``).

    Its status follows the task workflow (``stalker.core.models.workflow``):
    a new task is ``WFD`` while a dependency keeps it from starting, else
    ``RTS`` (a ``status`` given to the constructor is taken as it is, for
    work recorded elsewhere); its first booking makes it ``WIP``; the actions
    ``request_review()``, ``request_revision()``, ``hold()``, ``stop()`` and
    ``resume()`` and the answers of its reviews move it on, and its
    dependents follow. A step the workflow does not allow, also by assigning
    ``status``, raises ``StatusError`` and changes nothing.

    A task may be a part of a ``parent`` task, whose ``task_of`` it takes;
    a parent's ``children`` do the work: only leaf tasks get bookings,
    versions and reviews, a parent's bid is the sum of its children's, and
    in a database its status is what theirs add up to (``stalker.db.rollup``).
    """

    #: Filled by the descriptors, ``start_list`` or the database mapping.
    _dependencies: list[TaskDependency]
    _versions: list[Version]
    _bookings: list[Booking]
    _reviews: list[Review]
    _review_number: int
    _parent: Task | None
    _children: list[Task]

    def __init__(
        self,
        resources: list[User] | None = None,
        bid: dt.timedelta | None = None,
        pipeline_step: PipelineStep | None = None,
        depends: list[Task] | None = None,
        task_of: TaskOwner | None = None,
        priority: int = DEFAULT_PRIORITY,
        alternative_resources: list[User] | None = None,
        responsible: list[User] | None = None,
        parent: Task | None = None,
        **kwargs: Any,
    ) -> None:
        # A status given is taken as it is (StatusedEntity's parameter).
        status = kwargs.pop("status", None)
        super().__init__(**kwargs)
        self._review_number = 0
        start_list(self, "_children")
        self._parent = None
        # A task being made has no children and no parent yet: its bid is its own.
        self._bid = check_timedelta(self, "bid", bid, allow_none=True)
        self.priority = priority
        self.pipeline_step = pipeline_step
        self.task_of = task_of  # before depends: dependencies check the project
        if parent is not None:
            if task_of is not None and task_of is not parent.task_of:
                refuse(self, "task_of", "the task_of of its parent (or None)", task_of)
            self.parent = parent
        start_list(self, "resources", resources)
        start_list(self, "alternative_resources", alternative_resources)
        start_list(self, "responsible", responsible)
        start_list(self, "_dependencies")
        if depends is not None:
            self._depend_at_birth(depends)
        self.computed_start = None
        self.computed_end = None
        start_list(self, "computed_resources")
        start_list(self, "_versions")
        start_list(self, "_bookings")
        start_list(self, "_reviews")
        if status is None:
            self._follow_dependencies()
        else:
            self._status = self._check_status(status)

    def _repr_parts(self) -> list[str]:
        path = self._path_in_memory()
        return [] if path is None else [repr(path)]

    def _path_in_memory(self) -> str | None:
        """``"SEQ1/SH010/Comp"``: the owner's codes and the name, if in memory."""
        name = in_memory(self, "_name")
        if name is None:
            return None
        owner = in_memory(self, "_task_of")
        above = [] if owner is None else owner._code_path()
        return "/".join([*above, name])

    @property
    def bid(self) -> dt.timedelta | None:
        """The estimated working time or None; a parent's sums its children's."""
        return self._bid

    @bid.setter
    def bid(self, value: dt.timedelta | None) -> None:
        checked = check_timedelta(self, "bid", value, allow_none=True)
        if self.children:
            refuse(self, "bid", "left to its children (a parent's is their sum)", value)
        self._set_bid(checked)

    def _set_bid(self, value: dt.timedelta | None) -> None:
        """Store the bid; the parents above add it up again."""
        self._bid = value
        parent = self.parent
        if parent is not None:
            parent._add_up_bid()

    def _add_up_bid(self) -> None:
        bids = [child.bid for child in self.children if child.bid is not None]
        self._set_bid(sum(bids, dt.timedelta(0)) if bids else None)

    # the hierarchy ----------------------------------------------------
    @property
    def parent(self) -> Task | None:
        """The Task this one is a part of, or None; its task_of is the parent's."""
        return self._parent

    @parent.setter
    def parent(self, value: Task | None) -> None:
        parent = check_instance(self, "parent", value, Task, allow_none=True)
        if parent is not None:
            self._check_parent(parent)
        giving(self, "parent", parent)
        old = self._parent
        self._parent = parent
        if not _mapped(self):  # the mapping keeps both sides itself
            if old is not None:
                old._children.remove(self)
            if parent is not None:
                parent._children.append(self)
        if parent is not None:
            self._take_owner(parent.task_of)
            parent._add_up_bid()
        if old is not None and old is not parent:
            old._add_up_bid()

    def _check_parent(self, parent: Task) -> None:
        if parent is self or any(above is self for above in parent.ancestors()):
            raise CircularDependencyError(
                message(
                    self, "parent", "a Task that is not one of its own children", parent
                )
            )
        if parent.bookings or parent.versions or parent.reviews:
            refuse(
                self,
                "parent",
                "a Task without bookings, versions or reviews (only leaf tasks "
                "have them)",
                parent,
            )

    @property
    def children(self) -> list[Task]:
        """The Tasks this one is made of (read-only; set ``child.parent``)."""
        return self._children

    def ancestors(self) -> Iterator[Task]:
        """Yield the parent, its parent and so on up to the top task."""
        above = self.parent
        while above is not None:
            yield above
            above = above.parent

    def check_leaf(self, obj: Any, attr: str) -> None:
        """Refuse ``self`` as ``obj.attr`` if it has children: work is on leaves."""
        if self.children:
            refuse(obj, attr, "a leaf Task (a Task without children)", self)

    @property
    def priority(self) -> int:
        """How early the task gets resources; higher first (default 500)."""
        return self._priority

    @priority.setter
    def priority(self, value: int) -> None:
        self._priority = check_int(
            self, "priority", value, minimum=0, maximum=INT32_MAX
        )

    @property
    def pipeline_step(self) -> PipelineStep | None:
        """The PipelineStep this task belongs to."""
        return self._pipeline_step

    @pipeline_step.setter
    def pipeline_step(self, value: PipelineStep | None) -> None:
        from stalker.core.models.pipeline_step import PipelineStep

        self._pipeline_step = check_instance(
            self, "pipeline_step", value, PipelineStep, allow_none=True
        )

    @property
    def resources(self) -> list[User]:
        """The Users assigned to this task."""
        return self._resources

    @resources.setter
    def resources(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._resources = check_list(self, "resources", value, User)

    @property
    def alternative_resources(self) -> list[User]:
        """Users of which the scheduler may pick one instead of ``resources``."""
        return self._alternative_resources

    @alternative_resources.setter
    def alternative_resources(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._alternative_resources = check_list(
            self, "alternative_resources", value, User
        )

    @property
    def responsible(self) -> list[User]:
        """The Users who review this task's work (else its project's lead)."""
        return self._responsible

    @responsible.setter
    def responsible(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._responsible = check_list(self, "responsible", value, User)

    @property
    def depends(self) -> list[Task]:
        """The Tasks this one waits on (finish-to-start unless said otherwise)."""
        return self._depends

    @depends.setter
    def depends(self, value: list[Task] | None) -> None:
        tasks = check_list(self, "depends", value, Task)
        for task in tasks:
            self.check_dependency(task)
        kept = {id(d.depends_on): d for d in self._dependencies}
        # One assignment of the whole list: the mapping checks the elements
        # appended one by one, not a list its setter has checked.
        self._dependencies = [
            kept.get(id(task)) or TaskDependency(None, task) for task in tasks
        ]
        self._follow_dependencies()

    def _depend_at_birth(self, value: Any) -> None:
        """The constructor's ``depends``: its checks, but no walk for cycles.

        Nothing depends on a task being constructed, so no cycle can pass
        through it; its status is decided once, at the end of ``__init__``.
        """
        tasks = check_list(self, "depends", value, Task)
        for task in tasks:
            self._check_same_project(task)
        if tasks:
            self._dependencies = [TaskDependency(None, task) for task in tasks]

    @property
    def _depends(self) -> list[Task]:
        # Without a database mapping; the mapping proxies ``_dependencies``.
        return [dependency.depends_on for dependency in self._dependencies]

    @property
    def dependencies(self) -> list[TaskDependency]:
        """The TaskDependency objects of this task, one per task in ``depends``."""
        return self._dependencies

    def check_dependency(self, task: Any) -> Task:
        """Return ``task`` if this task may depend on it, else raise."""
        checked = check_element(self, "depends", task, Task)
        if checked is self or any(other is self for other in checked.upstream()):
            raise CircularDependencyError(
                message(
                    self, "depends", "a list of Tasks that do not depend on it", task
                )
            )
        self._check_same_project(checked)
        return checked

    def _check_same_project(self, task: Task) -> None:
        """Refuse a task of another project than this one's, when both are known."""
        mine, theirs = known_project(self), known_project(task)
        if mine is not None and theirs is not None and mine is not theirs:
            refuse(self, "depends", f"a list of Tasks of Project {mine.name!r}", task)

    def upstream(self) -> Iterator[Task]:
        """Yield every task this one depends on, directly or not, once each."""
        seen: set[int] = set()
        stack: list[Task] = list(self._depends)
        while stack:
            task = stack.pop()
            if id(task) in seen:
                continue
            seen.add(id(task))
            yield task
            stack.extend(task._depends)

    @property
    def computed_start(self) -> dt.datetime | None:
        """When the scheduler plans the task to start (timezone-aware UTC)."""
        return self._computed_start

    @computed_start.setter
    def computed_start(self, value: dt.datetime | None) -> None:
        self._computed_start = check_datetime(
            self, "computed_start", value, allow_none=True
        )

    @property
    def computed_end(self) -> dt.datetime | None:
        """When the scheduler plans the task to end (timezone-aware UTC)."""
        return self._computed_end

    @computed_end.setter
    def computed_end(self, value: dt.datetime | None) -> None:
        self._computed_end = check_datetime(
            self, "computed_end", value, allow_none=True
        )

    @property
    def computed_resources(self) -> list[User]:
        """The Users the scheduler plans to do the task."""
        return self._computed_resources

    @computed_resources.setter
    def computed_resources(self, value: list[User] | None) -> None:
        from stalker.core.models.user import User

        self._computed_resources = check_list(self, "computed_resources", value, User)

    @property
    def task_of(self) -> TaskOwner | None:
        """The Project, Sequence, Shot or Asset this task is done for."""
        return self._task_of

    @task_of.setter
    def task_of(self, value: TaskOwner | None) -> None:
        if value is not None and not isinstance(value, TaskOwner):
            refuse_type(self, "task_of", f"{OWNER_KINDS} or None", value)
        parent = self.parent
        if parent is not None and value is not parent.task_of:
            refuse(self, "task_of", "the task_of of its parent", value)
        self._take_owner(value)

    def _take_owner(self, task_of: TaskOwner | None) -> None:
        """Take ``task_of`` as the owner, with every task below in memory.

        Children a database has not loaded yet follow at flush
        (``stalker.db.rollup.before_flush``).
        """
        if vars(self).get("_task_of", self) is task_of:
            return
        giving(self, "task_of", task_of)
        self._task_of = task_of
        for child in in_memory(self, "_children") or ():
            child._take_owner(task_of)

    @property
    def versions(self) -> list[Version]:
        """The Versions made for this task, oldest first."""
        return self._versions

    @property
    def bookings(self) -> list[Booking]:
        """The time booked on this task."""
        return self._bookings

    # the workflow -----------------------------------------------------
    @property
    def status(self) -> Status:
        """The current Status; a step the workflow forbids raises StatusError."""
        return self._status

    @status.setter
    def status(self, value: Status | int | None) -> None:
        status = self._check_status(value)
        check_step(self, status)
        self._step(status)

    @property
    def reviews(self) -> list[Review]:
        """Every Review of this task, oldest first (read-only)."""
        return self._reviews

    @property
    def review_number(self) -> int:
        """The number of the latest review round, 0 before any."""
        return self._review_number

    def _step(self, status: Status) -> None:
        """Take ``status`` (an allowed step); the dependents follow."""
        old, self._status = self._status, status
        if status.is_done and not old.is_done:
            self._dependents_follow(revised=False)
        elif old.short_name == "CMPL" and status.short_name == "HREV":
            self._dependents_follow(revised=True)

    def _go(self, short_name: str) -> None:
        self._step(pick(self, short_name))

    def _follow_dependencies(
        self,
        also: TaskDependency | None = None,
        without: TaskDependency | None = None,
    ) -> None:
        """A task that has not started waits (WFD) or not (RTS) on its dependencies.

        ``also`` is a dependency about to be added, ``without`` one about to
        be taken away.
        """
        status = getattr(self, "_status", None)
        if status is None:
            return  # a row of stalker.db.bulk: its import decides
        names = {status.short_name for status in self._status_list.statuses}
        if status.short_name in NOT_STARTED and set(NOT_STARTED) <= names:
            kept = [d for d in self.dependencies if d is not without]
            blocked = any(blocks(d) for d in [*kept, *([also] if also else [])])
            self._status = pick(self, "WFD" if blocked else "RTS")

    def _dependents_follow(self, revised: bool) -> None:
        """Open the dependents this task's completion frees, or revise them."""
        if hooks.dependents is None:
            return
        for task in hooks.dependents(self):
            current = task.status.short_name
            if revised:
                if current in REVISED:
                    task._go(REVISED[current])
            elif current in ("WFD", "DREV") and not is_blocked(task):
                task._go("WIP" if current == "DREV" and task.bookings else "RTS")

    def _lock(self) -> None:
        """Lock this task (in a database) and read its status again.

        The actions are for leaf tasks: a parent's status adds up its children's.
        """
        if self.children:
            raise StatusError(
                f"{name_of(self)} has children: the workflow's actions are for "
                f"leaf tasks (a parent's status adds up its children's)"
            )
        if hooks.lock_task is not None:
            hooks.lock_task(self)

    def check_bookable(self) -> None:
        """Raise StatusError unless time may be booked on the task now."""
        current = self.status.short_name
        if current in NEXT and current not in BOOKABLE:
            refuse_step(self, "booking time", f"booking needs {' or '.join(BOOKABLE)}")

    def _booked(self) -> None:
        """The first booking starts the work: RTS or HREV becomes WIP."""
        if self.status.short_name in ("RTS", "HREV"):
            self._go("WIP")

    def _booked_time(self) -> dt.timedelta:
        return sum((b.end - b.start for b in self.bookings), dt.timedelta(0))

    def request_review(self, version: Version | None = None) -> list[Review]:
        """Ask for the review of the work (WIP -> PREV); return the new Reviews.

        One Review per reviewer: the task's ``responsible`` users, else its
        project's lead. ``version`` is the Version shown, if any.
        """
        from stalker.core.models.review import Review
        from stalker.core.models.version import Version

        check_instance(self, "version", version, Version, allow_none=True)
        if version is not None and version.task is not self:
            refuse(self, "version", f"a Version of Task {self.name!r}", version)
        self._lock()
        needs(self, ("WIP",), "requesting a review")
        reviewers = list(self.responsible)
        project = None if self.task_of is None else self.task_of.project
        if not reviewers and project is not None and project.lead is not None:
            reviewers = [project.lead]
        if not reviewers:
            raise StatusError(
                f"{name_of(self)} has nobody to review it: give it responsible "
                f"users or its project a lead"
            )
        number = self._review_number + 1
        reviews = [
            Review(task=self, reviewer=user, review_number=number, version=version)
            for user in reviewers
        ]
        self._review_number = number
        self._go("PREV")
        return reviews

    def _check_in_review(self, action: str) -> None:
        needs(self, ("PREV",), action)

    def _round(self) -> list[Review]:
        return [r for r in self.reviews if r.review_number == self._review_number]

    def _review_answered(self) -> None:
        """Complete the task once every review of its round approves."""
        if all(review.status.short_name == "APP" for review in self._round()):
            self._go("CMPL")

    def _revision_requested(self, review: Review) -> None:
        """Close the round's pending reviews, grow the bid, go to HREV."""
        for other in self._round():
            if other is not review and other.is_pending:
                other.status = pick(other, "SUPD")
        self._set_bid((self.bid or dt.timedelta(0)) + review.extra_time)
        self._go("HREV")

    def request_revision(
        self,
        reviewer: User,
        description: str = "",
        extra_time: dt.timedelta = dt.timedelta(0),
    ) -> Review:
        """Ask for a revision of a completed task (CMPL -> HREV) as ``reviewer``.

        It opens a new review round answered with that revision; the task's
        dependents go back to waiting (RTS -> WFD) or to DREV.
        """
        from stalker.core.models.review import Review

        check_string(self, "description", description, max_length=0)
        self._lock()
        needs(self, ("CMPL",), "requesting a revision")
        number = self._review_number + 1
        review = Review(
            task=self,
            reviewer=reviewer,
            review_number=number,
            extra_time=extra_time,
            description=description,
        )
        self._review_number = number
        review.status = pick(review, "RREV")
        self._set_bid((self.bid or dt.timedelta(0)) + review.extra_time)
        self._go("HREV")
        return review

    def hold(self) -> None:
        """Put the work on hold (WIP or DREV -> OH); again on OH: nothing."""
        self._lock()
        if self.status.short_name != "OH":
            needs(self, ("WIP", "DREV"), "holding")
            self._go("OH")

    def stop(self) -> None:
        """Stop the work (WIP or DREV -> STOP); the bid becomes the time booked.

        Again on STOP: nothing. Dependents treat a stopped task as done.
        """
        self._lock()
        if self.status.short_name != "STOP":
            needs(self, ("WIP", "DREV"), "stopping")
            self._set_bid(self._booked_time())
            self._go("STOP")

    def resume(self) -> None:
        """Resume held or stopped work (OH or STOP -> WIP if booked, else RTS).

        A task whose dependencies keep it from going on waits instead: WFD,
        or DREV when it has bookings.
        """
        self._lock()
        needs(self, ("OH", "STOP"), "resuming")
        booked = bool(self.bookings)
        if is_blocked(self):
            self._go("DREV" if booked else "WFD")
        else:
            self._go("WIP" if booked else "RTS")


def _mapped(task: Task) -> bool:
    """Whether the database mapping keeps ``parent`` and ``children`` in step."""
    return hasattr(type(task), "_children")


def known_project(task: Any) -> Project | None:
    """The Project of ``task``'s owner if known without loading the task."""
    task_of = vars(task).get("_task_of")
    return task_of.project if task_of is not None else None


__all__ = ["DEFAULT_PRIORITY", "Task", "known_project"]
