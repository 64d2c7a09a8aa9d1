"""Fixtures of the login tests: a private session folder and users to log in."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stalker import User, config
from stalker.db import audit

_numbers = itertools.count(1)


@pytest.fixture
def login_folder(tmp_path, monkeypatch) -> Iterator[Path]:
    """A session folder of this test's own; the process forgets its login after."""
    folder = tmp_path / "sessions"
    monkeypatch.setattr(config.settings, "session_folder", str(folder))
    monkeypatch.setenv("STALKER_SESSION_FOLDER", str(folder))
    audit.forget()
    yield folder
    audit.forget()


@pytest.fixture
def make_user() -> Callable[..., User]:
    """Make a valid User with a login name and e-mail of its own."""

    def make(login_name: str | None = None, **kwargs) -> User:
        login_name = login_name or f"artist{next(_numbers)}"
        kwargs.setdefault("first_name", login_name.title())
        kwargs.setdefault("email", f"{login_name}@studio.com")
        kwargs.setdefault("password", "secret")
        return User(login_name=login_name, **kwargs)

    return make


@pytest.fixture
def session_file(login_folder) -> Path:
    """The file Beaker keeps the login session in."""
    return login_folder / "session.json"
