"""Codes, sibling task names, logins and e-mails are unique in their scope."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from factories import make_user
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex

from stalker import Asset, Project, Sequence, Shot, Task, User, db
from stalker.db import tables
from stalker.exceptions import DatabaseRefusedError, DuplicateError, ValidationError


@pytest.fixture
def project(session) -> Project:
    """A saved project with two saved sequences, SEQ1 holding shot SH010."""
    project = Project(name="Fancy Commercial")
    first = Sequence(name="SEQ1", project=project)
    Sequence(name="SEQ2", project=project)
    Shot(name="SH010", sequence=first)
    session.commit()
    return project


def test_a_duplicate_error_is_a_validation_error():
    """Code that catches ValueError or ValidationError also catches duplicates."""
    assert issubclass(DuplicateError, ValidationError)
    assert issubclass(DuplicateError, ValueError)


def test_a_shot_code_taken_in_another_sequence_of_the_project_is_refused(project):
    """Two SH010 in two sequences of one project: refused when the second is made."""
    with pytest.raises(DuplicateError) as error:
        Shot(name="SH010", sequence=project.sequences[1])
    assert str(error.value) == (
        "Shot.code should be unique in Project 'Fancy Commercial', not str: 'SH010'"
    )
    assert db.query(Shot).count() == 1


def test_the_same_shot_code_in_another_project_is_fine(project, session):
    """Codes are unique within a project only."""
    other = Sequence(name="SEQ1", project=Project(name="Other"))
    Shot(name="SH010", sequence=other)
    session.commit()
    assert db.query(Shot).filter(Shot.code == "SH010").count() == 2


def test_moving_a_shot_into_a_project_with_its_code_is_refused(project, session):
    """A shot given a sequence whose project has its code is refused at once."""
    other = Sequence(name="SEQ1", project=Project(name="Other"))
    shot = Shot(name="SH010", sequence=other)
    session.commit()
    with pytest.raises(DuplicateError, match="in Project 'Fancy Commercial'"):
        shot.sequence = project.sequences[1]
    assert shot.sequence is other


def test_a_code_given_to_a_saved_shot_is_checked_at_once(project, session):
    """Setting the code of an attached shot to a taken one is refused."""
    shot = Shot(name="SH020", sequence=project.sequences[1])
    session.commit()
    with pytest.raises(DuplicateError, match="not str: 'SH010'"):
        shot.code = "SH010"
    assert shot.code == "SH020"


def test_shots_with_one_code_in_one_new_project_are_refused_at_flush(session):
    """Nothing saved can tell before the flush; the flush refuses the second."""
    project = Project(name="New")
    Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    Shot(name="SH010", sequence=Sequence(name="SEQ2", project=project))
    with pytest.raises(DuplicateError) as error:
        session.flush()
    assert str(error.value) == (
        "Shot.code should be unique in Project 'New', not str: 'SH010'"
    )


def test_a_project_code_is_unique_in_the_studio(project):
    """A second "Fancy Commercial" is refused when it is made."""
    with pytest.raises(DuplicateError) as error:
        Project(name="Fancy Commercial")
    assert str(error.value) == (
        "Project.code should be unique in the studio, not str: 'FANCY_COMMERCIAL'"
    )


def test_two_new_projects_with_one_code_are_refused_at_flush(session):
    """Two pending projects called alike: the flush refuses the second."""
    Project(name="Twin")
    Project(name="Twin")
    with pytest.raises(DuplicateError, match=r"Project\.code should be unique"):
        session.flush()


def test_a_sequence_code_is_unique_in_its_project(project, session):
    """A second SEQ1 in the project is refused; in another project it is fine."""
    with pytest.raises(DuplicateError) as error:
        Sequence(name="SEQ1", project=project)
    assert str(error.value) == (
        "Sequence.code should be unique in Project 'Fancy Commercial', not str: 'SEQ1'"
    )
    Sequence(name="SEQ1", project=Project(name="Other"))
    session.commit()


def test_an_asset_code_is_unique_in_its_project(project, session):
    """A second asset coded like the first is refused in the same project."""
    Asset(name="Chair", project=project)
    session.commit()
    with pytest.raises(
        DuplicateError, match=r"Asset\.code should be unique in Project"
    ):
        Asset(name="chair", project=project)


def test_sibling_tasks_have_different_names(project, session):
    """A task named like a sibling is refused, also when given its parent later."""
    shot = project.sequences[0].shots[0]
    Task(name="Layout", task_of=shot)
    session.commit()
    with pytest.raises(DuplicateError) as error:
        Task(name="Layout", task_of=shot)
    assert str(error.value) == (
        "Task.name should be unique among the tasks of Shot 'SH010', not str: 'Layout'"
    )
    loose = Task(name="Layout")  # the tutorial gives the shot later
    with pytest.raises(DuplicateError):
        loose.task_of = shot
    loose.task_of = Shot(name="SH020", sequence=project.sequences[0])
    session.commit()


def test_renaming_a_task_to_a_siblings_name_is_refused(project, session):
    """Renaming is checked like creating."""
    shot = project.sequences[0].shots[0]
    Task(name="Layout", task_of=shot)
    anim = Task(name="Animation", task_of=shot)
    session.commit()
    with pytest.raises(DuplicateError):
        anim.name = "Layout"
    assert anim.name == "Animation"


def test_a_value_taken_by_an_object_renamed_in_the_session_is_free(project, session):
    """The database still holds the old code, the session knows better."""
    shot = project.sequences[0].shots[0]
    shot.code = "SH005"
    Shot(name="SH010", sequence=project.sequences[1])
    session.commit()
    assert sorted(s.code for s in db.query(Shot)) == ["SH005", "SH010"]


def test_a_value_of_a_deleted_object_is_free(session):
    """A deleted project frees its code for a new one."""
    old = Project(name="Reused")
    session.commit()
    session.delete(old)
    session.flush()
    Project(name="Reused")
    session.commit()
    assert db.query(Project).filter_by(code="REUSED").count() == 1


def test_a_taken_login_is_refused_when_given(session):
    """A taken login is refused by the constructor, and the session goes on."""
    make_user("ann")
    session.commit()
    with pytest.raises(DuplicateError) as error:
        make_user("Ann")
    assert str(error.value) == (
        "User.login_name should be unique in the studio, not str: 'ann'"
    )
    assert db.query(User).filter_by(login_name="ann").count() == 1


def test_an_email_differing_only_by_case_is_refused_when_given(session):
    """E-mails compare without case; the refusal names the value as given."""
    ann, bob = make_user("ann"), make_user("bob")
    session.commit()
    with pytest.raises(DuplicateError) as error:
        bob.email = "ANN@studio.com"
    assert str(error.value) == (
        "User.email should be unique in the studio (compared without case), "
        "not str: 'ANN@studio.com'"
    )
    assert bob.email == "bob@studio.com"
    ann.email = "Ann@Studio.com"  # its own address in other letters is fine
    session.commit()
    assert db.query(User).count() >= 2  # no PendingRollbackError


def test_two_new_users_with_one_email_are_refused_at_flush(session):
    """Two pending users whose e-mails differ by case: refused at flush."""
    make_user("ann")
    User(login_name="bob", first_name="B", email="ANN@studio.com", password="x")
    with pytest.raises(DuplicateError, match=r"User\.email should be unique"):
        session.flush()


def test_the_database_refuses_emails_differing_by_case(session):
    """The guarantee is the database's own, whatever the session checks."""
    user = make_user("ann")
    session.commit()
    row = session.execute(
        select(tables.simple_entities.c.id).where(
            tables.simple_entities.c.id == user.id
        )
    ).scalar_one()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            insert(tables.simple_entities),
            {"id": row + 1000, "entity_type": "User", "name": "x", "code": "X"},
        )
        session.execute(
            insert(tables.users),
            {
                "id": row + 1000,
                "login_name": "other",
                "first_name": "O",
                "email": "ANN@STUDIO.COM",
                "password": "x",
            },
        )


