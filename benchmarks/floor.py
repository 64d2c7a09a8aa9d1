"""The floor: the workload's rows written with raw ``sqlite3`` ``executemany``.

The database is made by ``stalker.db.setup()`` (same tables, indexes,
constraints and default statuses as Stalker's); then plain ``sqlite3`` writes
the same rows Stalker writes, with ids counted in Python. Nothing is
validated: this is the least any writer of these rows can cost.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator

from benchmarks.workload import BID, STEPS, VERSIONS_PER_TASK, Workload

_EPOCH = dt.datetime(1970, 1, 1)
_PASSWORD = (
    "scrypt$16$1$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
)


class _Rows:
    """Rows per table, and the next free id."""

    def __init__(self, next_id: int, now: str) -> None:
        self.next_id = next_id
        self.now = now
        self.tables: dict[str, list[tuple]] = defaultdict(list)

    def entity(self, kind: str, name: str, code: str, by: int | None = None) -> int:
        """Add the ``simple_entities`` row of a new object; return its id."""
        new_id = self.next_id
        self.next_id += 1
        self.tables["simple_entities"].append(
            (new_id, kind, name, code, "", by, by, self.now, self.now, 1)
        )
        return new_id


def _status_ids(conn: sqlite3.Connection) -> dict[str, tuple[int, list[int]]]:
    """Each default StatusList's id and its status ids, in order, by class."""
    found: dict[str, tuple[int, list[int]]] = {}
    for target, list_id in conn.execute(
        "SELECT target_entity_type, id FROM status_lists"
        " WHERE target_entity_type IS NOT NULL"
    ):
        statuses = [
            row[0]
            for row in conn.execute(
                "SELECT status_id FROM status_list_statuses"
                " WHERE status_list_id = ? ORDER BY position",
                (list_id,),
            )
        ]
        found[target] = (list_id, statuses)
    return found


def _rows(workload: Workload, statuses, next_id: int) -> _Rows:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(" ")
    rows = _Rows(next_id, now)
    t = rows.tables
    users = []
    for name in workload.user_names():
        uid = rows.entity("User", name, name.upper())
        t["users"].append((uid, name, name, "", f"{name}@studio.com", _PASSWORD))
        users.append(uid)
    steps = []
    for step in STEPS:
        sid = rows.entity("PipelineStep", step, step.upper())
        t["pipeline_steps"].append((sid,))
        steps.append(sid)
    shot_type = rows.entity("AssetType", "Shot", "SHOT")
    character = rows.entity("AssetType", "Character", "CHARACTER")
    t["asset_types"] += [(shot_type,), (character,)]
    t["asset_type_steps"] += [(shot_type, s, i) for i, s in enumerate(steps)]
    t["asset_type_steps"].append((character, steps[0], 0))

    def statused(cls: str, index: int = 0) -> tuple[int, int]:
        list_id, ids = statuses[cls]
        return ids[index], list_id

    name = f"Bench {workload.shots}"
    code = name.upper().replace(" ", "_")
    project = rows.entity("Project", name, code)
    t["projects"].append((project, *statused("Project"), 25.0, code))
    t["project_users"] += [(project, u) for u in users]
    sequences = []
    for name in workload.sequence_names():
        sid = rows.entity("Sequence", name, name)
        t["sequences"].append((sid, *statused("Sequence"), project, name))
        sequences.append(sid)
    for name in workload.asset_names():
        aid = rows.entity("Asset", name, name.upper())
        t["assets"].append((aid, *statused("Asset"), character, project, name.upper()))
    bid = str(_EPOCH + BID)
    for index, sequence_index, name in workload.shot_rows():
        shot = rows.entity("Shot", name, name)
        t["shots"].append(
            (
                shot,
                *statused("Shot"),
                shot_type,
                sequences[sequence_index],
                project,
                name,
            )
        )
        previous = None
        for step_index, step in enumerate(STEPS):
            user = users[workload.resource_of(index, step_index)]
            task = rows.entity("Task", step, step.upper(), user)
            status = statused("Task", workload.status_of(index, step_index))
            t["tasks"].append((task, *status, bid, 500, steps[step_index], shot, step))
            t["task_resources"].append((task, user))
            if previous is not None:
                t["task_dependencies"].append((task, previous))
            for number in range(1, VERSIONS_PER_TASK + 1):
                vid = rows.entity(
                    "Version", f"{step} MAIN", f"{step.upper()}_MAIN", user
                )
                t["versions"].append((vid, *statused("Version"), task, "MAIN", number))
            previous = task
    return rows


_COLUMNS = {
    "simple_entities": "id, entity_type, name, code, description, created_by_id,"
    " updated_by_id, date_created, date_updated, version_id",
    "users": "id, login_name, first_name, last_name, email, password",
    "projects": "id, status_id, status_list_id, fps, code",
    "sequences": "id, status_id, status_list_id, project_id, code",
    "assets": "id, status_id, status_list_id, type_id, project_id, code",
    "shots": "id, status_id, status_list_id, type_id, sequence_id, project_id, code",
    "tasks": "id, status_id, status_list_id, bid, priority, pipeline_step_id,"
    " task_of_id, name",
    "task_dependencies": "task_id, depends_on_id",
    "versions": "id, status_id, status_list_id, task_id, take, version_number",
}
#: Versions get empty path and filename until issue 3 renders them.
_CONSTANTS = {"versions": ", '', ''"}


def _statements(rows: _Rows) -> Iterator[tuple[str, list[tuple]]]:
    for table, values in rows.tables.items():
        width = len(values[0])
        columns = _COLUMNS.get(table)
        target = (
            f"{table} ({columns}{', path, filename' if table in _CONSTANTS else ''})"
            if columns
            else table
        )
        marks = ", ".join("?" * width) + _CONSTANTS.get(table, "")
        yield f"INSERT INTO {target} VALUES ({marks})", values


def write(path: str, workload: Workload) -> dict[str, int]:
    """Write the workload's rows into the Stalker database at ``path``; count them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    statuses = _status_ids(conn)
    conn.execute("BEGIN IMMEDIATE")
    # simple_entities rows name their creators before the users rows exist.
    conn.execute("PRAGMA defer_foreign_keys=ON")
    (last,) = conn.execute("SELECT max(id) FROM simple_entities").fetchone()
    rows = _rows(workload, statuses, last + 1)
    for statement, values in _statements(rows):
        conn.executemany(statement, values)
    conn.execute("COMMIT")
    conn.close()
    return {table: len(values) for table, values in rows.tables.items()}


def one_commit(path: str, times: int) -> float:
    """The median time, in ms, raw sqlite3 takes to commit one small row at ``path``.

    The least a durable save into that file can cost on this disk.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, x)")
    seconds = []
    for number in range(times):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO bench_floor (x) VALUES (?)", (number,))
        conn.execute("COMMIT")
        seconds.append(time.perf_counter() - start)
    conn.close()
    return statistics.median(seconds) * 1000
