"""Pipeline steps, like "Modeling" or "Compositing"."""

from __future__ import annotations

from stalker.core.models.entity import Entity


class PipelineStep(Entity):
    """A general step of the studio's pipeline (Design, Model, Rig, Animation...).

    AssetTypes list the steps their assets go through; a Task may name the
    step it belongs to.
    """


__all__ = ["PipelineStep"]