def test_the_database_refuses_top_tasks_of_one_name_not_a_child(project, session):
    """The top tasks' name index is partial on both backends: children are apart."""
    shot = project.sequences[0].shots[0]
    Task(name="Layout", task_of=shot)
    character = Task(name="Character", task_of=shot)
    Task(name="Layout", parent=character)  # the shot's task too, not a top one
    session.commit()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            update(tables.tasks)
            .where(tables.tasks.c.id == character.id)
            .values(name="Layout")
        )


def test_the_top_tasks_name_index_gets_its_condition_as_made_on_postgresql():
    """Made on PostgreSQL, the index's DDL has the WHERE it has on SQLite."""
    from sqlalchemy.dialects import postgresql, sqlite

    index = tables.top_task_names
    on_postgresql = SimpleNamespace(dialect=postgresql.dialect())
    index.dispatch.before_create(index, on_postgresql)

    for dialect in (postgresql.dialect(), sqlite.dialect()):
        made = str(CreateIndex(index).compile(dialect=dialect))
        assert made.startswith("CREATE UNIQUE INDEX uq_tasks_task_of_id_name ON tasks")
        assert made.endswith("WHERE parent_id IS NULL")


def test_a_value_another_process_saved_first_is_refused_at_flush(session):
    """A unique violation at flush becomes a DuplicateError without the row's data."""
    first = make_user("ann")
    session.commit()
    second = make_user("bob")
    with session.no_autoflush:  # meanwhile another process takes bob's e-mail
        session.execute(
            update(tables.users)
            .where(tables.users.c.id == first.id)
            .values(email="bob@studio.com")
        )
    with pytest.raises(DuplicateError) as error:
        session.commit()
    assert str(error.value) == (
        "User.email should be unique in the studio (compared without case), "
        "not str: 'bob@studio.com'"
    )
    assert error.value.__cause__ is None
    assert error.value.__suppress_context__
    assert second.password not in str(error.value)


