"""Raw database errors turned into Stalker's, never showing a statement's values.

SQLAlchemy's errors print the statement and its parameters (a user's row
holds a password hash). ``translate`` gives the Stalker error to raise
instead: it names the class and attribute at fault when the database says
which column or constraint it was, and the driver's reason, never a value.
A more precise translation (a duplicate code, a stale edit) is added to
``translators``; the first one that answers wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn

from sqlalchemy import Table
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from stalker.db.mapper import mapper_registry
from stalker.db.tables import metadata
from stalker.exceptions import DatabaseError, DatabaseRefusedError, StalkerError

#: Functions ``(session, error)`` tried first, in order, on any error a flush
#: raised; each returns Stalker's error or None.
translators: list[Callable[[Session, BaseException], StalkerError | None]] = []

_SQLITE_CONSTRAINT = re.compile(r"constraint failed: ([\w.]+)")


def _reason(error: StatementError) -> str:
    """The driver's reason, without the statement or its values."""
    diag = getattr(error.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if primary:
        return primary
    first_line = str(error.orig).partition("\n")[0]
    return f"{type(error.orig).__name__}: {first_line}"


def _table_and_column(error: StatementError) -> tuple[Table | None, str | None]:
    """The table and column the database named, as far as it named them."""
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None) or getattr(diag, "table_name", None)
    column = getattr(diag, "column_name", None)
    if diag is None:
        found = _SQLITE_CONSTRAINT.search(str(error.orig))
        name = found.group(1) if found else None
        if name and "." in name:
            name, column = name.split(".", 1)
    if name is None:
        return None, None
    if name in metadata.tables:
        return metadata.tables[name], column
    for table in metadata.tables.values():
        for constraint in table.constraints | set(table.indexes):
            if constraint.name == name:
                columns = list(getattr(constraint, "columns", ()))
                return table, column or (columns[0].name if columns else None)
    return None, None


def at_fault(error: StatementError) -> str | None:
    """``"User.login_name"`` (or ``"User"``) for what the database refused."""
    table, column = _table_and_column(error)
    if table is None:
        return None
    mapper = next((m for m in mapper_registry.mappers if m.local_table is table), None)
    if mapper is None:
        return None
    if column is None or column not in table.c:
        return mapper.class_.__name__
    if not hasattr(mapper.class_, column):  # a column named unlike its attribute
        column = mapper.get_property_by_column(table.c[column]).key.lstrip("_")
    return f"{mapper.class_.__name__}.{column}"


def translate(session: Session, error: BaseException) -> StalkerError | None:
    """Return the Stalker error to raise for one a flush or commit raised.

    None means ``error`` is raised as it is (it is not a raw database error).
    """
    for translator in translators:
        found = translator(session, error)
        if found is not None:
            return found
    if not isinstance(error, StatementError):
        return None
    refused = isinstance(error, (IntegrityError, DataError))
    what = at_fault(error) or "A write"
    verb = "was refused by" if refused else "failed in"
    kind = DatabaseRefusedError if refused else DatabaseError
    return kind(f"{what} {verb} the database: {_reason(error)}")


def raise_as_stalker_error(session: Session, error: BaseException) -> NoReturn:
    """Raise ``error``, translated when it is a raw one, its values never shown."""
    translated = translate(session, error)
    if translated is None:
        raise error
    raise translated from None


__all__ = ["at_fault", "raise_as_stalker_error", "translate", "translators"]
