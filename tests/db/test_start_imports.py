"""What a tool's start imports: ``import stalker`` and ``db.setup()`` of an SQLite file.

Each module left out is time a DCC tool does not wait for at its start
(``benchmarks.fresh.start_time`` times the steps).
"""

from __future__ import annotations

import json

from processes import python_lines

#: Modules a tool on SQLite does not need at its start.
LEFT_OUT = ("sqlalchemy.dialects.postgresql",)

#: The start as a tool does it, mapping first as ``benchmarks.fresh`` times it;
#: prints the modules of ``LEFT_OUT`` it loaded.
_START = """
import json, sys, warnings
warnings.simplefilter("ignore")
import stalker
from stalker import db
from stalker.db.mapper import map_classes
map_classes()
db.setup(sys.argv[1])
left_out = tuple(json.loads(sys.argv[2]))
print(json.dumps(sorted(m for m in sys.modules if m.startswith(left_out))))
"""


def _loaded_at_start(url: str) -> list[str]:
    [printed] = python_lines(_START, url, json.dumps(LEFT_OUT))
    return json.loads(printed)


def test_a_start_on_sqlite_imports_no_postgresql_dialect(tmp_path):
    """Neither a new SQLite file nor an existing one loads PostgreSQL's dialect."""
    url = f"sqlite:///{tmp_path / 'studio.db'}"

    assert _loaded_at_start(url) == []  # creates the tables and the defaults
    assert _loaded_at_start(url) == []  # opens the studio's database


def test_the_probe_sees_a_module_loaded_at_start(tmp_path):
    """The same start, with a module it does load, names that module."""
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    [printed] = python_lines(_START, url, json.dumps(["sqlalchemy.dialects.sqlite"]))

    assert "sqlalchemy.dialects.sqlite" in json.loads(printed)
