"""Stalker: Production Asset Management for animation and VFX studios.

Importing Stalker touches no database; call :func:`stalker.db.setup` for that.
"""

__version__ = "0.2.0"

import logging

from stalker.core.models import *  # noqa: F403
from stalker.core.models import __all__ as _model_names

__all__ = sorted(["__version__", *_model_names])

# A library leaves logging to the application: silent unless it configures some.
logging.getLogger(__name__).addHandler(logging.NullHandler())
