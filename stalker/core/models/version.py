"""Versions: the iterations of the work on a task."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity
from stalker.core.models.fields import start_list
from stalker.core.models.link import Link
from stalker.core.models.validation import (
    NAME_LENGTH,
    PATH_LENGTH,
    check_instance,
    check_list,
    check_string,
    refuse,
)

if TYPE_CHECKING:
    from stalker.core.models.task import Task

DEFAULT_TAKE = "MAIN"
_TAKE = re.compile(r"^[^\W][\w-]*$")
TAKE_LENGTH = 64


class Version(StatusedEntity):
    """One iteration of the work on a Task, in a ``take`` ("MAIN" by default).

    ``version_number`` is 1, 2, 3... per task and take; the database assigns
    it when the version is first flushed, without duplicates or gaps, also
    when several processes save versions of one task at once. ``outputs``
    are the Links the version produced.
    """

    auto_named = True

    def __init__(
        self,
        task: Task | None = None,
        take: str = DEFAULT_TAKE,
        outputs: list[Link] | None = None,
        path: str = "",
        filename: str = "",
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        self._version_number: int | None = None
        super().__init__(**kwargs)
        self.take = take
        self.path = path
        self.filename = filename
        self.task = task
        start_list(self, "outputs", outputs)
        if not named:
            self.name = f"{self.task.name} {self.take}"[:NAME_LENGTH]

    @property
    def task(self) -> Task:
        """The Task this version belongs to."""
        return self._task

    @task.setter
    def task(self, value: Task | None) -> None:
        from stalker.core.models.task import Task

        task = check_instance(self, "task", value, Task)
        self._refuse_renumbering("task", task)
        self._task = task

    @property
    def take(self) -> str:
        """The take (branch of work) of this version, ``"MAIN"`` by default."""
        return self._take

    @take.setter
    def take(self, value: str) -> None:
        take = check_string(
            self, "take", value, allow_empty=False, max_length=TAKE_LENGTH
        )
        if not _TAKE.match(take):
            refuse(self, "take", "letters, digits, '_' or '-' (like 'MAIN')", value)
        self._refuse_renumbering("take", take)
        self._take = take

    def _refuse_renumbering(self, attr: str, value: Any) -> None:
        """Keep a numbered version in its task and take: its number is theirs."""
        if self._version_number is None:
            return
        current = getattr(self, f"_{attr}")
        if value is not current and value != current:
            refuse(self, attr, f"{current!r} once the version is numbered", value)

    @property
    def version_number(self) -> int | None:
        """The number of this version in its task and take; set when flushed."""
        return self._version_number

    @property
    def outputs(self) -> list[Link]:
        """The Links (files) this version produced."""
        return self._outputs

    @outputs.setter
    def outputs(self, value: list[Link] | None) -> None:
        self._outputs = check_list(self, "outputs", value, Link)

    @property
    def path(self) -> str:
        """The folder of the version's file, relative to the project's folder."""
        return self._path

    @path.setter
    def path(self, value: str) -> None:
        self._path = check_string(self, "path", value, max_length=PATH_LENGTH)

    @property
    def filename(self) -> str:
        """The file name of the version's file."""
        return self._filename

    @filename.setter
    def filename(self, value: str) -> None:
        self._filename = check_string(self, "filename", value, max_length=PATH_LENGTH)

    def update_paths(self, extension: str = "") -> None:
        """Render ``path`` and ``filename`` from the TypeTemplate of the task's type.

        The template is the one of the shot's or asset's AssetType in the
        project's Structure; ``extension`` (``"ma"`` or ``".ma"``) ends the
        file name. Call it once the version is numbered (after a flush).
        """
        from stalker.files.placement import render_paths

        self.path, self.filename = render_paths(self, extension)

    @property
    def absolute_path(self) -> str:
        """The version's file on this machine: root/project code/path/filename."""
        from stalker.files.placement import absolute_path

        return absolute_path(self)

    def create_folder(self) -> list[str]:
        """Create the missing folders of the version's file; return those created."""
        from stalker.files.placement import create_version_folder

        return create_version_folder(self)


__all__ = ["DEFAULT_TAKE", "Version"]
