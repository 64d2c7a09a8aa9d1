"""Running code in a fresh Python process, for tests of what a new process sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def python_lines(
    code: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> list[str]:
    """Run ``code`` in a new Python process and return the lines it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()
