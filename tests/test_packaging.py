"""The SQLAlchemy floor pyproject.toml states is the one tox and CI test at."""

from __future__ import annotations

import configparser
import re
import subprocess
from pathlib import Path

import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent


def sqlalchemy_floor() -> str:
    """The lowest SQLAlchemy version the package's dependencies allow."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    (floor,) = re.findall(r'"SQLAlchemy>=([0-9.]+),<[0-9.]+"', text)
    return floor


def test_floor_has_insert_sentinel():
    """2.0.0 to 2.0.9 lack insert_sentinel, which the schema imports."""
    assert tuple(int(part) for part in sqlalchemy_floor().split(".")) >= (2, 0, 10)
    assert hasattr(sqlalchemy, "insert_sentinel")


def test_tox_pins_the_floor():
    """tox's sqla20 environment runs the suite at exactly the floor."""
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini")
    deps = [line for line in tox["testenv:sqla20"]["deps"].split("\n") if line]
    assert deps == [f"SQLAlchemy=={sqlalchemy_floor()}"]
    assert "sqla20" in tox["tox"]["env_list"]


def test_ci_reads_the_same_floor():
    """.ci/run's sed expression finds the floor pyproject.toml states."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    (expression,) = re.findall(
        r"SQLA_FLOOR=\"\$\(sed -n '([^']+)' pyproject.toml\)\"", script
    )
    found = subprocess.run(
        ["sed", "-n", expression, str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == sqlalchemy_floor()
    assert "pytest -q --no-cov" in script
