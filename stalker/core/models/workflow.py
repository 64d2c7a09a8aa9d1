"""The task workflow: which status a task may go to from which, and why.

A task's status follows its work (``stalker.core.models.task``): ``WFD``
while it waits for a dependency, ``RTS`` when it may start, ``WIP`` from its
first booking, ``PREV`` while reviewed, ``HREV`` when a revision was asked
for, ``DREV`` when a task it depends on is revised, ``OH`` on hold, ``STOP``
stopped and ``CMPL`` completed. ``NEXT`` lists the steps allowed from each.

The dependents of a task follow its status through the database
(``stalker.db.workflow`` finds, locks and reads them again); tasks that were
never set up with ``stalker.db.setup()`` change only themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from stalker.exceptions import StatusError

if TYPE_CHECKING:
    from stalker.core.models.status import Status
    from stalker.core.models.task import Task
    from stalker.core.models.task_dependency import TaskDependency

#: The statuses of the task workflow, in the order of the default Task list.
TASK_STATUSES = ("WFD", "RTS", "WIP", "PREV", "HREV", "DREV", "OH", "STOP", "CMPL")
#: The statuses of a Review: pending, approved, revision requested, superseded.
REVIEW_STATUSES = ("NEW", "APP", "RREV", "SUPD")

#: The statuses a task may go to from each, by an action, a booking, its
#: dependencies or an assignment to ``task.status``.
NEXT: dict[str, tuple[str, ...]] = {
    "WFD": ("RTS",),
    "RTS": ("WFD", "WIP"),
    "WIP": ("PREV", "DREV", "OH", "STOP"),
    "PREV": ("HREV", "CMPL"),
    "HREV": ("WIP", "DREV"),
    "DREV": ("WFD", "RTS", "WIP", "OH", "STOP"),
    "OH": ("WFD", "RTS", "WIP", "DREV"),
    "STOP": ("WFD", "RTS", "WIP", "DREV"),
    "CMPL": ("HREV", "DREV"),
}

#: The statuses of a task that may get bookings.
BOOKABLE = ("RTS", "WIP", "HREV", "DREV")
#: The statuses of a task that has not started.
NOT_STARTED = ("WFD", "RTS")
#: The statuses a task's dependents go to when a revision is asked for on it.
REVISED = {"RTS": "WFD", "WIP": "DREV", "HREV": "DREV", "CMPL": "DREV"}


#: The statuses a container (a parent task, shot, asset, sequence or project)
#: may take, each with the statuses of its own list that stand for it, nearest
#: first: sequence and project lists have NEW where tasks wait or are ready.
NEAREST: dict[str, tuple[str, ...]] = {
    "CMPL": ("CMPL",),
    "WFD": ("WFD", "RTS", "NEW"),
    "RTS": ("RTS", "NEW"),
    "WIP": ("WIP",),
}


def add_up(short_names: Iterable[str]) -> str:
    """The status the tasks with these statuses add up to (a key of NEAREST).

    Every task CMPL or STOP: CMPL; else every task WFD: WFD; else every task
    RTS or WFD: RTS; else WIP.
    """
    found = set(short_names)
    if found <= {"CMPL", "STOP"}:
        return "CMPL"
    if found == {"WFD"}:
        return "WFD"
    return "RTS" if found <= set(NOT_STARTED) else "WIP"


def name_of(obj: Any) -> str:
    """``Task 'Comp' (id 7)``: how the workflow's errors name an object."""
    ident = vars(obj).get("id")
    named = f"{type(obj).__name__} {obj.name!r}"
    return named + ("" if ident is None else f" (id {ident})")


def refuse_step(task: Any, what: str, allowed: tuple[str, ...] | str) -> None:
    """Raise ``StatusError``: ``what`` is not allowed for ``task`` in its status."""
    if isinstance(allowed, tuple):
        allowed = "the steps allowed from it: " + ", ".join(allowed)
    raise StatusError(
        f"{name_of(task)} is {task.status.short_name}: {what} is not allowed "
        f"({allowed})"
    )


def check_step(task: Task, status: Status) -> None:
    """Refuse the step of ``task`` from its status to ``status`` if not in NEXT."""
    current = task.status.short_name
    if status is task.status or current not in NEXT:
        return
    allowed = NEXT[current]
    if status.short_name not in allowed:
        refuse_step(task, f"going to {status.short_name}", allowed)


def needs(task: Task, short_names: tuple[str, ...], action: str) -> None:
    """Refuse ``action`` unless ``task`` is in one of ``short_names``."""
    if task.status.short_name not in short_names:
        refuse_step(task, action, f"{action} needs {' or '.join(short_names)}")


def is_blocked(task: Task) -> bool:
    """Whether a dependency keeps ``task`` from starting.

    A finish-to-start dependency blocks until it is done (``CMPL``,
    ``STOP``), a start-to-start one until it has started; finish-to-finish
    ones never block a start.
    """
    return any(blocks(dependency) for dependency in task.dependencies)


def blocks(dependency: TaskDependency) -> bool:
    """Whether this one dependency keeps its task from starting now."""
    status = dependency.depends_on.status
    if dependency.kind == "FS":
        return not status.is_done
    return dependency.kind == "SS" and status.short_name in NOT_STARTED


def pick(task: Any, short_name: str) -> Any:
    """The Status of ``task``'s list with ``short_name``, or StatusError."""
    try:
        return task.status_list[short_name]
    except KeyError:
        refuse_step(
            task,
            f"going to {short_name}",
            f"its StatusList {task.status_list.name!r} has no {short_name}",
        )


__all__ = [
    "BOOKABLE",
    "NEAREST",
    "NEXT",
    "NOT_STARTED",
    "REVIEW_STATUSES",
    "REVISED",
    "TASK_STATUSES",
    "add_up",
    "blocks",
    "check_step",
    "is_blocked",
    "name_of",
    "needs",
    "pick",
    "refuse_step",
]
