"""The `stalker` command as a real process, and what `import stalker` leaves out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib
from processes import python_lines

from stalker.db import schema

PYPROJECT = Path(__file__).parent.parent.parent / "pyproject.toml"


def _run(*command: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, capture_output=True, text=True, input=input, timeout=120, check=False
    )


def test_python_dash_m_stalker():
    """`python -m stalker --help` lists the commands and exits 0; bad usage exits 2."""
    result = _run(sys.executable, "-m", "stalker", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: stalker [OPTIONS] COMMAND")
    for command in (
        "init",
        "upgrade",
        "demo",
        "check",
        "create-structure",
        "schedule",
        "user",
    ):
        assert f"\n  {command} " in result.stdout
    assert _run(sys.executable, "-m", "stalker", "nonsense").returncode == 2


def test_the_console_script_entry_point(tmp_path):
    """The `stalker` script pyproject declares runs the command, as pip's wrapper does."""
    scripts = tomllib.loads(PYPROJECT.read_text())["project"]["scripts"]
    module, function = scripts["stalker"].split(":")
    wrapper = f"import sys; from {module} import {function}; sys.argv[0] = 'stalker'; sys.exit({function}())"
    database = f"sqlite:///{tmp_path / 'studio.db'}"
    result = _run(sys.executable, "-c", wrapper, "init", "--database", database)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{database} is ready (schema revision {schema.HEAD})\n"
    result = _run(sys.executable, "-c", wrapper, "--version")
    assert result.stdout.startswith("stalker, version ")


def test_import_stalker_imports_no_command_line_or_migration_libraries():
    """import stalker (and stalker.db) loads neither click nor Alembic nor the CLI."""
    code = (
        "import sys\n"
        "import stalker, stalker.db, stalker.config\n"
        "print(sorted(m for m in ('click', 'alembic', 'mako', 'stalker.cli', 'tomli') if m in sys.modules))\n"
    )
    assert python_lines(code) == ["[]"]
