"""stalker.db.setup(): engine, mapping once, tables, defaults, auto_add, extensions."""

from __future__ import annotations

import re
import sqlite3

import pytest
from processes import python_lines
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    inspect,
    make_url,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from stalker import (
    Asset,
    Project,
    Sequence,
    Shot,
    Status,
    StatusList,
    Tag,
    Task,
    User,
    Version,
    config,
    db,
)
from stalker.db import defaults, meta, tables
from stalker.exceptions import ValidationError, ValidationTypeError


def test_defaults_exist(session):
    """setup() creates the admin user, the default statuses and one list per class."""
    admin = db.query(User).filter_by(name="admin").one()
    assert admin.check_password(config.settings.admin_password)
    short_names = {s.short_name for s in db.query(Status)}
    assert {
        "NEW",
        "WFD",
        "RTS",
        "DREV",
        "APP",
        "RREV",
        "SUPD",
        "WIP",
        "PREV",
        "HREV",
        "OH",
        "STOP",
        "CMPL",
    } <= short_names
    lists = {
        s.target_entity_type: [status.short_name for status in s.statuses]
        for s in db.query(StatusList)
    }
    for cls, expected in defaults.default_status_lists().items():
        assert lists[cls.__name__] == list(expected)


def test_query_is_the_session_query(session):
    """db.query is the session's query and meta holds engine, session, metadata."""
    assert db.query(User).filter_by(login_name="admin").count() == 1
    assert db.session is meta.session
    assert meta.metadata is tables.metadata
    assert meta.engine is not None


def test_auto_add_makes_new_objects_pending(session):
    """A constructed object is pending in db.session before any add()."""
    project = Project(name="Fancy Commercial")
    assert project in db.session.new
    assert db.query(Project).filter_by(name="Fancy Commercial").one() is project


def test_auto_add_can_be_turned_off(session):
    """With auto_add off, a new object stays out of the session."""
    meta.auto_add = False
    project = Project(name="Outside")
    assert project not in db.session
    assert db.query(Project).filter_by(name="Outside").first() is None


def test_auto_add_brings_along_what_a_new_object_holds(session):
    """Objects made while auto_add was off join with a new one that holds them."""
    meta.auto_add = False
    project = Project(name="Made Outside")
    sequence = Sequence(name="SEQ", project=project)
    tag = Tag(name="outside")
    meta.auto_add = True
    shot = Shot(name="SH010", sequence=sequence, tags=[tag])
    held = (shot, sequence, project, tag)
    assert [obj for obj in held if obj not in db.session.new] == []
    session.commit()
    assert db.query(Shot).filter_by(name="SH010").one().sequence.project is project


def test_failed_construction_leaves_nothing(session):
    """An object whose __init__ raised is not pending and not linked to others."""
    user = db.query(User).filter_by(name="admin").one()
    project = Project(name="P", lead=user)
    session.commit()
    with pytest.raises(ValueError):
        Project(name="Broken", lead=user, fps="abc")
    assert [p.name for p in user.projects_lead] == ["P"]
    session.commit()
    assert db.query(Project).count() == 1
    assert project.lead is user


def test_setup_again_on_the_same_database_duplicates_nothing(
    fresh_database_url, resetup
):
    """Calling setup() twice keeps one admin and one default list per class."""
    db.setup(fresh_database_url)
    db.setup(fresh_database_url)
    assert db.query(User).filter_by(login_name="admin").count() == 1
    assert db.query(StatusList).count() == len(defaults.STATUSED_CLASSES)
    assert db.session.scalar(
        select(Status.short_name).where(Status.short_name == "WIP")
    )


def test_setup_without_database_is_in_memory_sqlite(resetup):
    """setup() without a URL connects to an in-memory SQLite database."""
    db.setup()
    assert str(meta.engine.url) == "sqlite://"
    assert db.query(User).filter_by(login_name="admin").count() == 1


def test_table_names_are_plural_snake_case():
    """Every table name is snake_case and plural; association tables too."""
    for name in tables.metadata.tables:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*s", name), name
        assert getattr(tables, name) is tables.metadata.tables[name]


