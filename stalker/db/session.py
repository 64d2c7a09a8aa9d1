"""The Session class Stalker uses."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off inside the block.

    A flush allocates many small containers while every object it works on is
    alive; each collection it triggers walks the whole identity map for
    nothing (a quarter of the time of a 20,000-object commit). A collector
    the program had already disabled stays disabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class StalkerSession(Session):
    """A Session whose failed commit rolls everything back and stays usable.

    SQLAlchemy leaves a session whose flush failed in a state that refuses
    work until ``rollback()`` is called; Stalker calls it for you, so the
    objects of the failed unit are discarded and the session goes on.
    Flushes run with the garbage collector paused (``collector_paused``).
    """

    #: Callables ``(session, error)`` returning Stalker's own error for an
    #: error a flush raised, or None; the first answer is raised instead,
    #: without the original (its message may show a row's parameters).
    flush_error_translators: list[
        Callable[[Session, BaseException], BaseException | None]
    ] = []

    def flush(self, objects: Sequence[Any] | None = None) -> None:
        """Write pending changes to the database, the collector paused."""
        with collector_paused():
            try:
                super().flush(objects)
            except Exception as error:
                for translate in self.flush_error_translators:
                    translated = translate(self, error)
                    if translated is not None:
                        raise translated from None
                raise

    def commit(self) -> None:
        """Flush and commit; on any error roll the whole unit back and re-raise."""
        try:
            super().commit()
        except BaseException:
            self.rollback()
            raise


__all__ = ["StalkerSession", "collector_paused"]
