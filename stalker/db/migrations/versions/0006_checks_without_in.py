"""The CHECKs on ``events.kind`` and ``task_dependencies.kind`` written as ORs.

Written by hand. The rule is the same (the kind is one of a fixed few); only
its form changes: SQLite evaluates ``kind IN (...)`` by building a temporary
b-tree of the list at each execution of an INSERT, which made each event row
of a large commit cost three times what it stores. No data moves; on SQLite
each table is copied once into its new form.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: table -> (the kinds it accepts, in order).
_KINDS = {
    "events": ("insert", "update", "delete", "status"),
    "task_dependencies": ("FS", "SS", "FF"),
}


def _as_in(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _as_ors(kinds: tuple[str, ...]) -> str:
    return " OR ".join(f"kind = '{kind}'" for kind in kinds)


def _replace(table: str, condition: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        name = batch_op.f(f"ck_{table}_known_kind")
        batch_op.drop_constraint(name, type_="check")
        batch_op.create_check_constraint(name, condition)


def upgrade() -> None:
    """Upgrade the schema to this revision."""
    for table, kinds in _KINDS.items():
        _replace(table, _as_ors(kinds))


def downgrade() -> None:
    """Take the schema back to the previous revision."""
    for table, kinds in _KINDS.items():
        _replace(table, _as_in(kinds))
