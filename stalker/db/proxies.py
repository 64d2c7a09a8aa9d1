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

#: The builder's name: public up to SQLAlchemy 2.0, private from 2.1 on.
_BUILDER = next(
    name
    for name in ("_create_proxied_attribute", "create_proxied_attribute")
    if hasattr(attributes, name)
)


@contextmanager
def shared_proxy_classes() -> Iterator[None]:
    """Build each descriptor's proxy class once inside the block."""
    build = getattr(attributes, _BUILDER)
    built: dict[int, tuple[Any, Callable[..., Any]]] = {}

    def proxy_class(descriptor: Any) -> Callable[..., Any]:
        # The descriptor is kept with its class so its id is not reused.
        if id(descriptor) not in built:
            built[id(descriptor)] = (descriptor, build(descriptor))
        return built[id(descriptor)][1]

    setattr(attributes, _BUILDER, proxy_class)
    try:
        yield
    finally:
        setattr(attributes, _BUILDER, build)
