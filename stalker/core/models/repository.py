"""Repositories: the file servers projects live on."""

from __future__ import annotations

import platform
from typing import Any

from stalker.core.models.entity import Entity
from stalker.core.models.validation import PATH_LENGTH, check_string


class Repository(Entity):
    """A file server share, with its root path on Linux, Windows and macOS.

    ``path`` answers the root for the operating system the code runs on.
    """

    def __init__(
        self,
        linux_path: str = "",
        windows_path: str = "",
        osx_path: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.linux_path = linux_path
        self.windows_path = windows_path
        self.osx_path = osx_path

    def _check_path(self, attr: str, value: str) -> str:
        return check_string(self, attr, value, max_length=PATH_LENGTH)

    @property
    def linux_path(self) -> str:
        """The root of the repository on Linux."""
        return self._linux_path

    @linux_path.setter
    def linux_path(self, value: str) -> None:
        self._linux_path = self._check_path("linux_path", value)

    @property
    def windows_path(self) -> str:
        """The root of the repository on Windows."""
        return self._windows_path

    @windows_path.setter
    def windows_path(self, value: str) -> None:
        self._windows_path = self._check_path("windows_path", value)

    @property
    def osx_path(self) -> str:
        """The root of the repository on macOS."""
        return self._osx_path

    @osx_path.setter
    def osx_path(self, value: str) -> None:
        self._osx_path = self._check_path("osx_path", value)

    @property
    def path(self) -> str:
        """The root of the repository for the running operating system."""
        system = platform.system()
        if system == "Windows":
            return self._windows_path
        if system == "Darwin":
            return self._osx_path
        return self._linux_path


__all__ = ["Repository"]
