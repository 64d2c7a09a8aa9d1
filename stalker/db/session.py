"""The Session class Stalker uses."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.orm import Session

from stalker.core.models.validation import describe
from stalker.db import expiry
from stalker.db.errors import raise_as_stalker_error
from stalker.db.unsaved import UnsavedWork
from stalker.exceptions import ForeignSessionError

#: Functions ``(session)`` called after each successful commit, in order: the
#: session is usable again (``stalker.db.callbacks``).
after_commit_hooks: list[Callable[[Session], None]] = []


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


class _NoAutoflush:
    """What ``no_autoflush`` returns: a plain context manager, not a generator."""

    __slots__ = ("_autoflush", "_session")

    def __init__(self, session: Session) -> None:
        self._session = session
        self._autoflush = session.autoflush

    def __enter__(self) -> Session:
        self._session.autoflush = False
        return self._session

    def __exit__(self, *exc: object) -> None:
        self._session.autoflush = self._autoflush


def no_autoflush(session: Session) -> AbstractContextManager[Session]:
    """``session.no_autoflush`` for paths taken once per object: cheaper to enter."""
    return _NoAutoflush(session)


class StalkerSession(Session):
    """A Session whose failed flush or commit rolls back and keeps the user's work.

    SQLAlchemy leaves a session whose flush failed in a state that refuses
    work until ``rollback()`` is called, and that rollback forgets the new
    objects and the changes of the transaction. Stalker rolls back for you
    and puts the work back (``UnsavedWork``): the objects stay pending or
    modified as they were, so fixing the cause and committing again saves
    them all. A raw database error is raised as Stalker's own, without the
    statement's values (``stalker.db.errors``). Flushes and commits run with
    the garbage collector paused (``collector_paused``): noting the unsaved
    work allocates as much as a flush. A commit expires only what it wrote
    (``stalker.db.expiry``), unless the session has ``expire_on_commit``.
    """

    _unsaved: UnsavedWork | None = None
    _committing = False
    #: Whether a commit expires what it wrote (``expire_on_commit`` off);
    #: ``schedule()`` turns it off around its commit to keep the plan loaded.
    expire_written = True

    def flush(self, objects: Sequence[Any] | None = None) -> None:
        """Write pending changes to the database, the collector paused."""
        with collector_paused():
            if self._new or self._deleted or self.identity_map._modified:
                self._capture()
            try:
                super().flush(objects)
            except BaseException as error:
                if self._committing:
                    raise  # commit() recovers
                if not self.in_nested_transaction():
                    self._recover()
                raise_as_stalker_error(self, error)

    def commit(self) -> None:
        """Flush and commit; on any error roll back, keep the work and raise.

        Unless the session was made with ``expire_on_commit=True``, only what
        the transaction wrote is expired (``stalker.db.expiry``).
        """
        self._committing = True
        transaction = expiry.root(self._autobegin_t())
        try:
            with collector_paused():
                super().commit()
        except BaseException as error:
            self._committing = False
            self._recover()
            raise_as_stalker_error(self, error)
        finally:
            self._committing = False
        self._unsaved = None
        if self.expire_written and not self.expire_on_commit:
            expiry.expire_written(self, transaction)
        for hook in after_commit_hooks:
            hook(self)

    def rollback(self) -> None:
        """Roll back and forget the transaction's changes, as asked."""
        self._unsaved = None
        super().rollback()

    def _before_attach(self, state: Any, obj: object) -> bool:
        # SQLAlchemy refuses it too, with an InvalidRequestError naming ids.
        owner = state.session
        if owner is not None and owner is not self:
            raise ForeignSessionError(
                f"{describe(obj)} belongs to another session: bring it into "
                f"this one with session.merge(), or close the other session first"
            )
        return super()._before_attach(state, obj)

    def _capture(self) -> None:
        transaction = self.get_transaction() or self._autobegin_t()
        if self._unsaved is None or self._unsaved.transaction is not transaction:
            self._unsaved = UnsavedWork(transaction)
        self._unsaved.capture(self)

    def _recover(self) -> None:
        """Roll back and put the transaction's unsaved work back."""
        unsaved = self._unsaved
        self.rollback()
        if unsaved is not None:
            unsaved.restore(self)


__all__ = ["StalkerSession", "after_commit_hooks", "collector_paused"]
