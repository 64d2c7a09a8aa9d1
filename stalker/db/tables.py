"""Every table of Stalker, on one MetaData with a naming convention.

Tables are named in plural snake case after the class they hold
(``tables.users``, ``tables.tasks``); association tables are named
``<left>_<right>``. Each class of the joined inheritance has its own table
whose ``id`` is also a foreign key to ``simple_entities.id``; the abstract
intermediate classes (Entity, StatusedEntity, TypeEntity, TaskOwner,
AssetBase) have no table of their own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    Interval,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    insert_sentinel,
    text,
)

from stalker.core.models.validation import (
    CODE_LENGTH,
    NAME_LENGTH,
    PATH_LENGTH,
    SHORT_TEXT_LENGTH,
)
from stalker.core.models.version import EXTENSION_LENGTH, TAKE_LENGTH
from stalker.db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: What deleting a row that work hangs off does: refuse (stalker.db.deletes
#: says why before the database has to).
_WORK = "RESTRICT"


def _id_of(parent: str = "simple_entities") -> Column[int]:
    """The primary key of a joined-inheritance table, pointing at its parent."""
    return Column(
        "id", Integer, ForeignKey(f"{parent}.id", ondelete="CASCADE"), primary_key=True
    )


def _reference(
    name: str,
    target: str,
    *,
    nullable: bool = True,
    ondelete: str | None = None,
    **kw: Any,
) -> Column[int]:
    """A foreign key column ``name`` to ``target``'s id, indexed.

    Deleting the target sets it to NULL (or, when it may not be NULL,
    deletes the row) unless ``ondelete`` says otherwise.
    """
    if ondelete is None:
        ondelete = "SET NULL" if nullable else "CASCADE"
    return Column(
        name,
        Integer,
        ForeignKey(f"{target}.id", ondelete=ondelete, **kw),
        nullable=nullable,
        index=True,
    )


def _status_columns() -> list[Column[int]]:
    """The columns every statused class's table has."""
    return [
        _reference("status_id", "statuses", nullable=False),
        _reference("status_list_id", "status_lists", nullable=False),
    ]


