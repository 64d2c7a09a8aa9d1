"""Every migration, up and down, on a populated database; models match migrations.

Each revision in ``stalker/db/migrations/versions`` brings an entry in
``DATA``: a function that writes rows a database at that revision can hold,
and one that checks them, given the revision the database is at (so that a
later migration that moves the data can say where to look). The walk below
covers every revision without being told about it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stalker.core.models.workflow import TASK_STATUSES
from stalker.db import migrations, schema
from stalker.db.migrations import revise

WHEN = dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.timezone.utc)

_entities = sa.table(
    "simple_entities",
    sa.column("id", sa.Integer),
    sa.column("entity_type", sa.String),
    sa.column("name", sa.String),
    sa.column("code", sa.String),
    sa.column("created_by_id", sa.Integer),
    sa.column("date_created", sa.DateTime(timezone=True)),
    sa.column("date_updated", sa.DateTime(timezone=True)),
    sa.column("version_id", sa.Integer),
)


def _insert(connection: Connection, table_name: str, **values) -> None:
    table = sa.table(table_name, *(sa.column(key) for key in values))
    connection.execute(table.insert().values(**values))


def _entity(connection: Connection, id_: int, kind: str, name: str) -> None:
    connection.execute(
        _entities.insert().values(
            id=id_,
            entity_type=kind,
            name=name,
            code=name.upper(),
            date_created=WHEN,
            date_updated=WHEN,
            version_id=1,
        )
    )


def _write_baseline(connection: Connection) -> None:
    """A user leading a project with a status list, in the baseline's tables."""
    _entity(connection, 1, "User", "lead")
    _insert(
        connection,
        "users",
        id=1,
        login_name="lead",
        first_name="Lee",
        last_name="",
        email="lead@studio.example",
        password="not a real hash",
    )
    _entity(connection, 2, "Status", "New")
    _insert(connection, "statuses", id=2, short_name="NEW")
    _entity(connection, 3, "StatusList", "Project Statuses")
    _insert(connection, "status_lists", id=3, target_entity_type="Project")
    _insert(
        connection, "status_list_statuses", status_list_id=3, status_id=2, position=0
    )
    _entity(connection, 4, "Project", "Film")
    _insert(
        connection,
        "projects",
        id=4,
        code="FILM",
        status_id=2,
        status_list_id=3,
        fps=25.0,
        lead_id=1,
    )
    connection.execute(
        _entities.update().where(_entities.c.id == 4).values(created_by_id=1)
    )
    _write_baseline_tasks(connection)


#: The baseline's default Task list, in order; by id below.
_OLD_NAMES = ("WTS", "RTS", "WIP", "PREV", "HREV", "OH", "STOP", "CMPL")
_OLD_TASK_STATUSES = dict(enumerate(_OLD_NAMES, start=30))


def _write_baseline_tasks(connection: Connection) -> None:
    """Three chained tasks on a shot: Layout done, Anim and Comp waiting (WTS)."""
    for id_, short_name in _OLD_TASK_STATUSES.items():
        _entity(connection, id_, "Status", short_name.title())
        _insert(connection, "statuses", id=id_, short_name=short_name)
    _entity(connection, 9, "StatusList", "Task Statuses")
    _insert(connection, "status_lists", id=9, target_entity_type="Task")
    for position, id_ in enumerate(_OLD_TASK_STATUSES):
        _insert(
            connection,
            "status_list_statuses",
            status_list_id=9,
            status_id=id_,
            position=position,
        )
    _entity(connection, 10, "Sequence", "Seq")
    _insert(
        connection,
        "sequences",
        id=10,
        code="SEQ",
        status_id=2,
        status_list_id=3,
        project_id=4,
    )
    # A studio's own Shot list, without HREV: WFD takes WTS's place, no DREV.
    _entity(connection, 15, "StatusList", "Shot Statuses")
    _insert(connection, "status_lists", id=15, target_entity_type="Shot")
    for position, id_ in enumerate((30, 31, 37)):
        _insert(
            connection,
            "status_list_statuses",
            status_list_id=15,
            status_id=id_,
            position=position,
        )
    _entity(connection, 11, "Shot", "Sh")
    _insert(
        connection,
        "shots",
        id=11,
        code="SH",
        status_id=30,
        status_list_id=15,
        sequence_id=10,
        project_id=4,
    )
    for id_, name, status_id in (
        (12, "Layout", 37),
        (13, "Anim", 30),
        (14, "Comp", 30),
    ):
        _entity(connection, id_, "Task", name)
        _insert(
            connection,
            "tasks",
            id=id_,
            name=name,
            status_id=status_id,
            status_list_id=9,
            priority=500,
            task_of_id=11,
        )
    for task_id in (13, 14):
        _insert(
            connection,
            "task_dependencies",
            task_id=task_id,
            depends_on_id=task_id - 1,
            kind="FS",
            lag_seconds=0,
        )


