"""Shots: the pieces of a sequence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.asset_base import AssetBase
from stalker.core.models.validation import check_instance

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.sequence import Sequence


class Shot(AssetBase):
    """A shot of a Sequence; its project is the sequence's project."""

    def __init__(self, sequence: Sequence | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sequence = sequence

    @property
    def sequence(self) -> Sequence | None:
        """The Sequence this shot belongs to."""
        return self._sequence

    @sequence.setter
    def sequence(self, value: Sequence | None) -> None:
        from stalker.core.models.sequence import Sequence

        self._sequence = check_instance(
            self, "sequence", value, Sequence, allow_none=True
        )

    @property
    def project(self) -> Project | None:
        """The Project of the shot's sequence (read-only)."""
        return self._sequence.project if self._sequence is not None else None


__all__ = ["Shot"]
