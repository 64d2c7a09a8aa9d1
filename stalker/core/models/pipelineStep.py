"""The seed's name of :mod:`stalker.core.models.pipeline_step`, kept as an alias."""

from stalker.core.models.pipeline_step import PipelineStep

__all__ = ["PipelineStep"]