def _task_statuses(connection: Connection) -> dict[str, str]:
    rows = connection.execute(
        sa.text(
            "SELECT e.name, s.short_name FROM tasks t "
            "JOIN simple_entities e ON e.id = t.id "
            "JOIN statuses s ON s.id = t.status_id "
            "WHERE t.id < 900"  # the baseline's, not the hierarchy's tasks
        )
    )
    return dict(rows.all())


def _list_of(connection: Connection, target: str) -> list[str]:
    rows = connection.execute(
        sa.text(
            "SELECT s.short_name FROM status_list_statuses e "
            "JOIN status_lists l ON l.id = e.status_list_id "
            "JOIN statuses s ON s.id = e.status_id "
            "WHERE l.target_entity_type = :target ORDER BY e.position"
        ),
        {"target": target},
    )
    return list(rows.scalars())


def _check_baseline_tasks(connection: Connection, revision: str) -> None:
    """WTS before the workflow; WFD or RTS by the dependencies after it."""
    found = _task_statuses(connection)
    if revision == "0001":
        # A round trip leaves Anim RTS: it was ready, which WTS did not say.
        assert found["Comp"] == "WTS"
        assert found["Anim"] in ("WTS", "RTS")
        assert _list_of(connection, "Task") == list(_OLD_NAMES)
        assert _list_of(connection, "Shot") == ["WTS", "RTS", "CMPL"]
    else:
        assert found == {"Layout": "CMPL", "Anim": "RTS", "Comp": "WFD"}
        assert _list_of(connection, "Task") == list(TASK_STATUSES)
        assert _list_of(connection, "Shot") == ["WFD", "RTS", "CMPL"]
        flags = connection.execute(
            sa.text("SELECT short_name FROM statuses WHERE is_done")
        ).scalars()
        assert set(flags) == {"CMPL", "STOP"}
    shot = connection.execute(
        sa.text(
            "SELECT s.short_name FROM shots sh JOIN statuses s ON s.id = sh.status_id"
        )
    ).scalar_one()
    assert shot == ("WTS" if revision == "0001" else "WFD")


def _check_baseline(connection: Connection, revision: str) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT e.name, p.fps, u.login_name, s.short_name, e.created_by_id, "
            "e.date_created FROM projects p "
            "JOIN simple_entities e ON e.id = p.id "
            "JOIN users u ON u.id = p.lead_id "
            "JOIN statuses s ON s.id = p.status_id"
        )
    ).all()
    assert [tuple(row)[:5] for row in rows] == [("Film", 25.0, "lead", "NEW", 1)]
    assert str(rows[0][5]).startswith("2030-01-02 03:04:00")
    _check_baseline_tasks(connection, revision)


def _write_workflow(connection: Connection) -> None:
    """A review of Layout by the lead, who is responsible for it; round 1."""
    _entity(connection, 20, "StatusList", "Review Statuses")
    _insert(connection, "status_lists", id=20, target_entity_type="Review")
    _insert(
        connection, "status_list_statuses", status_list_id=20, status_id=2, position=0
    )
    _entity(connection, 21, "Review", "Layout Review 1")
    reviews = sa.table(
        "reviews",
        *(sa.column(name) for name in ("id", "status_id", "status_list_id")),
        *(sa.column(name) for name in ("task_id", "reviewer_id", "review_number")),
        sa.column("extra_time", sa.Interval),
    )
    connection.execute(
        reviews.insert().values(
            id=21,
            status_id=2,
            status_list_id=20,
            task_id=12,
            reviewer_id=1,
            review_number=1,
            extra_time=dt.timedelta(hours=2),
        )
    )
    _insert(connection, "task_responsible_users", task_id=12, user_id=1)
    connection.execute(sa.text("UPDATE tasks SET review_number = 1 WHERE id = 12"))


