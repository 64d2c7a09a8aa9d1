"""The task hierarchy on plain objects, in a process that never sets up a database."""

from __future__ import annotations

import json

from processes import python_lines

_PLAIN = """
import datetime as dt, json
from stalker import Status, StatusList, Task
from stalker.core.models.workflow import TASK_STATUSES

tasks = StatusList(
    name="Tasks", statuses=[Status(name=n, short_name=n) for n in TASK_STATUSES]
)
hour = dt.timedelta(hours=1)
first = Task(name="First", status_list=tasks)
second = Task(name="Second", status_list=tasks)
child = Task(name="Model", parent=first, bid=2 * hour, status_list=tasks)
moved = [child.name for child in first.children]
child.parent = second
print(json.dumps({
    "first": [task.name for task in first.children],
    "second": [task.name for task in second.children],
    "before": moved,
    "bids": [str(first.bid), str(second.bid)],
}))
"""


def test_plain_parents_list_their_children_without_a_database():
    """Without a mapping, the parent's list of children follows ``child.parent``."""
    (printed,) = python_lines(_PLAIN)
    assert json.loads(printed) == {
        "first": [],
        "second": ["Model"],
        "before": ["Model"],
        "bids": ["None", "2:00:00"],
    }
