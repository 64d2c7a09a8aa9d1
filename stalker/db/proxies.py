"""One proxy class per synonym descriptor while the classes are mapped.

SQLAlchemy instruments a synonym anew on every subclass of the class that maps
it, and each time builds a new proxy class for the same descriptor: a class
plus generated code for each special method of the descriptor's type. The
proxy class depends on the descriptor alone, so inside ``shared_proxy_classes``
the first one built for a descriptor serves every class that inherits it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import attributes


@contextmanager
def shared_proxy_classes() -> Iterator[None]:
    """Build each descriptor's proxy class once inside the block."""
    build = attributes._create_proxied_attribute
    built: dict[int, tuple[Any, Callable[..., Any]]] = {}

    def proxy_class(descriptor: Any) -> Callable[..., Any]:
        # The descriptor is kept with its class so its id is not reused.
        if id(descriptor) not in built:
            built[id(descriptor)] = (descriptor, build(descriptor))
        return built[id(descriptor)][1]

    attributes._create_proxied_attribute = proxy_class
    try:
        yield
    finally:
        attributes._create_proxied_attribute = build
