"""Repositories: the file servers projects live on."""

from __future__ import annotations

import os
import platform
import re
from typing import Any

from stalker.core import os_paths
from stalker.core.models.entity import Entity
from stalker.core.models.validation import (
    PATH_LENGTH,
    check_string,
    describe,
    message,
    refuse,
)
from stalker.core.paths import has_control_character
from stalker.exceptions import RepositoryError, ValidationError

_NOT_NAME = re.compile(r"[^A-Z0-9]+")
_ROOT_ATTRIBUTES = {os_paths.WINDOWS: "windows_path", os_paths.MACOS: "osx_path"}


class Repository(Entity):
    """A file server share, with its root path on Linux, Windows and macOS.

    ``path`` answers the root for the operating system the code runs on
    (``platform.system()``). A machine or site whose share is mounted
    elsewhere overrides that root with the environment variable named by
    ``env_variable``: ``STALKER_REPOSITORY_<CODE>_PATH``, ``<CODE>`` being the
    repository's code in upper case with runs of other characters than
    letters and digits replaced by ``_`` (``STALKER_REPOSITORY_COMMERCIALS_PATH``).

    Roots are kept with ``/`` separators (``M:/PROJECTS``); Linux and macOS
    roots are absolute POSIX paths, the Windows root starts with a drive
    letter or a UNC share (``//server/share``). Any root may start with
    ``~``, the home folder of whoever runs the code, expanded when the root
    is used (``path``). An empty root means the repository is not
    reachable from that OS.

    A path under the repository, written on any OS, converts to the form of
    any other OS with ``to_path()`` and to an OS-independent form, safe to
    store, with ``to_os_independent_path()`` (``$REPO<id>/<relative path>``).
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

    def _check_root(self, attr: str, value: Any, *, windows: bool) -> str:
        text = check_string(self, attr, value, max_length=PATH_LENGTH)
        if not text:
            return ""
        if has_control_character(text):
            refuse(self, attr, "a path without control characters", value)
        root = os_paths.normalize(text)
        if windows:
            fits = os_paths.is_windows_path(root)
            expected = "a Windows path like 'M:/PROJECTS' or '//server/share'"
        else:
            fits = os_paths.is_posix_root(root)
            expected = "an absolute path like '/mnt/M'"
        fits = fits or os_paths.starts_at_home(root)
        if not fits or ".." in root.split("/"):
            refuse(self, attr, f"{expected}, '~/...' (without '..') or empty", value)
        return root

    @property
    def linux_path(self) -> str:
        """The root of the repository on Linux."""
        return self._linux_path

    @linux_path.setter
    def linux_path(self, value: str) -> None:
        self._linux_path = self._check_root("linux_path", value, windows=False)

    @property
    def windows_path(self) -> str:
        """The root of the repository on Windows."""
        return self._windows_path

    @windows_path.setter
    def windows_path(self, value: str) -> None:
        self._windows_path = self._check_root("windows_path", value, windows=True)

    @property
    def osx_path(self) -> str:
        """The root of the repository on macOS."""
        return self._osx_path

    @osx_path.setter
    def osx_path(self, value: str) -> None:
        self._osx_path = self._check_root("osx_path", value, windows=False)

    @property
    def env_variable(self) -> str:
        """The environment variable that overrides ``path`` on this machine."""
        code = _NOT_NAME.sub("_", self.code.upper()).strip("_")
        return f"STALKER_REPOSITORY_{code}_PATH"

    @classmethod
    def root_attribute(cls, system: str | None = None) -> str:
        """The attribute holding the root for ``system`` (None: the running OS).

        ``system`` is one of the names in ``SYSTEM_NAMES``, in any case:
        "Linux", "Windows" (or "win32", "nt"), "Darwin" (or "macOS", "osx").
        Another name raises; the running OS, when not one of them (FreeBSD),
        uses the Linux root.
        """
        if system is None:
            return _ROOT_ATTRIBUTES.get(platform.system(), "linux_path")
        named = os_paths.system_named(system) if isinstance(system, str) else None
        if named is None:
            names = ", ".join(repr(name) for name in os_paths.SYSTEM_NAMES)
            raise ValidationError(
                f"{cls.__name__}.system should be one of {names} (in any case), "
                f"not {describe(system)}"
            )
        return _ROOT_ATTRIBUTES.get(named, "linux_path")

    def path_for(self, system: str) -> str:
        """The root for ``system`` (a name ``root_attribute`` accepts).

        A root starting with ``~`` is expanded to the home folder of whoever
        runs the code when ``system`` is the running OS, and kept as ``~``
        for the others.
        """
        attribute = self.root_attribute(system)
        root: str = getattr(self, attribute)
        return (
            os_paths.expand_home(root) if attribute == self.root_attribute() else root
        )

    @property
    def path(self) -> str:
        """The root of the repository for the running operating system.

        ``~`` at its start is the home folder of whoever runs the code.
        """
        override = os.environ.get(self.env_variable, "").strip()
        if override:
            return os_paths.expand_home(os_paths.normalize(override))
        return os_paths.expand_home(getattr(self, self.root_attribute()))

    def _roots(self) -> list[str]:
        roots = [self.path, self._linux_path, self._windows_path, self._osx_path]
        return [root for root in roots if root]

    def relative_path(self, path: str) -> str | None:
        """The part of ``path`` under this repository, or None if outside.

        ``path`` may be in the form of any OS or in the OS-independent form.
        """
        independent = os_paths.INDEPENDENT.match(path)
        if independent:
            number, rest = independent.groups()
            if int(number) != getattr(self, "id", None):
                return None
            return os_paths.relative_to(f"/{rest or ''}", "/")
        candidates = [os_paths.relative_to(path, root) for root in self._roots()]
        found = [rest for rest in candidates if rest is not None]
        return min(found, key=len) if found else None

    def is_in_repo(self, path: str) -> bool:
        """Tell whether ``path`` (in any OS's form) lies in this repository."""
        return self.relative_path(path) is not None

    def _relative_or_raise(self, path: Any) -> str:
        if isinstance(path, str):
            relative = self.relative_path(path)
            if relative is not None:
                return relative
        raise ValidationError(
            message(self, "path", f"a path under the roots of {self.name!r}", path)
        )

    def to_path(self, path: str, system: str | None = None) -> str:
        """Return ``path`` (any OS's form) in the form of ``system``.

        ``system`` is "Linux", "Windows" or "Darwin", or another name in
        ``stalker.core.os_paths.SYSTEM_NAMES`` ("windows", "nt", "macOS",
        "osx"...); an unknown name raises ``ValidationError``. None means
        the running OS, whose root may be overridden by ``env_variable``.
        """
        relative = self._relative_or_raise(path)
        root = self.path if system is None else self.path_for(system)
        if not root:
            raise RepositoryError(
                f"Repository {self.name!r} has no root path for "
                f"{system or platform.system()}"
            )
        return os_paths.join(root, relative)

    def to_os_independent_path(self, path: str) -> str:
        """Return ``path`` as ``$REPO<id>/<relative path>``, the same on every OS."""
        relative = self._relative_or_raise(path)
        number = getattr(self, "id", None)
        if number is None:
            raise RepositoryError(
                f"Repository {self.name!r} has no id yet: flush it to the "
                f"database before storing OS-independent paths"
            )
        return f"$REPO{number}/{relative}" if relative else f"$REPO{number}"


__all__ = ["Repository"]
