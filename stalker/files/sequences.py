"""File sequences: a frame pattern in a file name, expanded and found on disk.

A file name may hold one frame pattern: ``####`` (Nuke: one ``#`` per digit),
``%04d`` (printf) or ``$F4`` (Houdini); ``%d`` and ``$F`` mean no padding.
When a name holds several, the last one is the frame number.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"#+|%(?:0(\d+))?d|\$F(\d*)")


@dataclass(frozen=True)
class FramePattern:
    """A file name split around its frame number: prefix, padding, suffix."""

    prefix: str
    padding: int
    suffix: str

    @classmethod
    def parse(cls, filename: str) -> FramePattern | None:
        """The frame pattern of ``filename``, or None if it has none."""
        matches = list(_PATTERN.finditer(filename))
        if not matches:
            return None
        last = matches[-1]
        token, printf, houdini = last.group(), last.group(1), last.group(2)
        hashes = len(token) if token.startswith("#") else 0
        padding = hashes or int(printf or houdini or 0)
        return cls(filename[: last.start()], padding, filename[last.end() :])

    def name(self, frame: int) -> str:
        """The file name of ``frame``, zero-padded to the pattern's width."""
        return f"{self.prefix}{frame:0{self.padding}d}{self.suffix}"

    def names(self, start: int, end: int) -> list[str]:
        """The file names of the frames from ``start`` to ``end``, both included."""
        return [self.name(frame) for frame in range(start, end + 1)]

    def frame_of(self, filename: str) -> int | None:
        """The frame number ``filename`` is of, or None if not of this sequence."""
        if not (filename.startswith(self.prefix) and filename.endswith(self.suffix)):
            return None
        digits = filename[len(self.prefix) : len(filename) - len(self.suffix)]
        if not re.fullmatch(r"-?\d+", digits):
            return None
        frame = int(digits)
        return frame if self.name(frame) == filename else None

    def existing_frames(self, folder: str) -> list[int]:
        """The frames of this sequence found in ``folder``, sorted; [] if none."""
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        frames = (self.frame_of(entry.name) for entry in entries if entry.is_file())
        return sorted(frame for frame in frames if frame is not None)


__all__ = ["FramePattern"]
