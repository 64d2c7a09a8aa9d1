"""python -m stalker.demo: repeatable, tidy, and honest about the files it names."""

from __future__ import annotations

import os
from pathlib import Path

from processes import python_lines

ROOT = Path(__file__).resolve().parent.parent


#: ``python -m stalker.demo``, with cheap password hashes for speed.
_DEMO = """
import sys, warnings
warnings.simplefilter("ignore")
from stalker import config
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
from stalker.demo import main
sys.exit(main(sys.argv[1:]))
"""


def run_demo(tmp_path: Path, *args: str) -> list[str]:
    """Run the demo in a new process whose temporary folder is ``tmp_path/tmp``."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    lines = python_lines(_DEMO, *args, cwd=tmp_path, env=env)
    assert not any("scrypt$" in line for line in lines)  # no password hash
    return lines


def saved_file(lines: list[str]) -> Path:
    """The file the demo's last line says it saved."""
    prefix, _, path = lines[-1].partition(" saved as an empty placeholder: ")
    assert prefix.startswith("Version "), lines[-1]
    return Path(path)


def test_demo_runs_twice_on_one_sqlite_file(tmp_path):
    """A second run on the same file goes on from the first; files beside the file."""
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    first = run_demo(tmp_path, "--database", url)
    second = run_demo(tmp_path, "--database", url)
    files = tmp_path / "studio-files"
    assert first[0] == second[0] == f"Database: {url}"
    assert f"Repository root: {files} (beside the database)" in first
    assert "Found the demo production of an earlier run; going on with it" in second
    assert saved_file(first) == (
        files / "DEMO/Sequences/SEQ1/Shots/SH010/Layout/SH010_Layout_MAIN_v001.ma"
    )
    assert saved_file(second) == saved_file(first).with_name(
        "SH010_Layout_MAIN_v002.ma"
    )
    assert saved_file(first).is_file()
    assert saved_file(second).is_file()
    assert second[-2] == "Created 0 folders"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_demo_leaves_no_temporary_folder(tmp_path):
    """Without a database or root the files go to a temporary folder, then away."""
    lines = run_demo(tmp_path)
    assert lines[0] == "Database: sqlite://"
    assert lines[-3].endswith(
        "(a temporary folder, removed when the demo ends: use --root to keep it)"
    )
    assert saved_file(lines).is_relative_to(tmp_path / "tmp")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_demo_runs_twice_on_the_suite_database(tmp_path, fresh_database_url):
    """Twice on one database of the suite's backend, files where the user says."""
    root = tmp_path / "files"
    args = ("--database", fresh_database_url, "--root", str(root))
    run_demo(tmp_path, *args)
    second = run_demo(tmp_path, *args)
    assert f"Repository root: {root}" in second
    assert saved_file(second).name == "SH010_Layout_MAIN_v002.ma"
    assert saved_file(second).is_file()
    assert list((tmp_path / "tmp").iterdir()) == []
