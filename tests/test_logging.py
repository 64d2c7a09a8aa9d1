"""Logging through ``logging.getLogger("stalker")``: what is logged, never a secret."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from processes import python_lines
from sqlalchemy.engine import make_url

from stalker import Project, Sequence, Shot, Task, User, db
from stalker.files.folders import create_folders
from stalker.scheduler import schedule


@pytest.fixture
def log(caplog) -> pytest.LogCaptureFixture:
    """Every record logged during the test, from the DEBUG level up."""
    caplog.set_level(logging.DEBUG)
    return caplog


def stalker_lines(log: pytest.LogCaptureFixture) -> list[tuple[str, int, str]]:
    """(logger, level, message) of the records of Stalker's loggers."""
    return [
        (record.name, record.levelno, record.getMessage())
        for record in log.records
        if record.name.startswith("stalker.")
    ]


def test_the_library_adds_only_a_null_handler():
    """The ``stalker`` logger has one handler, a NullHandler, and propagates."""
    logger = logging.getLogger("stalker")
    assert [type(handler) for handler in logger.handlers] == [logging.NullHandler]
    assert logger.propagate is True
    assert logger.level == logging.NOTSET


def test_an_unconfigured_application_sees_no_log_output():
    """Without logging configured, a warning of Stalker is not printed to stderr."""
    code = (
        "import logging, sys\n"
        "import stalker\n"
        "sys.stderr = sys.stdout\n"
        "logging.getLogger('stalker.db.auth').warning('refused')\n"
        "logging.getLogger('elsewhere').warning('printed')\n"
    )
    assert python_lines(code) == ["printed"]


def test_setup_logs_the_database_without_its_password(fresh_database_url, resetup, log):
    """setup() logs the URL it set up on; a password in it shows as ***."""
    url = make_url(fresh_database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(password="s3cret-Pw")  # the test server trusts any password
    db.setup(url.render_as_string(hide_password=False))
    assert stalker_lines(log)[-1] == (
        "stalker.db",
        logging.INFO,
        f"set up on {url.render_as_string(hide_password=True)}",
    )
    assert all("s3cret-Pw" not in record.getMessage() for record in log.records)


def test_folders_created_are_logged(tmp_path, log):
    """Each folder made is a DEBUG line; the whole is one INFO line."""
    create_folders(tmp_path, ["a/b", "c"], "Structure.project_template")
    assert stalker_lines(log) == [
        ("stalker.files.folders", logging.DEBUG, f"created folder {tmp_path / 'a'}"),
        ("stalker.files.folders", logging.DEBUG, f"created folder {tmp_path / 'a/b'}"),
        ("stalker.files.folders", logging.DEBUG, f"created folder {tmp_path / 'c'}"),
        (
            "stalker.files.folders",
            logging.INFO,
            f"created 3 folder(s) under {tmp_path} for Structure.project_template",
        ),
    ]


def test_no_folder_created_logs_nothing(tmp_path, log):
    """Folders that all exist already are not reported as created."""
    (tmp_path / "a").mkdir()
    assert create_folders(tmp_path, ["a"], "Structure.project_template") == []
    assert stalker_lines(log) == []


def test_a_schedule_is_logged(log):
    """schedule() logs how many tasks of which projects it planned."""
    project = Project(name="Film", code="FILM")
    sequence = Sequence(name="SEQ", code="SEQ", project=project)
    shot = Shot(name="SH010", code="SH010", sequence=sequence)
    ann = User(login_name="ann", first_name="Ann", email="ann@s.com", password="x")
    Task(name="Layout", task_of=shot, resources=[ann], bid=dt.timedelta(hours=4))
    Task(name="Anim", task_of=shot, resources=[ann])
    schedule(project, now=dt.datetime(2030, 1, 7, 8, tzinfo=dt.timezone.utc))
    assert stalker_lines(log)[-1] == (
        "stalker.scheduler.runner",
        logging.INFO,
        "scheduled 1 task(s) of FILM, 1 unscheduled",
    )