def test_constraints_follow_the_naming_convention(session):
    """Foreign keys, unique constraints and primary keys get conventional names."""
    inspector = inspect(session.connection())
    fks = {fk["name"] for fk in inspector.get_foreign_keys("versions")}
    assert "fk_versions_task_id_tasks" in fks
    uniques = {uq["name"] for uq in inspector.get_unique_constraints("versions")}
    assert "uq_versions_task_id_take_version_number" in uniques


def test_mapping_from_scratch_happens_once_per_process():
    """In a new process, setup() twice maps once and validation stays in force."""
    code = (
        "from stalker import db, Project\n"
        "db.setup(); db.setup()\n"
        "try:\n"
        "    Project(name='P', fps='abc')\n"
        "except ValueError as error:\n"
        "    print(error)\n"
        "print(db.query(Project).count())\n"
    )
    assert python_lines(code) == [
        "Project.fps should be a positive number, not str: 'abc'",
        "0",
    ]


class Character(Asset):
    """A studio's own asset class with a column of its own."""

    def __init__(self, rig: str = "", **kwargs):
        super().__init__(**kwargs)
        self.rig = rig


calls: list[tuple] = []


def map_character(registry, metadata) -> None:
    calls.append((registry, metadata))
    table = Table(
        "characters",
        metadata,
        Column(
            "id", Integer, ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
        ),
        Column("rig", String(64), nullable=False),
    )
    registry.map_imperatively(
        Character, table, inherits=Asset, polymorphic_identity="Character"
    )


def test_studio_subclass_persists_and_queries_polymorphically(
    fresh_database_url, resetup
):
    """A mapper given to setup() runs once and its class persists like built-ins."""
    db.setup(fresh_database_url, mappers=[map_character])
    db.setup(fresh_database_url, mappers=[map_character])
    assert len(calls) == 1
    assert calls[0][1] is meta.metadata
    hero = Character(name="Hero", rig="biped")
    db.session.commit()
    hero_id = hero.id
    db.session.expunge_all()
    loaded = db.query(Asset).one()
    assert type(loaded) is Character
    assert loaded.rig == "biped"
    assert loaded.status_list.target_entity_type == "Asset"
    assert loaded.id == hero_id


def test_using_the_database_before_setup_says_to_call_setup():
    """In a new process, db.query() and db.session before setup() say what to do."""
    code = (
        "from stalker import db, User\n"
        "from stalker.exceptions import NotSetUpError\n"
        "for use in (lambda: db.query(User), lambda: db.session.add(1)):\n"
        "    try:\n"
        "        use()\n"
        "    except NotSetUpError as error:\n"
        "        print(error)\n"
    )
    message = (
        "stalker.db.session was used before the database was set up: "
        "call stalker.db.setup() first"
    )
    assert python_lines(code) == [message, message]


@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "file name"])
def test_a_path_or_file_name_is_an_sqlite_file(tmp_path, monkeypatch, resetup, as_path):
    """setup(Path(...)) and setup("studio.db") make and use an SQLite file."""
    monkeypatch.chdir(tmp_path)
    db.setup(tmp_path / "studio.db" if as_path else "studio.db")
    assert meta.engine.url.get_backend_name() == "sqlite"
    assert (tmp_path / "studio.db").is_file()
    assert db.query(User).filter_by(login_name="admin").count() == 1


def test_a_url_object_is_accepted(fresh_database_url, resetup):
    """setup() takes an SQLAlchemy URL object as well as a URL string."""
    db.setup(make_url(fresh_database_url))
    assert db.query(User).filter_by(login_name="admin").count() == 1


