"""Shots: the pieces of a sequence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.asset_base import AssetBase
from stalker.core.models.entity import in_memory
from stalker.core.models.fields import Reference

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.sequence import Sequence


class Shot(AssetBase):
    """A shot of a Sequence; its project is the sequence's project."""

    #: Filled by the descriptors, ``start_list`` or the database mapping.
    _sequence: Sequence | None

    sequence = Reference("Sequence", "The Sequence this shot belongs to.")

    def __init__(self, sequence: Sequence | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sequence = sequence

    def _code_path(self) -> list[str]:
        """The sequence's code and the shot's (``["SEQ1", "SH010"]``), if in memory."""
        sequence = in_memory(self, "_sequence")
        above = [] if sequence is None else [in_memory(sequence, "_code")]
        return [code for code in above if code is not None] + super()._code_path()

    @property
    def project(self) -> Project | None:
        """The Project of the shot's sequence (read-only)."""
        return self._sequence.project if self._sequence is not None else None


__all__ = ["Shot"]