def _check_workflow(connection: Connection, revision: str) -> None:
    row = connection.execute(
        sa.text(
            "SELECT e.name, r.review_number, s.short_name, "
            "t.review_number, u.user_id FROM reviews r "
            "JOIN simple_entities e ON e.id = r.task_id "
            "JOIN statuses s ON s.id = r.status_id "
            "JOIN tasks t ON t.id = r.task_id "
            "JOIN task_responsible_users u ON u.task_id = t.id"
        )
    ).one()
    assert tuple(row) == ("Layout", 1, "NEW", 1, 1)
    reviews = sa.table("reviews", sa.column("extra_time", sa.Interval))
    extra = connection.execute(sa.select(reviews.c.extra_time)).scalar_one()
    assert extra == dt.timedelta(hours=2)


def _write_event_log(connection: Connection) -> None:
    """An update of the project in the log, its id taken from the counter."""
    connection.execute(sa.text("UPDATE event_counters SET last_id = last_id + 1"))
    _insert(
        connection,
        "events",
        id=1,
        kind="update",
        entity_type="Project",
        entity_id=4,
        user_id=1,
        time=WHEN,
        changes='{"fps":[24.0,25.0]}',
    )


def _check_event_log(connection: Connection, revision: str) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT c.last_id, e.id, e.kind, e.entity_type, e.entity_id, e.user_id, "
            "e.changes FROM event_counters c, events e"
        )
    ).all()
    assert [tuple(row) for row in rows] == [
        (1, 1, "update", "Project", 4, 1, '{"fps":[24.0,25.0]}')
    ]


def _write_messages(connection: Connection) -> None:
    """On Layout, a note and its reply by the lead, a still attached, read by him.

    Going down to 0003 keeps the comments and the link (only the reply's
    link to the note goes): they are written once.
    """
    kept = connection.execute(sa.text("SELECT id FROM comments WHERE id = 902"))
    if kept.first() is None:
        _entity(connection, 900, "LinkType", "Image")
        _insert(connection, "link_types", id=900)
        _entity(connection, 901, "Link", "Still")
        _insert(
            connection,
            "links",
            id=901,
            path="/renders",
            filename="still.png",
            type_id=900,
        )
        _entity(connection, 902, "Comment", "Comment on Layout")
        _insert(connection, "comments", id=902, body="@lead faster?", to_id=12)
        _entity(connection, 903, "Comment", "Reply on Layout")
        _insert(connection, "comments", id=903, body="Yes", to_id=12)
    connection.execute(sa.text("UPDATE comments SET reply_to_id = 902 WHERE id = 903"))
    _insert(connection, "comment_mentions", comment_id=902, user_id=1)
    _insert(connection, "comment_attachments", comment_id=902, link_id=901)
    _insert(connection, "comment_reads", comment_id=902, user_id=1, read_at=WHEN)


def _check_messages(connection: Connection, revision: str) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT c.id, c.body, c.to_id, c.reply_to_id, m.user_id, a.link_id, "
            "r.user_id FROM comments c "
            "LEFT JOIN comment_mentions m ON m.comment_id = c.id "
            "LEFT JOIN comment_attachments a ON a.comment_id = c.id "
            "LEFT JOIN comment_reads r ON r.comment_id = c.id ORDER BY c.id"
        )
    ).all()
    assert [tuple(row) for row in rows] == [
        (902, "@lead faster?", 12, None, 1, 901, 1),
        (903, "Yes", 12, 902, None, None, None),
    ]


#: Character on the shot; Layout under it (a top task of the shot has that
#: name too), Sketch under Layout.
_HIERARCHY = ((960, None, "Character"), (961, 960, "Layout"), (962, 961, "Sketch"))


def _write_hierarchy(connection: Connection) -> None:
    """A parent, child and grandchild on the shot; written again after a way down.

    Going down to 0004 keeps the tasks, named by their paths and without
    parents: they are given them back.
    """
    kept = connection.execute(sa.text("SELECT id FROM tasks WHERE id = 960"))
    fresh = kept.first() is None
    for id_, parent_id, name in _HIERARCHY:
        if fresh:
            _entity(connection, id_, "Task", name)
            _insert(
                connection,
                "tasks",
                id=id_,
                name=name,
                status_id=31,
                status_list_id=9,
                priority=500,
                task_of_id=11,
                parent_id=parent_id,
            )
            continue
        connection.execute(
            sa.text("UPDATE tasks SET parent_id = :parent WHERE id = :id"),
            {"parent": parent_id, "id": id_},
        )
        for table in ("tasks", "simple_entities"):
            connection.execute(
                sa.text(f"UPDATE {table} SET name = :name WHERE id = :id"),
                {"name": name, "id": id_},
            )


