"""Links: files, folders and web pages outside the database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity
from stalker.core.models.types import LinkType
from stalker.core.models.validation import check_instance, check_int, refuse
from stalker.core.paths import check_any_path, check_relative_path

if TYPE_CHECKING:
    from stalker.files.sequences import FramePattern


class Link(Entity):
    """A file, a file sequence, a folder or a web page, and its LinkType.

    ``path`` is the folder (or URL), ``filename`` the file name; in a file
    sequence ``#`` stands for the digits of the frame number (Nuke style),
    and ``%04d`` and ``$F4`` are understood too (see
    :mod:`stalker.files.sequences`).
    """

    def __init__(
        self,
        path: str = "",
        filename: str = "",
        type: LinkType | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.filename = filename
        self.type = type

    @property
    def path(self) -> str:
        """The folder or URL part of the link; never empty, ``/`` separated.

        A path given with backslashes (a Windows path) is stored with forward
        slashes (``M:/PROJECTS/x``), which Windows takes too.
        """
        return self._path

    @path.setter
    def path(self, value: str) -> None:
        self._path = check_any_path(self, "path", value)

    @property
    def filename(self) -> str:
        """The file name part of the link: one name valid on every OS, never empty."""
        return self._filename

    @filename.setter
    def filename(self, value: str) -> None:
        self._filename = check_relative_path(
            self, "filename", value, single=True, allow_empty=False
        )

    @property
    def type(self) -> LinkType:
        """The LinkType of the link (Image, Movie, Text...)."""
        return self._type

    @type.setter
    def type(self, value: LinkType | None) -> None:
        self._type = check_instance(self, "type", value, LinkType)

    @property
    def frame_pattern(self) -> FramePattern | None:
        """The frame pattern of ``filename``, or None if it is a single file."""
        from stalker.files.sequences import FramePattern

        return FramePattern.parse(self._filename)

    def _pattern(self) -> FramePattern:
        pattern = self.frame_pattern
        if pattern is None:
            refuse(self, "filename", "a file sequence like 'a.####.exr'", self.filename)
        return pattern

    def expand(self, start: int, end: int) -> list[str]:
        """The file names of the frames ``start`` to ``end`` (both included)."""
        pattern = self._pattern()
        first = check_int(self, "start", start)
        last = check_int(self, "end", end, minimum=first)
        return pattern.names(first, last)

    def existing_frames(self) -> list[int]:
        """The frames of the sequence found on disk in ``path``, sorted."""
        return self._pattern().existing_frames(self._path)


__all__ = ["Link"]