@pytest.mark.parametrize(
    ("database", "error", "shown"),
    [
        (
            {"sqlalchemy.url": "postgresql://artist:s3cret@db/studio"},
            ValidationTypeError,
            "dict: {'sqlalchemy.url': 'postgresql://artist:***@db/studio'}",
        ),
        (42, ValidationTypeError, "int: 42"),
        (
            "postgresql://artist:s3cret@db:port/studio",
            ValidationError,
            "str: 'postgresql://artist:***@db:port/studio'",
        ),
    ],
    ids=["dict", "int", "bad URL"],
)
def test_anything_else_is_refused_without_its_password(database, error, shown):
    """What is neither a URL nor a path is refused by name, passwords hidden."""
    engine = meta.engine
    with pytest.raises(error) as raised:
        db.setup(database)
    assert str(raised.value) == (
        "db.setup.database should be a database URL or the path of an SQLite "
        f"file, not {shown}"
    )
    assert meta.engine is engine


def test_objects_of_the_previous_setup_stay_printable(fresh_database_url, resetup):
    """After setup() again, objects committed before still print, parents too."""
    db.setup(fresh_database_url)
    project = Project(name="Fancy Commercial")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    layout = Task(name="Layout", task_of=shot)
    anim = Task(name="Anim", task_of=shot)
    anim.depends.append(layout)
    dependency = anim.dependencies[0]
    version = Version(task=anim)
    db.session.commit()  # expires them all
    admin = db.query(User).filter_by(login_name="admin").one()  # loaded afresh
    ids = {obj: obj.id for obj in (project, admin)}
    db.setup(fresh_database_url)
    assert repr(project) == f"<Project 'Fancy Commercial' id={ids[project]}>"
    assert repr(admin) == f"<User 'admin' id={ids[admin]}>"
    assert repr(dependency) == "<TaskDependency 'Anim' FS 'Layout' lag=0:00:00>"
    assert version.version_number == 1
    assert version.task is anim
    assert project not in db.session


def test_a_previous_session_that_failed_does_not_stop_setup(
    fresh_database_url, tmp_path, resetup
):
    """A previous session that needs a rollback is left as it is; setup() goes on."""
    db.setup(fresh_database_url)
    admin = db.query(User).filter_by(login_name="admin").one()
    db.session.commit()
    with pytest.raises(DBAPIError):
        db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))
    db.setup(tmp_path / "other.db")
    assert db.query(User).filter_by(login_name="admin").count() == 1
    assert admin not in db.session


def test_a_read_only_sqlite_file_is_set_up_for_reading(tmp_path, resetup):
    """A file that cannot switch to WAL (opened read-only) is still read."""
    path = tmp_path / "archive.db"
    db.setup(path)
    db.setup()  # let go of the file
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    db.setup(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert db.query(User).filter_by(login_name="admin").count() == 1
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_an_sqlite_file_runs_in_wal_mode(tmp_path, resetup):
    """A new SQLite file is switched to WAL, so readers never wait for a writer."""
    db.setup(tmp_path / "studio.db")
    assert db.session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == (
        "wal"
    )


_START_OF_A_TOOL = """
import sys
from sqlalchemy import Engine, event
from stalker import db
seen = []
event.listen(
    Engine, "before_cursor_execute", lambda c, k, s, *r: seen.append(" ".join(s.split()))
)
db.setup(sys.argv[1])
print(len(db.session.identity_map))
print(*seen, sep="\\n")
"""


def test_setup_of_a_ready_database_reads_a_few_columns_and_loads_no_object(
    fresh_database_url, resetup
):
    """A tool's start on a studio database, in a new process.

    After the schema's revision and the table names, the status names, the
    StatusList targets, admin's id and admin's hash are read as plain rows:
    no object is loaded.
    """
    db.setup(fresh_database_url)
    loaded, *seen = python_lines(_START_OF_A_TOOL, fresh_database_url)

    assert loaded == "0"
    assert not any("simple_entities" in statement for statement in seen)
    assert all(s.split()[0].upper() in {"SELECT", "PRAGMA", "SHOW"} for s in seen)
    revision = seen.index("SELECT alembic_version.version_num FROM alembic_version")
    after = [re.search(r"\bFROM (\S+)", s).group(1) for s in seen[revision + 2 :]]
    assert after == ["statuses", "status_lists", "users", "users"]
    assert seen[-1].startswith("SELECT users.password FROM users WHERE")
