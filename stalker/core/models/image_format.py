"""Image formats, like "HD 1080"."""

from __future__ import annotations

import math
import numbers
from typing import Any

from stalker.core.models.entity import Entity
from stalker.core.models.validation import (
    INT32_MAX,
    check_positive_int,
    check_positive_number,
    refuse,
)

#: The largest width or height a database INTEGER column holds everywhere.
MAX_SIZE = INT32_MAX


class ImageFormat(Entity):
    """The resolution and aspect of the images of a project.

    ``width`` and ``height`` are positive integers (a fractional number is
    truncated to an int, as the seed's ``int(width)`` did: ``1920.7`` gives
    ``1920``), ``pixel_aspect`` and ``print_resolution`` (DPI) positive
    numbers; ``device_aspect`` is derived.
    """

    def __init__(
        self,
        width: int | None = None,
        height: int | None = None,
        pixel_aspect: float = 1.0,
        print_resolution: float = 300,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.width = width
        self.height = height
        self.pixel_aspect = pixel_aspect
        self.print_resolution = print_resolution

    def _check_size(self, attr: str, value: Any) -> int:
        """Return a size as a positive int; fractions are truncated, never to 0."""
        whole = _truncated(value)
        if whole is not value and whole < 1:
            refuse(self, attr, "a positive integer", value)
        size = check_positive_int(self, attr, whole)
        if size > MAX_SIZE:
            refuse(self, attr, f"a positive integer of at most {MAX_SIZE}", value)
        return size

    @property
    def width(self) -> int:
        """The width in pixels."""
        return self._width

    @width.setter
    def width(self, value: int | None) -> None:
        self._width = self._check_size("width", value)

    @property
    def height(self) -> int:
        """The height in pixels."""
        return self._height

    @height.setter
    def height(self, value: int | None) -> None:
        self._height = self._check_size("height", value)

    @property
    def pixel_aspect(self) -> float:
        """The pixel aspect ratio, 1.0 for square pixels."""
        return self._pixel_aspect

    @pixel_aspect.setter
    def pixel_aspect(self, value: float) -> None:
        self._pixel_aspect = check_positive_number(self, "pixel_aspect", value)

    @property
    def print_resolution(self) -> float:
        """The print resolution in dots per inch."""
        return self._print_resolution

    @print_resolution.setter
    def print_resolution(self, value: float) -> None:
        self._print_resolution = check_positive_number(self, "print_resolution", value)

    @property
    def device_aspect(self) -> float:
        """The display aspect ratio: width / height * pixel_aspect (read-only)."""
        return self._width / self._height * self._pixel_aspect


def _truncated(value: Any) -> Any:
    """Return a finite fractional real number truncated; anything else as given."""
    if isinstance(value, (bool, numbers.Integral)) or not isinstance(
        value, numbers.Real
    ):
        return value
    if not math.isfinite(value) or value == math.trunc(value):
        return value
    return math.trunc(value)


__all__ = ["ImageFormat"]
