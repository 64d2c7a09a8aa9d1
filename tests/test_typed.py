"""Stalker is a typed package: studios' tools type-check against it (PEP 561)."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

PYPROJECT = (Path(__file__).parent.parent / "pyproject.toml").read_text(
    encoding="utf-8"
)


def test_the_package_has_its_py_typed_marker():
    """The stalker package in use holds the py.typed marker."""
    marker = files("stalker").joinpath("py.typed")
    assert marker.is_file()
    assert marker.read_text(encoding="utf-8") == ""


def test_the_marker_is_shipped_as_package_data():
    """setuptools puts py.typed into wheels and installs."""
    package_data = PYPROJECT.split("[tool.setuptools.package-data]\n")[1].split("\n\n")[
        0
    ]
    assert re.search(r'^"stalker" = \[[^\]]*"py\.typed"', package_data, re.M)
