"""The seed's name of :mod:`stalker.core.models.asset_base`, kept as an alias."""

from stalker.core.models.asset_base import AssetBase

__all__ = ["AssetBase"]
