"""Counting the SQL statements a call runs, for the statement-count tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from stalker.db import meta


def statements_of(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """What ``call()`` returns and the SQL statements it ran.

    The test's SAVEPOINT, begun with the session's transaction, is not counted.
    """
    meta.session.connection()
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    engine = meta.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        found = call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return found, statements