def _check_hierarchy(connection: Connection, revision: str) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT t.id, t.parent_id, t.name, e.name, t.task_of_id FROM tasks t "
            "JOIN simple_entities e ON e.id = t.id WHERE t.id >= 960 ORDER BY t.id"
        )
    ).all()
    assert [tuple(row) for row in rows] == [
        (id_, parent_id, name, name, 11) for id_, parent_id, name in _HIERARCHY
    ]


def _write_kinds(connection: Connection) -> None:
    """A start-to-start dependency between two of the hierarchy's tasks, once.

    The migration changes only how the kinds are checked: the row stays
    through the way down and up.
    """
    found = connection.execute(
        sa.text("SELECT 1 FROM task_dependencies WHERE task_id = 962")
    ).first()
    if found is None:
        _insert(
            connection,
            "task_dependencies",
            task_id=962,
            depends_on_id=960,
            kind="SS",
            lag_seconds=3600,
        )


def _check_kinds(connection: Connection, revision: str) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT depends_on_id, kind, lag_seconds FROM task_dependencies "
            "WHERE task_id = 962"
        )
    ).all()
    assert [tuple(row) for row in rows] == [(960, "SS", 3600)]


def _refuses_unknown_kinds(url: str) -> None:
    """An unknown kind of event or dependency is refused by the database."""
    engine = sa.create_engine(url)
    rows = {
        "events": {
            "id": 99,
            "kind": "upsert",
            "entity_type": "Task",
            "entity_id": 960,
            "time": WHEN,
        },
        "task_dependencies": {"task_id": 961, "depends_on_id": 960, "kind": "XX"},
    }
    try:
        for table, values in rows.items():
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                _insert(connection, table, **values)
    finally:
        engine.dispose()


def test_unknown_kinds_are_refused_on_both_sides_of_0006(fresh_database_url):
    """Before and after the CHECKs are rewritten, the same kinds are refused."""
    for revision in _oldest_first():
        migrations.upgrade(fresh_database_url, revision)
        _write(fresh_database_url, revision)
    _refuses_unknown_kinds(fresh_database_url)
    migrations.downgrade(fresh_database_url, "0005")
    _refuses_unknown_kinds(fresh_database_url)
    _at(fresh_database_url, "0005", ["0001", "0002", "0003", "0004", "0005"])


def test_going_down_names_the_children_by_their_paths(fresh_database_url):
    """Before the hierarchy, a child is a top task of its shot named by its path."""
    for revision in ("0001", "0002", "0003", "0004", "0005"):
        migrations.upgrade(fresh_database_url, revision)
        _write(fresh_database_url, revision)
    migrations.downgrade(fresh_database_url, "0004")
    engine = sa.create_engine(fresh_database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT t.name, e.name FROM tasks t JOIN simple_entities e "
                    "ON e.id = t.id WHERE t.id >= 960 ORDER BY t.id"
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("Character", "Character"),
        ("Character/Layout", "Character/Layout"),
        ("Character/Layout/Sketch", "Character/Layout/Sketch"),
    ]


#: revision -> (write rows at that revision, check them at a later revision).
DATA: dict[
    str, tuple[Callable[[Connection], None], Callable[[Connection, str], None]]
] = {
    "0001": (_write_baseline, _check_baseline),
    "0002": (_write_workflow, _check_workflow),
    "0003": (_write_event_log, _check_event_log),
    "0004": (_write_messages, _check_messages),
    "0005": (_write_hierarchy, _check_hierarchy),
    "0006": (_write_kinds, _check_kinds),
}


def _oldest_first() -> list[str]:
    return [
        script.revision for script in migrations.script_directory().walk_revisions()
    ][::-1]


