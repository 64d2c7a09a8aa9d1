"""Alembic's environment for Stalker: run on the connection the caller gives.

``stalker.db.migrations.alembic_config(connection)`` puts the connection in
``config.attributes``; there is no ``alembic.ini`` and no offline (SQL script)
mode. Only Stalker's own tables are compared and migrated: a studio's tables
(``setup(mappers=...)``) are left alone.
"""

from __future__ import annotations

from typing import Any, Literal, TypeGuard

from alembic import context
from alembic.autogenerate.api import AutogenContext
from alembic.operations import ops
from sqlalchemy import ForeignKeyConstraint

from stalker.db import schema
from stalker.db.migrations import expression_indexes_unreflected
from stalker.db.tables import metadata
from stalker.db.types import UTCDateTime


def _render_item(
    kind: str, item: Any, autogen_context: AutogenContext
) -> str | Literal[False]:
    """Write Stalker's column types as the plain SQLAlchemy types they store."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _is_late(item: object) -> TypeGuard[ForeignKeyConstraint]:
    """Whether ``item`` is a foreign key to be added after the tables exist."""
    return isinstance(item, ForeignKeyConstraint) and item.use_alter


def _foreign_keys_apart(context: Any, revision: Any, directives: list[Any]) -> None:
    """Create the foreign keys that close a cycle after all tables, drop them first.

    A ``use_alter`` foreign key (``simple_entities.created_by_id`` -> ``users``)
    points at a table created later; PostgreSQL needs it added by ALTER.
    """
    script = directives[0]
    late: dict[str, list[ForeignKeyConstraint]] = {}
    for op in script.upgrade_ops.ops:
        if isinstance(op, ops.CreateTableOp):
            keys = [item for item in op.columns if _is_late(item)]
            if keys:
                op.columns = [item for item in op.columns if not _is_late(item)]
                late[op.table_name] = keys
    for table, keys in late.items():
        script.upgrade_ops.ops.append(
            ops.ModifyTableOps(
                table, [ops.CreateForeignKeyOp.from_constraint(k) for k in keys]
            )
        )
        script.downgrade_ops.ops.insert(
            0,
            ops.ModifyTableOps(
                table, [ops.DropConstraintOp.from_constraint(k) for k in keys]
            ),
        )


context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    include_name=schema.is_stalker_name,
    render_item=_render_item,
    render_as_batch=True,
    process_revision_directives=_foreign_keys_apart,
)
with context.begin_transaction(), expression_indexes_unreflected():
    context.run_migrations()
