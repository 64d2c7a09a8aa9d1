"""The Session class Stalker uses."""

from __future__ import annotations

from sqlalchemy.orm import Session


class StalkerSession(Session):
    """A Session whose failed commit rolls everything back and stays usable.

    SQLAlchemy leaves a session whose flush failed in a state that refuses
    work until ``rollback()`` is called; Stalker calls it for you, so the
    objects of the failed unit are discarded and the session goes on.
    """

    def commit(self) -> None:
        """Flush and commit; on any error roll the whole unit back and re-raise."""
        try:
            super().commit()
        except BaseException:
            self.rollback()
            raise


__all__ = ["StalkerSession"]
