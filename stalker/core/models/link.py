"""Links: files, folders and web pages outside the database."""

from __future__ import annotations

from typing import Any

from stalker.core.models.entity import Entity
from stalker.core.models.types import LinkType
from stalker.core.models.validation import PATH_LENGTH, check_instance, check_string


class Link(Entity):
    """A file, a file sequence, a folder or a web page, and its LinkType.

    ``path`` is the folder (or URL), ``filename`` the file name; in a file
    sequence ``#`` stands for the digits of the frame number (Nuke style).
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
        """The folder or URL part of the link; never empty."""
        return self._path

    @path.setter
    def path(self, value: str) -> None:
        self._path = check_string(
            self, "path", value, allow_empty=False, max_length=PATH_LENGTH
        )

    @property
    def filename(self) -> str:
        """The file name part of the link; never empty."""
        return self._filename

    @filename.setter
    def filename(self, value: str) -> None:
        self._filename = check_string(
            self, "filename", value, allow_empty=False, max_length=PATH_LENGTH
        )

    @property
    def type(self) -> LinkType:
        """The LinkType of the link (Image, Movie, Text...)."""
        return self._type

    @type.setter
    def type(self, value: LinkType) -> None:
        self._type = check_instance(self, "type", value, LinkType)


__all__ = ["Link"]
