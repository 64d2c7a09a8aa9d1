"""Raw database errors named in Stalker's words: class, attribute, never a value."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy.exc import DataError, IntegrityError

from stalker import db
from stalker.db import errors
from stalker.exceptions import DatabaseRefusedError

PARAMETERS = {"password": "scrypt$16$1$1$c2FsdA$aGFzaA", "login_name": "ann"}


class ServerError(Exception):
    """A PostgreSQL driver's error: the details are in ``diag``."""

    def __init__(self, **diag: str | None) -> None:
        super().__init__("ERROR: something\nDETAIL: Key (login_name)=(ann) exists")
        fields = ("message_primary", "constraint_name", "table_name", "column_name")
        self.diag = SimpleNamespace(**{**dict.fromkeys(fields), **diag})


def refused(orig: Exception, kind: type = IntegrityError) -> str:
    """The message Stalker raises for ``orig`` raised by an INSERT."""
    error = errors.translate(
        db.session(), kind("INSERT INTO users ...", PARAMETERS, orig)
    )
    assert isinstance(error, DatabaseRefusedError)
    text = str(error)
    assert "scrypt" not in text and "(ann)" not in text
    return text


@pytest.mark.parametrize(
    ("diag", "expected"),
    [
        (
            {"constraint_name": "uq_users_login_name", "message_primary": "dup"},
            "User.login_name was refused by the database: dup",
        ),
        (
            {"table_name": "projects", "column_name": "status_id"},
            "Project.status_id was refused by the database: ServerError: "
            "ERROR: something",
        ),
        (
            {"constraint_name": "ck_projects_positive_fps", "message_primary": "no"},
            "Project was refused by the database: no",
        ),
        (
            {"constraint_name": "unknown", "message_primary": "no"},
            "A write was refused by the database: no",
        ),
    ],
)
def test_a_server_error_names_what_its_diagnostics_name(diag, expected):
    """Constraint, table and column of the diagnostics become class.attribute."""
    assert refused(ServerError(**diag)) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "NOT NULL constraint failed: task_dependencies.lag_seconds",
            "TaskDependency.lag_seconds was refused by the database: Exception: NOT "
            "NULL constraint failed: task_dependencies.lag_seconds",
        ),
        (
            "UNIQUE constraint failed: entity_tags.entity_id, entity_tags.tag_id",
            "A write was refused by the database: Exception: UNIQUE constraint "
            "failed: entity_tags.entity_id, entity_tags.tag_id",
        ),
        (
            "FOREIGN KEY constraint failed",
            "A write was refused by the database: Exception: FOREIGN KEY "
            "constraint failed",
        ),
    ],
)
def test_an_sqlite_error_names_what_its_message_names(message, expected):
    """SQLite's ``constraint failed: table.column`` becomes class.attribute."""
    assert refused(Exception(message)) == expected


def test_a_value_the_column_cannot_hold_is_refused_too():
    """A DataError (a value out of range) is a refusal like a constraint."""
    text = refused(ServerError(message_primary="integer out of range"), DataError)
    assert text == "A write was refused by the database: integer out of range"
