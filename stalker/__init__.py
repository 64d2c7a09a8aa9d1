"""Stalker: Production Asset Management for animation and VFX studios.

Importing Stalker touches no database; call :func:`stalker.db.setup` for that.
``stalker.db`` (and so SQLAlchemy) is imported on first use, also by
``from stalker import *``; so is ``stalker.events``.
"""

__version__ = "0.2.0"

import logging
from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

from stalker.core.models import *  # noqa: F403
from stalker.core.models import __all__ as _model_names

# A library leaves logging to the application: silent unless it configures some.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = sorted(["__version__", "db", *_model_names])


def __getattr__(name: str) -> _ModuleType:
    """Import ``stalker.db`` or ``stalker.events`` when first asked for (PEP 562)."""
    if name in ("db", "events"):
        return _import_module(f"stalker.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