def _association(name: str, left: str, right: str, *extra: Column[Any]) -> Table:
    """A many-to-many table ``name`` between ``left`` and ``right`` ids."""
    left_column, right_column = (
        (f"{left}_id", f"{right}_id") if left != right else (f"{left}_id", "other_id")
    )
    return Table(
        name,
        metadata,
        Column(
            left_column,
            Integer,
            ForeignKey(f"{_table_of(left)}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(
            right_column,
            Integer,
            ForeignKey(f"{_table_of(right)}.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
        *extra,
    )


def _code_copy() -> Column[str]:
    """A copy of ``simple_entities.code``, so a unique constraint can scope it."""
    return Column("code", String(CODE_LENGTH), nullable=False)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK that ``column`` holds one of ``values``, written as ORs.

    SQLite evaluates ``column IN ('a', 'b', 'c')`` by building a temporary
    b-tree of the list at every execution of the statement: for an INSERT sent
    once per row (an executemany) that was two thirds of each row's cost.
    """
    return " OR ".join(f"{column} = '{value}'" for value in values)


def _table_of(singular: str) -> str:
    return {"entity": "simple_entities"}.get(singular, f"{singular}s")


simple_entities = Table(
    "simple_entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_type", String(NAME_LENGTH), nullable=False, index=True),
    Column("name", String(NAME_LENGTH), nullable=False, index=True),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    _reference("created_by_id", "users", use_alter=True),
    _reference("updated_by_id", "users", use_alter=True),
    Column("date_created", UTCDateTime, nullable=False),
    Column("date_updated", UTCDateTime, nullable=False),
    # The version counter of optimistic concurrency (stalker.db.staleness).
    Column("version_id", Integer, nullable=False, default=1),
    CheckConstraint("date_updated >= date_created", name="dates_in_order"),
    # Lets the ORM insert many rows per statement and still match each new
    # id to its object on SQLite, whose RETURNING order is not guaranteed.
    insert_sentinel("insert_sentinel"),
)

tags = Table("tags", metadata, _id_of())
entity_tags = _association("entity_tags", "entity", "tag")

statuses = Table(
    "statuses",
    metadata,
    _id_of(),
    Column("short_name", String(SHORT_TEXT_LENGTH), nullable=False),
    Column("thumbnail", String(PATH_LENGTH)),
    # The flags a workflow reads instead of short names (Status.is_done...).
    Column("is_done", Boolean, nullable=False, server_default=false()),
    Column("is_wip", Boolean, nullable=False, server_default=false()),
    Column("is_retake", Boolean, nullable=False, server_default=false()),
)

status_lists = Table(
    "status_lists",
    metadata,
    _id_of(),
    Column("target_entity_type", String(NAME_LENGTH), unique=True),
)

status_list_statuses = Table(
    "status_list_statuses",
    metadata,
    Column(
        "status_list_id",
        Integer,
        ForeignKey("status_lists.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "status_id",
        Integer,
        ForeignKey("statuses.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("position", Integer, nullable=False),
)

groups = Table("groups", metadata, _id_of())

departments = Table(
    "departments",
    metadata,
    _id_of(),
    _reference("lead_id", "users", use_alter=True),
)

users = Table(
    "users",
    metadata,
    _id_of(),
    Column("login_name", String(NAME_LENGTH), nullable=False, unique=True),
    Column("first_name", String(NAME_LENGTH), nullable=False),
    Column("last_name", String(NAME_LENGTH), nullable=False, server_default=""),
    Column("email", String(NAME_LENGTH), nullable=False),
    Column("password", String(SHORT_TEXT_LENGTH)),
    _reference("department_id", "departments"),
    Column("last_login", UTCDateTime),
)

# E-mails are unique without case: ``Ann@Studio.com`` is ``ann@studio.com``.
Index("uq_users_email_lower", func.lower(users.c.email), unique=True)

user_groups = _association("user_groups", "user", "group")

image_formats = Table(
    "image_formats",
    metadata,
    _id_of(),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("pixel_aspect", Float, nullable=False),
    Column("print_resolution", Float, nullable=False),
    CheckConstraint("width > 0 AND height > 0", name="positive_size"),
    CheckConstraint(
        "pixel_aspect > 0 AND print_resolution > 0", name="positive_ratios"
    ),
)

pipeline_steps = Table("pipeline_steps", metadata, _id_of())
asset_types = Table("asset_types", metadata, _id_of())
project_types = Table("project_types", metadata, _id_of())
link_types = Table("link_types", metadata, _id_of())
asset_type_steps = _association(
    "asset_type_steps",
    "asset_type",
    "pipeline_step",
    Column("position", Integer, nullable=False),
)

type_templates = Table(
    "type_templates",
    metadata,
    _id_of(),
    Column("path_code", Text, nullable=False),
    Column("file_code", Text, nullable=False),
    _reference("type_id", "simple_entities", nullable=False),
)

repositories = Table(
    "repositories",
    metadata,
    _id_of(),
    Column("linux_path", String(PATH_LENGTH), nullable=False),
    Column("windows_path", String(PATH_LENGTH), nullable=False),
    Column("osx_path", String(PATH_LENGTH), nullable=False),
)

structures = Table(
    "structures", metadata, _id_of(), Column("project_template", Text, nullable=False)
)
structure_asset_templates = _association(
    "structure_asset_templates", "structure", "type_template"
)
structure_reference_templates = _association(
    "structure_reference_templates", "structure", "type_template"
)

projects = Table(
    "projects",
    metadata,
    _id_of(),
    *_status_columns(),
    Column("fps", Float, nullable=False),
    Column("start", UTCDateTime),
    Column("due", UTCDateTime),
    _reference("image_format_id", "image_formats"),
    _reference("lead_id", "users", ondelete=_WORK),
    _reference("type_id", "project_types"),
    _reference("repository_id", "repositories"),
    _reference("structure_id", "structures"),
    _code_copy(),
    UniqueConstraint("code"),
    CheckConstraint("fps > 0", name="positive_fps"),
)
project_users = _association("project_users", "project", "user")

sequences = Table(
    "sequences",
    metadata,
    _id_of(),
    *_status_columns(),
    _reference("project_id", "projects", ondelete=_WORK),
    _reference("lead_id", "users"),
    _code_copy(),
    UniqueConstraint("project_id", "code"),
)

assets = Table(
    "assets",
    metadata,
    _id_of(),
    *_status_columns(),
    _reference("type_id", "asset_types"),
    _reference("project_id", "projects", ondelete=_WORK),
    _code_copy(),
    UniqueConstraint("project_id", "code"),
)

shots = Table(
    "shots",
    metadata,
    _id_of(),
    *_status_columns(),
    _reference("type_id", "asset_types"),
    _reference("sequence_id", "sequences", ondelete=_WORK),
    # The sequence's project, kept by stalker.db.uniqueness: codes are unique
    # in the project, across its sequences.
    _reference("project_id", "projects", ondelete=_WORK),
    _code_copy(),
    UniqueConstraint("project_id", "code"),
)

#: The rows of the unique index on the top tasks' names: tasks without a parent.
TOP_TASKS = "parent_id IS NULL"

#: The top tasks of one owner have different names (the children of one
#: parent: ``uq_tasks_parent_id_name``). A partial index on both backends; on
#: PostgreSQL its WHERE is given when it is made there (``_partial_on_postgresql``).
top_task_names = Index(
    "uq_tasks_task_of_id_name",
    "task_of_id",
    "name",
    unique=True,
    sqlite_where=text(TOP_TASKS),
)

tasks = Table(
    "tasks",
    metadata,
    _id_of(),
    *_status_columns(),
    Column("bid", Interval),
    Column("priority", Integer, nullable=False),
    _reference("pipeline_step_id", "pipeline_steps"),
    _reference("task_of_id", "simple_entities", ondelete=_WORK),
    Column("computed_start", UTCDateTime),
    Column("computed_end", UTCDateTime),
    # The number of the latest review round (0 before any).
    Column("review_number", Integer, nullable=False, server_default=text("0")),
    # The task this one is a part of; its task_of_id is the parent's.
    _reference("parent_id", "tasks", ondelete=_WORK),
    # A copy of simple_entities.name: sibling tasks have different names, the
    # children of one parent and the top tasks of one owner.
    Column("name", String(NAME_LENGTH), nullable=False),
    UniqueConstraint("parent_id", "name"),
    top_task_names,
    CheckConstraint("priority >= 0", name="priority_not_negative"),
    CheckConstraint("parent_id <> id", name="not_its_own_parent"),
)
task_resources = _association("task_resources", "task", "user")
task_alternative_resources = _association("task_alternative_resources", "task", "user")
task_computed_resources = _association("task_computed_resources", "task", "user")
task_responsible_users = _association("task_responsible_users", "task", "user")

task_dependencies = Table(
    "task_dependencies",
    metadata,
    Column(
        "task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "depends_on_id",
        Integer,
        ForeignKey("tasks.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("kind", String(2), nullable=False, server_default="FS"),
    Column("lag_seconds", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("task_id <> depends_on_id", name="not_on_itself"),
    CheckConstraint(_one_of("kind", ("FS", "SS", "FF")), name="known_kind"),
)

bookings = Table(
    "bookings",
    metadata,
    _id_of(),
    _reference("task_id", "tasks", nullable=False, ondelete=_WORK),
    _reference("resource_id", "users", nullable=False, ondelete=_WORK),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    CheckConstraint('"end" > start', name="ends_after_start"),
    Index("ix_bookings_resource_id_start", "resource_id", "start"),
)

vacations = Table(
    "vacations",
    metadata,
    _id_of(),
    _reference("user_id", "users", nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    CheckConstraint('"end" > start', name="ends_after_start"),
)

links = Table(
    "links",
    metadata,
    _id_of(),
    Column("path", String(PATH_LENGTH), nullable=False),
    Column("filename", String(PATH_LENGTH), nullable=False),
    _reference("type_id", "link_types", nullable=False),
)

versions = Table(
    "versions",
    metadata,
    _id_of(),
    *_status_columns(),
    _reference("task_id", "tasks", nullable=False, ondelete=_WORK),
    Column("take", String(TAKE_LENGTH), nullable=False),
    Column("version_number", Integer, nullable=False),
    Column("path", String(PATH_LENGTH), nullable=False),
    Column("filename", String(PATH_LENGTH), nullable=False),
    Column("extension", String(EXTENSION_LENGTH), nullable=False, server_default=""),
    UniqueConstraint("task_id", "take", "version_number"),
    CheckConstraint("version_number > 0", name="positive_number"),
    Index("ix_versions_filename", "filename"),
)
version_outputs = _association("version_outputs", "version", "link")

#: The answers of the task workflow's reviews: history, never changed once
#: answered (stalker.db.workflow).
reviews = Table(
    "reviews",
    metadata,
    _id_of(),
    *_status_columns(),
    _reference("task_id", "tasks", nullable=False, ondelete=_WORK),
    _reference("reviewer_id", "users", nullable=False, ondelete=_WORK),
    Column("review_number", Integer, nullable=False),
    Column("extra_time", Interval, nullable=False),
    # Not "version_id": simple_entities has that name (the version counter).
    _reference("reviewed_version_id", "versions", ondelete=_WORK),
    CheckConstraint("review_number > 0", name="positive_number"),
)

comments = Table(
    "comments",
    metadata,
    _id_of(),
    Column("body", Text, nullable=False),
    _reference("to_id", "simple_entities", nullable=False),
    # The comment this one answers (a thread), on the same entity.
    _reference("reply_to_id", "comments"),
)
#: The users a comment mentions (``mentions=[...]`` and the body's ``@login``).
comment_mentions = _association("comment_mentions", "comment", "user")
comment_attachments = _association("comment_attachments", "comment", "link")
#: Who read which comment: one row per reader, inserted if not there yet
#: (stalker.db.messages), so concurrent marks never collide.
comment_reads = _association(
    "comment_reads", "comment", "user", Column("read_at", UTCDateTime, nullable=False)
)

#: Logins of ``stalker.db.auth``: only a hash of each session's token is kept.
auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    _reference("user_id", "users", nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    # The login session (one user's session folder) the token was issued to.
    Column("seat_hash", String(64), nullable=False, index=True),
    Column("date_created", UTCDateTime, nullable=False),
    Column("expires", UTCDateTime, nullable=False, index=True),
)

#: The event log (``stalker.db.outbox``): one row per insert, update, delete or
#: status change, never changed afterwards; ``id`` is given in commit order.
#: ``entity_id`` and ``user_id`` are plain numbers, no foreign keys: the story
#: of a deleted object or by a deleted user stays as it was.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(8), nullable=False),
    Column("entity_type", String(NAME_LENGTH), nullable=False),
    Column("entity_id", Integer, nullable=False, index=True),
    Column("user_id", Integer),
    Column("time", UTCDateTime, nullable=False),
    Column("changes", Text),
    CheckConstraint(
        _one_of("kind", ("insert", "update", "delete", "status")), name="known_kind"
    ),
)

#: The last event id given out, in its one row. Taking the next ids updates
#: that row, which holds it locked until the transaction ends: the ids of the
#: events of a transaction come after those of every one committed before it.
event_counters = Table(
    "event_counters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_id", Integer, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)


@event.listens_for(event_counters, "after_create")
def _first_row(table: Table, connection: Any, **kw: Any) -> None:
    """The row is there as soon as the table is."""
    connection.execute(table.insert().values(id=1, last_id=0))


@event.listens_for(top_task_names, "before_create")
def _partial_on_postgresql(index: Index, connection: Any, **kw: Any) -> None:
    """Give the top tasks' name index its WHERE on PostgreSQL, as it is made there.

    Not in the ``Index``: checking ``postgresql_where`` there would import
    SQLAlchemy's PostgreSQL dialect into every tool, those on SQLite too.
    """
    if connection.dialect.name == "postgresql":
        index.dialect_kwargs["postgresql_where"] = text(TOP_TASKS)
