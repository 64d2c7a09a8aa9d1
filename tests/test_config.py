"""stalker.config: defaults, the TOML file, STALKER_* variables, and their errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from processes import python_lines

from stalker import Project, StatusList, config, db
from stalker.exceptions import ConfigError

EXAMPLE = """
database = "sqlite:///studio.db"
studio_timezone = "Europe/Istanbul"
lock_timeout = 30
login_lifetime = { days = 1, hours = 12 }
holidays = [2030-04-23, "2030-12-25"]
default_statuses = [["New", "NEW"], ["Approved", "APP"]]

[password_policy]
n = 16384

[working_hours]
friday = [["09:00", "13:00"]]
saturday = [[10:00:00, 14:00:00]]

[default_status_lists]
project = ["NEW", "APP"]
"""


@pytest.fixture
def config_file(tmp_path):
    """Write a config file and return a loader that reads only it."""
    path = tmp_path / "config.toml"

    def load(text: str, **variables: str) -> config.Settings:
        path.write_text(text)
        return config.load({"STALKER_CONFIG": str(path), **variables})

    load.path = path
    return load


def test_defaults_without_file_or_variables(tmp_path, monkeypatch):
    """No file at ~/.stalker/config.toml and no variables: the dataclass defaults."""
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.load({}) == config.Settings()
    assert config.config_file({}) == tmp_path / ".stalker" / "config.toml"


def test_the_home_file_is_read(tmp_path, monkeypatch):
    """~/.stalker/config.toml is read when it exists."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".stalker").mkdir()
    (tmp_path / ".stalker" / "config.toml").write_text('admin_login = "boss"\n')
    assert config.load({}).admin_login == "boss"


def test_every_kind_of_setting_from_the_file(config_file):
    """Text, numbers, durations, dates, times, pairs and tables, as their types."""
    settings = config_file(EXAMPLE)
    assert settings.database == "sqlite:///studio.db"
    assert settings.studio_timezone == "Europe/Istanbul"
    assert settings.lock_timeout == 30.0
    assert isinstance(settings.lock_timeout, float)
    assert settings.login_lifetime == dt.timedelta(days=1, hours=12)
    assert settings.holidays == (dt.date(2030, 4, 23), dt.date(2030, 12, 25))
    assert settings.default_statuses == (("New", "NEW"), ("Approved", "APP"))
    assert settings.password_policy == config.PasswordPolicy(n=16384)
    week = settings.working_hours.periods()
    assert week[0] == [(dt.time(9), dt.time(18))]  # a table gives only what changes
    assert week[4] == [(dt.time(9), dt.time(13))]
    assert week[5] == [(dt.time(10), dt.time(14))]
    assert week[6] == []
    assert settings.default_status_lists.project == ("NEW", "APP")
    assert settings.default_status_lists.version == config.StatusLists().version


def test_every_setting_can_be_given_as_a_variable():
    """Each field of Settings is read from STALKER_<NAME>; the dataclass is the list."""
    defaults = config.Settings()
    for item in dataclasses.fields(config.Settings):
        default = getattr(defaults, item.name)
        raw = _as_toml(default)
        variable = f"STALKER_{item.name.upper()}"
        assert getattr(config.load({variable: raw}), item.name) == default, variable


def _as_toml(value) -> str:
    """``value`` written as the variable of its setting would hold it."""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        items = (
            f"{k} = {_as_toml_value(v)}" for k, v in dataclasses.asdict(value).items()
        )
        return "{" + ", ".join(items) + "}"
    return _as_toml_value(value)


def _as_toml_value(value) -> str:
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    if isinstance(value, (dt.time, dt.date)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_as_toml_value(v) for v in value) + "]"
    return json.dumps(value)


def test_variables_win_over_the_file(config_file):
    """STALKER_<NAME> is applied after the file, for plain and structured settings."""
    settings = config_file(
        EXAMPLE,
        STALKER_LOCK_TIMEOUT="5",
        STALKER_LOGIN_LIFETIME="3600",
        STALKER_ADMIN_LOGIN="boss",
        STALKER_PASSWORD_POLICY="{r = 4}",
    )
    assert settings.lock_timeout == 5.0
    assert settings.login_lifetime == dt.timedelta(hours=1)
    assert settings.admin_login == "boss"
    assert settings.password_policy == config.PasswordPolicy(n=16384, r=4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1", "unknown setting 'colour'"),
        ("[password_policy]\nsalt = 1", "unknown setting 'password_policy.salt'"),
        (
            "lock_timeout = 'slow'",
            "lock_timeout should be a number, not str: 'slow'",
        ),
        (
            "lock_timeout = true",
            "lock_timeout should be a number, not bool: True",
        ),
        ("admin_login = 7", "admin_login should be a string, not int: 7"),
        (
            "[password_policy]\nn = 1.5",
            "password_policy.n should be an integer, not float: 1.5",
        ),
        ("password_policy = 3", "password_policy should be a table, not int: 3"),
        (
            "login_lifetime = { years = 1 }",
            "login_lifetime should be a number of seconds or a table of weeks, days, hours, minutes, seconds, not dict: {'years': 1}",
        ),
        (
            "login_lifetime = { days = 'x' }",
            "login_lifetime.days should be a number, not str: 'x'",
        ),
        (
            "login_lifetime = '1d'",
            "login_lifetime should be a number of seconds or a table",
        ),
        (
            "holidays = [2030-01-01T10:00:00]",
            "holidays[0] should be a date (2030-12-25), not datetime",
        ),
        (
            "holidays = ['soon']",
            "holidays[0] should be a date (2030-12-25), not str: 'soon'",
        ),
        ("holidays = '2030-01-01'", "holidays should be a list, not str"),
        (
            "default_statuses = [['New']]",
            "default_statuses[0] should be a list of 2 items, not list: ['New']",
        ),
        (
            "[working_hours]\nmonday = [['9am', '5pm']]",
            "working_hours.monday[0][0] should be a time of day (09:30), not str: '9am'",
        ),
        (
            "[working_hours]\nmonday = [[9, 17]]",
            "working_hours.monday[0][0] should be a time of day (09:30), not int: 9",
        ),
        ("admin_password = 123456", "admin_password should be a string, not int"),
        (
            "database = ['postgresql://u:secret@h/db']",
            "database should be a string, not list",
        ),
        ("holidays = [", "not valid TOML"),
    ],
)
def test_wrong_values_name_the_file_and_key(config_file, text, message):
    """A wrong type or unknown key is a ConfigError naming the file and the key."""
    with pytest.raises(ConfigError) as raised:
        config_file(text)
    assert str(raised.value).startswith(f"{config_file.path}: ")
    assert message in str(raised.value)
    assert "123456" not in str(raised.value) and "secret" not in str(raised.value)


