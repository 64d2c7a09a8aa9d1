"""Tasks: the pieces of work done on shots and assets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, giving, in_memory
from stalker.core.models.fields import start_list
from stalker.core.models.task_dependency import TaskDependency
from stalker.core.models.validation import (
    INT32_MAX,
    check_datetime,
    check_element,
    check_instance,
    check_int,
    check_list,
    check_timedelta,
    message,
    refuse,
)
from stalker.exceptions import CircularDependencyError

if TYPE_CHECKING:
    from stalker.core.models.asset_base import AssetBase
    from stalker.core.models.booking import Booking
    from stalker.core.models.pipeline_step import PipelineStep
    from stalker.core.models.project import Project
    from stalker.core.models.user import User
    from stalker.core.models.version import Version

DEFAULT_PRIORITY = 500


class Task(StatusedEntity):
    """A piece of work on a Shot or Asset, done by its resources.

    ``bid`` is the estimated working time (a timedelta), ``depends`` the tasks
    that must be finished first; a task may never depend on itself, directly
    or through other tasks. A task may be created on its own and given to a
    shot or asset later (``shot.tasks = [...]`` or ``task.task_of = shot``).
    """

    #: Filled by the descriptors, ``start_list`` or the database mapping.
    _dependencies: list[TaskDependency]
    _versions: list[Version]
    _bookings: list[Booking]

    def __init__(
        self,
        resources: list[User] | None = None,
        bid: dt.timedelta | None = None,
        pipeline_step: PipelineStep | None = None,
        depends: list[Task] | None = None,
        task_of: AssetBase | None = None,
        priority: int = DEFAULT_PRIORITY,
        alternative_resources: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.bid = bid
        self.priority = priority
        self.pipeline_step = pipeline_step
        self.task_of = task_of  # before depends: dependencies check the project
        start_list(self, "resources", resources)
        start_list(self, "alternative_resources", alternative_resources)
        start_list(self, "_dependencies")
        start_list(self, "depends", depends)
        self.computed_start = None
        self.computed_end = None
        start_list(self, "computed_resources")
        start_list(self, "_versions")
        start_list(self, "_bookings")

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
        """The estimated working time, or None when not bid yet."""
        return self._bid

    @bid.setter
    def bid(self, value: dt.timedelta | None) -> None:
        self._bid = check_timedelta(self, "bid", value, allow_none=True)

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
    def depends(self) -> list[Task]:
        """The Tasks this one waits on (finish-to-start unless said otherwise)."""
        return self._depends

    @depends.setter
    def depends(self, value: list[Task] | None) -> None:
        tasks = check_list(self, "depends", value, Task)
        for task in tasks:
            self.check_dependency(task)
        kept = {id(d.depends_on): d for d in self._dependencies}
        self._dependencies = [
            kept.get(id(task)) or TaskDependency(None, task) for task in tasks
        ]

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
        mine, theirs = known_project(self), known_project(checked)
        if mine is not None and theirs is not None and mine is not theirs:
            refuse(self, "depends", f"a list of Tasks of Project {mine.name!r}", task)
        return checked

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
    def task_of(self) -> AssetBase | None:
        """The Shot or Asset this task is done for."""
        return self._task_of

    @task_of.setter
    def task_of(self, value: AssetBase | None) -> None:
        from stalker.core.models.asset_base import AssetBase

        task_of = check_instance(self, "task_of", value, AssetBase, allow_none=True)
        giving(self, "task_of", task_of)
        self._task_of = task_of

    @property
    def versions(self) -> list[Version]:
        """The Versions made for this task, oldest first."""
        return self._versions

    @property
    def bookings(self) -> list[Booking]:
        """The time booked on this task."""
        return self._bookings


def known_project(task: Any) -> Project | None:
    """The Project of ``task``'s Shot or Asset if known without loading the task."""
    task_of = vars(task).get("_task_of")
    return task_of.project if task_of is not None else None


__all__ = ["DEFAULT_PRIORITY", "Task", "known_project"]
