"""Audit: created_by, updated_by and date_updated filled in while someone is logged in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from stalker import Project, Sequence, Tag, User, db
from stalker.db import audit, auth, tables
from stalker.exceptions import UnsafeSessionFolderError

pytestmark = pytest.mark.usefixtures("login_folder")

UTC = dt.timezone.utc
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def artist(session, make_user) -> User:
    user = make_user("artist")
    session.commit()
    return user


@pytest.fixture
def old_project(session) -> Project:
    """A project committed long ago by nobody."""
    project = Project(name="Old", date_created=LONG_AGO, date_updated=LONG_AGO)
    session.commit()
    return project


def test_new_objects_record_the_logged_in_user(artist):
    """Objects made while logged in have the user as created_by and updated_by."""
    auth.login(artist)
    project = Project(name="Fancy Commercial")
    assert project.created_by is artist
    assert project.updated_by is artist


def test_an_explicit_creator_wins(artist, session):
    """created_by given by the caller is kept."""
    admin = session.query(User).filter_by(login_name="admin").one()
    auth.login(artist)
    project = Project(name="Made For Admin", created_by=admin)
    assert (project.created_by, project.updated_by) == (admin, admin)


def test_changed_objects_record_the_user_and_the_time(artist, old_project, session):
    """A change flushed while logged in sets updated_by and moves date_updated."""
    auth.login(artist)
    before = dt.datetime.now(UTC)
    old_project.description = "Changed"
    session.commit()
    assert old_project.updated_by is artist
    assert old_project.created_by is None
    assert before <= old_project.date_updated <= dt.datetime.now(UTC)
    session.expire_all()
    assert old_project.updated_by is artist


def test_collection_changes_count_as_changes(artist, old_project, session):
    """Tagging an object is a change of that object."""
    auth.login(artist)
    old_project.tags.append(Tag(name="Urgent"))
    session.commit()
    assert old_project.updated_by is artist
    assert old_project.date_updated > LONG_AGO


def test_work_added_under_an_object_is_no_change_of_it(artist, old_project, session):
    """A sequence added to a loaded list of a project changes the sequence only.

    The new row holds the link; the project's row, stamp and version counter
    stay, so processes adding work under one object do not refuse each other
    as stale edits.
    """
    auth.login(artist)
    assert old_project.sequences == []
    Sequence(name="SEQ1", project=old_project)
    session.commit()
    assert old_project.date_updated == LONG_AGO
    assert old_project.updated_by is None
    assert (
        session.scalar(
            select(tables.simple_entities.c.version_id).where(
                tables.simple_entities.c.id == old_project.id
            )
        )
        == 1
    )


def test_date_updated_moves_without_a_login(old_project, session):
    """Without a login, date_updated still moves and updated_by stays."""
    old_project.description = "Changed"
    session.commit()
    assert old_project.date_updated > LONG_AGO
    assert old_project.updated_by is None


def test_date_updated_moves_at_each_change(old_project, session):
    """Every flushed change moves date_updated forward."""
    stamps = []
    for text in ("one", "two", "three"):
        old_project.description = text
        session.commit()
        stamps.append(old_project.date_updated)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 3


def test_an_unchanged_object_keeps_its_stamp(artist, old_project, session):
    """Setting a value to what it was is no change: nothing moves."""
    auth.login(artist)
    old_project.description = old_project.description
    session.commit()
    assert old_project.date_updated == LONG_AGO
    assert old_project.updated_by is None


def test_values_the_caller_sets_are_kept(artist, old_project, session):
    """An explicit updated_by or date_updated in the same change is respected."""
    admin = session.query(User).filter_by(login_name="admin").one()
    stamp = dt.datetime(2021, 6, 1, tzinfo=UTC)
    auth.login(artist)
    session.refresh(old_project)  # loaded: the three changes go in one flush
    old_project.description = "Changed by admin"
    old_project.updated_by = admin
    old_project.date_updated = stamp
    session.commit()
    assert (old_project.updated_by, old_project.date_updated) == (admin, stamp)


def test_changing_only_the_audit_fields_is_not_recorded(artist, old_project, session):
    """Setting updated_by alone is not stamped with the time or the login."""
    admin = session.query(User).filter_by(login_name="admin").one()
    auth.login(artist)
    old_project.updated_by = admin
    session.commit()
    assert (old_project.updated_by, old_project.date_updated) == (admin, LONG_AGO)


def test_a_future_creation_date_is_not_contradicted(session):
    """date_updated never goes before date_created, even if that is in the future."""
    future = dt.datetime.now(UTC) + dt.timedelta(days=1)
    project = Project(name="Planned", date_created=future)
    session.commit()
    project.description = "Changed"
    session.commit()
    assert project.date_updated == future


def test_after_logout_nobody_is_recorded(artist, old_project, session):
    """Once logged out, new objects have no creator and changes no updater."""
    auth.login(artist)
    auth.logout()
    assert Project(name="Anonymous").created_by is None
    old_project.description = "Changed"
    session.commit()
    assert old_project.updated_by is None


def test_the_login_is_found_on_disk_when_first_needed(artist):
    """A process that has not asked yet reads the stored login for the audit."""
    auth.login(artist)
    audit.forget()
    assert Project(name="Found").created_by is artist


def test_a_login_in_another_database_is_nobody_here(artist, session):
    """A stored user id whose token this database lacks records nobody."""
    auth.login(artist)
    stored = auth.create_session()
    stored["token"] = "from another database"
    stored.save()
    audit.forget()
    assert Project(name="Unknown").created_by is None


@pytest.fixture
def unsafe_folder(login_folder):
    """A session folder others can open (mode 755), made by another tool."""
    login_folder.mkdir(mode=0o755)
    login_folder.chmod(0o755)
    audit.forget()
    return login_folder


def test_an_unsafe_session_folder_means_nobody_for_the_audit(
    unsafe_folder, session, caplog
):
    """Objects are made and committed, recorded as by nobody; the log says why."""
    project = Project(name="Unaudited")
    session.commit()
    assert project.created_by is None
    assert "objects are recorded as made by nobody" in caplog.text
    assert str(unsafe_folder) in caplog.text


def test_an_unsafe_session_folder_still_stops_the_logins(unsafe_folder, artist):
    """authenticate, login and get_user refuse with the clear error."""
    for call in (
        auth.get_user,
        lambda: auth.login(artist),
        lambda: auth.authenticate("artist", "secret"),
    ):
        with pytest.raises(UnsafeSessionFolderError, match="can be opened by others"):
            call()


def test_setup_of_a_new_database_works_with_an_unsafe_folder(
    unsafe_folder, fresh_database_url, resetup
):
    """db.setup() creates the admin of a new database whatever the folder is."""
    db.setup(fresh_database_url)
    admin = db.session.scalars(select(User).filter_by(login_name="admin")).one()
    assert admin.created_by is None