def test_wrong_variables_name_the_variable():
    """A wrong STALKER_<NAME> is a ConfigError naming the variable and the key."""
    with pytest.raises(
        ConfigError,
        match=r"^STALKER_LOCK_TIMEOUT: lock_timeout should be a number",
    ):
        config.load({"STALKER_LOCK_TIMEOUT": "'slow'"})
    with pytest.raises(ConfigError, match=r"^STALKER_LOGIN_LIFETIME: not a TOML value"):
        config.load({"STALKER_LOGIN_LIFETIME": "a week"})


def test_a_named_file_must_exist(tmp_path):
    """STALKER_CONFIG naming a missing file is an error, not a silent default."""
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match=f"^{missing}: cannot be read"):
        config.load({"STALKER_CONFIG": str(missing)})


def test_the_file_is_never_executed(config_file, tmp_path):
    """Python in the file is not run: it is not TOML."""
    marker = tmp_path / "ran"
    with pytest.raises(ConfigError, match="not valid TOML"):
        config_file(f"import pathlib; pathlib.Path({str(marker)!r}).touch()")
    assert not marker.exists()


def test_settings_at_import_come_from_the_file(tmp_path):
    """stalker.config.settings in a new process reads STALKER_CONFIG and variables."""
    path = tmp_path / "config.toml"
    path.write_text(
        "lock_timeout = 12\n[working_hours]\nsunday = [['10:00', '12:00']]\n"
    )
    code = (
        "import os, sys\n"
        "os.environ['STALKER_CONFIG'] = sys.argv[1]\n"
        "os.environ['STALKER_LOGIN_LIFETIME'] = '{minutes = 5}'\n"
        "from stalker.config import settings\n"
        "from stalker.scheduler import WorkingHours\n"
        "print(settings.lock_timeout, settings.login_lifetime)\n"
        "print(WorkingHours().periods[6])\n"
    )
    assert python_lines(code, str(path)) == [
        "12.0 0:05:00",
        "[(datetime.time(10, 0), datetime.time(12, 0))]",
    ]


def test_changed_default_statuses_work(fresh_database_url, resetup, monkeypatch):
    """A studio's own statuses and lists: setup() uses them, no KeyError."""
    monkeypatch.setattr(
        config.settings, "default_statuses", (("Open", "OPN"), ("Done", "DONE"))
    )
    monkeypatch.setattr(
        config.settings,
        "default_status_lists",
        config.StatusLists(*[("OPN", "DONE")] * 7),
    )
    db.setup(fresh_database_url)
    project_list = db.query(StatusList).filter_by(target_entity_type="Project").one()
    assert [s.short_name for s in project_list.statuses] == ["OPN", "DONE"]
    assert Project(name="Film").status.short_name == "OPN"
    db.session.rollback()


def test_a_list_naming_a_missing_status_is_a_config_error(
    fresh_database_url, resetup, monkeypatch
):
    """Removing a status still named by a default list says which setting to change."""
    statuses = tuple(s for s in config.settings.default_statuses if s[1] != "OH")
    monkeypatch.setattr(config.settings, "default_statuses", statuses)
    with pytest.raises(
        ConfigError, match=r"default_status_lists\.project names the status 'OH'"
    ):
        db.setup(fresh_database_url)


def test_the_readme_example_loads(tmp_path):
    """The configuration file shown in the README is valid, key by key."""
    from test_readme import code_blocks, section

    (example,) = code_blocks(section("Configuration"), "toml")
    path = tmp_path / "config.toml"
    path.write_text(example)
    settings = config.load({"STALKER_CONFIG": str(path)})
    assert settings.password_policy.n == 65536
    assert settings.working_hours.saturday == ((dt.time(10), dt.time(14)),)
    assert settings.default_status_lists.version == ("NEW", "WIP", "PREV", "CMPL")


def test_new_kinds_of_fields_convert_too():
    """true/false and `X | None` fields (a future setting) are read like the rest."""

    @dataclasses.dataclass
    class Future:
        enabled: bool = False
        lock_timeout: float | None = None

    changed = config._table(
        {"enabled": True, "lock_timeout": 3}, Future, Future(), "f.toml", ""
    )
    assert changed == Future(enabled=True, lock_timeout=3.0)
    with pytest.raises(
        ConfigError, match=r"^f\.toml: enabled should be true or false, not str: 'yes'$"
    ):
        config._table({"enabled": "yes"}, Future, Future(), "f.toml", "")
