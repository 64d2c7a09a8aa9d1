"""Tags: free labels attached to entities."""

from __future__ import annotations

from stalker.core.models.entity import SimpleEntity


class Tag(SimpleEntity):
    """A label that can be attached to any Entity through ``Entity.tags``."""


__all__ = ["Tag"]
