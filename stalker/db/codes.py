"""Codes stay put once an object is saved: folders and files are named after them.

A new object whose code was derived follows its name (the seed's
behaviour); once saved, renaming it leaves its code alone. Objects loaded
from the database never follow (the models' default).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def pending_to_persistent(session: Session, obj: Any) -> None:
    """Fix the code of an object that has just been saved."""
    obj._code_follows_name = False


__all__ = ["pending_to_persistent"]