def test_a_race_lost_by_one_of_several_new_shots_names_them(project, session):
    """When several new objects could be the one, the error lists them."""
    sequence = project.sequences[1]
    Shot(name="SH020", sequence=sequence)
    Shot(name="SH030", sequence=sequence)
    with session.no_autoflush:  # meanwhile another process renames SH010
        session.execute(
            update(tables.shots)
            .where(tables.shots.c.code == "SH010")
            .values(code="SH030")
        )
    with pytest.raises(DuplicateError) as error:
        session.commit()
    assert str(error.value).startswith("Shot.code should be unique in Project")
    assert "(or one of " in str(error.value)


def test_a_saved_objects_code_stays_put_on_rename(session):
    """Renaming a saved project or shot keeps its code, so its files stay put."""
    project = Project(name="Fancy Commercial")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ1", project=project))
    session.commit()
    project.name = "Fancy Commercial Two"
    shot.name = "Shot Ten"
    assert (project.code, shot.code) == ("FANCY_COMMERCIAL", "SH010")
    session.commit()
    session.expire_all()
    loaded = db.query(Project).filter_by(name="Fancy Commercial Two").one()
    loaded.name = "Three"
    assert loaded.code == "FANCY_COMMERCIAL"


def test_a_new_objects_derived_code_follows_its_name_in_the_session(session):
    """Until it is saved, a derived code follows the name, and is checked."""
    Project(name="Taken")
    session.commit()
    project = Project(name="Fresh")
    project.name = "Fresh Name"
    assert project.code == "FRESH_NAME"
    with pytest.raises(DuplicateError):
        project.name = "Taken"
    assert (project.name, project.code) == ("Fresh Name", "FRESH_NAME")


def test_a_taken_login_given_to_a_saved_user_is_refused_at_once(session):
    """Not at the next, unrelated query; and the session goes on working."""
    make_user("ann")
    bob = make_user("bob")
    session.commit()
    with pytest.raises(DuplicateError) as error:
        bob.login_name = "ANN"
    assert "scrypt" not in str(error.value)
    assert bob.login_name == "bob"
    assert db.query(Project).count() == 0  # no autoflush error, no PendingRollback
    session.commit()


def test_early_checks_ask_only_when_the_scope_is_saved(session):
    """A new project's shots cost no query; a shot of a saved one costs one."""
    from statements import statements_of

    def code_checks(make) -> int:
        _, statements = statements_of(make)
        return sum("shots.code = " in statement for statement in statements)

    project = Project(name="Counted")
    sequence = Sequence(name="SEQ1", project=project)
    assert code_checks(lambda: Shot(name="SH010", sequence=sequence)) == 0
    session.commit()
    assert code_checks(lambda: Shot(name="SH020", sequence=sequence)) == 1


def test_a_scope_not_loaded_when_the_flush_fails_is_named_by_its_id(project, session):
    """A failed flush cannot read the name any more: the id names the scope."""
    other = Project(name="Other")
    Shot(name="SH010", sequence=Sequence(name="SEQ9", project=other))
    session.commit()
    other_id = session.execute(
        select(tables.projects.c.id).where(tables.projects.c.code == "OTHER")
    ).scalar_one()
    project.sequences[0].project = other
    with pytest.raises(DuplicateError) as error:
        session.commit()
    assert str(error.value) == (
        f"Shot.code should be unique in Project #{other_id}, not str: 'SH010'"
    )


def test_a_loaded_shot_holding_the_code_in_the_scope_refuses_it(project, session):
    """The session's own view of the saved shot confirms what the database says."""
    shot = project.sequences[0].shots[0]
    assert (shot.code, shot.sequence.project) == ("SH010", project)
    with pytest.raises(DuplicateError):
        Shot(name="SH010", sequence=project.sequences[1])


def test_other_integrity_errors_are_not_taken_for_duplicates(project, session):
    """Only unique violations of the rules become a DuplicateError."""
    task = Task(name="Layout", task_of=project.sequences[0].shots[0])
    session.commit()
    task._priority = -1  # past the setter: only the database can refuse it
    with pytest.raises(DatabaseRefusedError) as error:
        session.flush()
    assert not isinstance(error.value, DuplicateError)
    assert str(error.value).startswith("Task was refused by the database: ")
