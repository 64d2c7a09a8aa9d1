"""The seed's name of :mod:`stalker.core.models.image_format`, kept as an alias."""

from stalker.core.models.image_format import ImageFormat

__all__ = ["ImageFormat"]
