"""Placing the files of new versions at the flush that numbers them.

The seed promises that "whenever a new Version is created ... Stalker will
automatically place the related file": once ``integrity`` has numbered the
new versions (an earlier ``before_flush`` listener), each one without a path
or file name is given those its TypeTemplate renders, so they are written
with its first INSERT. ``stalker.files`` is imported only when there is a
version to place.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from stalker.core.models import Version


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Render the path and file name of the new versions that have none."""
    versions = [
        obj
        for obj in session.new
        if isinstance(obj, Version) and not obj.path and not obj.filename
    ]
    if versions:
        from stalker.files.placement import place_new

        place_new(versions)


__all__ = ["before_flush"]