def _at(url: str, expected: str | None, written: list[str]) -> None:
    """The database is at revision ``expected`` and keeps the data ``written``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            assert schema.revision(connection) == expected
            for revision in written:
                DATA[revision][1](connection, expected)
    finally:
        engine.dispose()


def _write(url: str, revision: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            DATA[revision][0](connection)
    finally:
        engine.dispose()


def test_every_revision_has_data_hooks():
    """A new migration cannot be added without rows to carry across it."""
    assert set(DATA) == set(_oldest_first())


def test_every_migration_up_and_down_keeps_the_data(fresh_database_url):
    """Up, write, down, up again: after each step the data written so far is there."""
    url, written = fresh_database_url, []
    revisions = _oldest_first()
    for previous, revision in zip([None, *revisions], revisions, strict=False):
        migrations.upgrade(url, revision)
        _at(url, revision, written)
        _write(url, revision)
        _at(url, revision, [*written, revision])
        migrations.downgrade(url, previous or "base")
        _at(url, previous, written)
        migrations.upgrade(url, revision)
        _at(url, revision, written)
        _write(url, revision)
        written.append(revision)
    _at(url, schema.HEAD, written)


def test_the_workflow_migration_up_and_down_on_an_empty_database(fresh_database_url):
    """Nothing to move either way: the schema alone goes up and down."""
    migrations.upgrade(fresh_database_url, "0002")
    migrations.downgrade(fresh_database_url, "0001")
    _at(fresh_database_url, "0001", [])
    engine = sa.create_engine(fresh_database_url)
    try:
        with engine.connect() as connection:
            assert "reviews" not in sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()


def test_an_upgraded_database_works_the_workflow(fresh_database_url, resetup):
    """Tasks of a database made before the workflow: book the ready one, Comp waits."""
    from stalker import Booking, Review, StatusList, Task, User, db

    migrations.upgrade(fresh_database_url, "0001")
    _write(fresh_database_url, "0001")
    migrations.upgrade(fresh_database_url)
    db.setup(fresh_database_url)
    anim = db.query(Task).filter_by(name="Anim").one()
    assert (anim.status.short_name, anim.status_list.name) == ("RTS", "Task Statuses")
    lead = db.query(User).filter_by(login_name="lead").one()
    Booking(task=anim, resource=lead, start=WHEN, end=WHEN + dt.timedelta(hours=1))
    assert anim.status.short_name == "WIP"
    (review,) = anim.request_review()
    review.approve()
    db.session.commit()
    comp = db.query(Task).filter_by(name="Comp").one()
    assert (anim.status.short_name, comp.status.short_name) == ("CMPL", "RTS")
    assert anim.status.is_done
    assert Review.default_status_list().target_entity_type == "Review"
    assert db.query(StatusList).filter_by(target_entity_type="Review").count() == 1
    db.session.remove()


def test_models_and_migrations_agree(fresh_database_url):
    """Autogenerate finds nothing between the models and a database at head."""
    migrations.upgrade(fresh_database_url)
    engine = sa.create_engine(fresh_database_url)
    try:
        with engine.connect() as connection:
            assert migrations.differences(connection) == []
            connection.execute(sa.text("DROP INDEX ix_versions_filename"))
            assert [d[0] for d in migrations.differences(connection)] == ["add_index"]
    finally:
        engine.dispose()


@pytest.fixture
def copied_migrations(tmp_path, monkeypatch):
    """A copy of versions/ that the tests may write into."""
    folder = tmp_path / "versions"
    shutil.copytree(
        migrations.VERSIONS, folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(migrations, "VERSIONS", folder)
    return folder


def test_revise_writes_the_next_revision(copied_migrations):
    """revise() autogenerates a revision on top of head; unchanged tables: no ops."""
    compile_it = {
        "hooks": "compile",
        "compile.type": "module",
        "compile.module": "py_compile",
        "compile.options": "REVISION_SCRIPT_FILENAME",
    }
    revise.revise("nothing changed", hooks=compile_it)
    scripts = migrations.script_directory()
    head = scripts.get_revision(scripts.get_current_head())
    assert head.down_revision == schema.HEAD
    assert head.doc == "Nothing changed."
    assert "    pass" in Path(head.path).read_text()
    assert list((copied_migrations / "__pycache__").glob(f"{head.revision}_*.pyc"))
    with pytest.raises(SystemExit, match="migrations after the baseline"):
        revise.revise("baseline", baseline=True, hooks={})


def test_revise_rewrites_the_baseline(copied_migrations, monkeypatch):
    """--baseline replaces versions/0001_*.py with one made from the tables."""
    for later in copied_migrations.glob("*.py"):
        if not later.name.startswith("0001_"):
            later.unlink()  # --baseline refuses once there are later ones
    baseline = next(copied_migrations.glob("0001_*.py"))
    baseline.write_text(baseline.read_text().replace("def upgrade", "def old_upgrade"))
    monkeypatch.setattr(revise, "RUFF_HOOKS", {})
    revise.main(["--baseline"])
    written = next(copied_migrations.glob("0001_*.py")).read_text()
    assert "def old_upgrade" not in written
    assert "create_foreign_key" in written  # the cycle's keys come after the tables
    assert migrations.script_directory().get_current_head() == "0001"
