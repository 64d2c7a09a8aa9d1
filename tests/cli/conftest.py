"""Fixtures of the command-line tests: a runner and a database to point it at."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from stalker.cli import cli


@pytest.fixture
def stalker(fresh_database_url, resetup) -> Callable[..., Result]:
    """Run ``stalker ARGS... --database <a new database>`` in this process."""

    def run(*args: str, input: str | None = None, database: bool = True) -> Result:
        extra = ["--database", fresh_database_url] if database else []
        return CliRunner().invoke(cli, [*args, *extra], input=input)

    run.url = fresh_database_url
    return run
