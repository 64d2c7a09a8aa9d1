"""Versions: the iterations of the work on a task."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import StatusedEntity, in_memory
from stalker.core.models.fields import start_list
from stalker.core.models.link import Link
from stalker.core.models.validation import (
    NAME_LENGTH,
    check_instance,
    check_list,
    check_string,
    refuse,
    refuse_type,
)
from stalker.core.paths import check_relative_path

if TYPE_CHECKING:
    from stalker.core.models.task import Task

DEFAULT_TAKE = "MAIN"
_TAKE = re.compile(r"^[^\W][\w-]*$")
TAKE_LENGTH = 64
_EXTENSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")
#: The longest extension, its dot included.
EXTENSION_LENGTH = 17


def check_extension(obj: Any, value: Any) -> str:
    """Return a file extension as ``".ma"`` (given ``"ma"`` or ``".ma"``), or ``""``."""
    if not isinstance(value, str):
        refuse_type(obj, "extension", "a string like 'ma' or '.ma'", value)
    bare = value.strip().removeprefix(".")
    if not bare:
        return ""
    if not _EXTENSION.match(bare):
        refuse(obj, "extension", "letters, digits, '_' or '-' like 'ma'", value)
    return f".{bare}"


class Version(StatusedEntity):
    """One iteration of the work on a Task, in a ``take`` ("MAIN" by default).

    ``version_number`` is 1, 2, 3... per task and take; the database assigns
    it when the version is first flushed, without duplicates or gaps, also
    when several processes save versions of one task at once. ``outputs``
    are the Links the version produced.

    At the flush that numbers it, a version whose project has a TypeTemplate
    for its shot's or asset's type gets its ``path`` and ``filename``
    rendered from it, the file name ending in ``extension`` (``".ma"``);
    ``update_paths()`` renders them again. A version given a path or a file
    name keeps them; one without a template keeps them empty.
    """

    auto_named = True
    names_itself = True
    _version_number: int | None

    def __init__(
        self,
        task: Task | None = None,
        take: str = DEFAULT_TAKE,
        outputs: list[Link] | None = None,
        path: str = "",
        filename: str = "",
        extension: str = "",
        **kwargs: Any,
    ) -> None:
        named = kwargs.get("name") is not None
        if not hasattr(type(self), "_version_number"):  # mapped: None until set
            self._version_number = None
        super().__init__(**kwargs)
        self.take = take
        self.path = path
        self.filename = filename
        self.extension = extension
        self.task = task
        start_list(self, "outputs", outputs)
        if not named:
            self.name = f"{self.task.name} {self.take}"[:NAME_LENGTH]

    def _repr_parts(self) -> list[str]:
        """The task's path, the take and the number: ``'SEQ1/SH010/Anim' MAIN v2``."""
        task = in_memory(self, "_task")
        path = None if task is None else task._path_in_memory()
        parts = [] if path is None else [repr(path)]
        take, number = in_memory(self, "_take"), in_memory(self, "_version_number")
        parts += [] if take is None else [take]
        return parts + ([] if number is None else [f"v{number}"])

    @property
    def task(self) -> Task:
        """The Task this version belongs to."""
        return self._task

    @task.setter
    def task(self, value: Task | None) -> None:
        from stalker.core.models.task import Task

        task = check_instance(self, "task", value, Task)
        task.check_leaf(self, "task")
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
        """The folder of the version's file, relative to the project's folder.

        Checked like a rendered path: it may not leave the project's folder
        and every name in it must be valid on every OS.
        """
        return self._path

    @path.setter
    def path(self, value: str) -> None:
        self._path = check_relative_path(self, "path", value, single=False)

    @property
    def filename(self) -> str:
        """The file name of the version's file: one name valid on every OS."""
        return self._filename

    @filename.setter
    def filename(self, value: str) -> None:
        self._filename = check_relative_path(self, "filename", value, single=True)

    @property
    def extension(self) -> str:
        """The extension ending the rendered file name: ``".ma"``, or ``""``.

        Given as ``"ma"`` or ``".ma"``, kept as ``".ma"``.
        """
        return self._extension

    @extension.setter
    def extension(self, value: str) -> None:
        self._extension = check_extension(self, value)

    def update_paths(self, extension: str | None = None) -> None:
        """Render ``path`` and ``filename`` from the TypeTemplate of the task's type.

        The template is the one of the shot's or asset's AssetType in the
        project's Structure; the file name ends in ``extension`` (``"ma"``
        or ``".ma"``), which becomes the version's, or in the version's own
        ``extension`` when none is given. The version must be numbered
        (flushed); the first flush already renders them when it can.
        """
        from stalker.files.placement import update_version_paths

        update_version_paths(self, extension)

    @property
    def absolute_path(self) -> str:
        """The version's file on this machine: root/project code/path/filename."""
        from stalker.files.placement import absolute_path

        return absolute_path(self)

    def create_folder(self) -> list[str]:
        """Create the missing folders of the version's file; return those created."""
        from stalker.files.placement import create_version_folder

        return create_version_folder(self)


__all__ = ["DEFAULT_TAKE", "EXTENSION_LENGTH", "Version", "check_extension"]
