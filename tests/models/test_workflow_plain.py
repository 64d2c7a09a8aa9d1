"""The task workflow on plain objects, in a process that never sets up a database."""

from __future__ import annotations

import json

from processes import python_lines

#: Plain objects only: a workflow list given by hand, no db.setup().
_PLAIN = """
import datetime as dt, json
from stalker import Booking, Review, Status, StatusList, Task, User
from stalker.core.models.workflow import REVIEW_STATUSES, TASK_STATUSES

task_list = StatusList(
    name="Tasks", statuses=[Status(name=n, short_name=n) for n in TASK_STATUSES]
)
task_list["CMPL"].is_done = True
review_list = StatusList(
    name="Reviews", statuses=[Status(name=n, short_name=n) for n in REVIEW_STATUSES]
)
Review.default_status_list = classmethod(lambda cls: review_list)
lead = User(login_name="lead", first_name="Lee", email="lead@s.com", password="x")
first = Task(name="First", status_list=task_list, responsible=[lead])
second = Task(name="Second", status_list=task_list, depends=[first])
start = dt.datetime(2030, 1, 7, 9, tzinfo=dt.timezone.utc)
Booking(task=first, resource=lead, start=start, end=start + dt.timedelta(hours=2))
(review,) = first.request_review()
named = Review(task=first, reviewer=lead, name="Second opinion")
steps = [first.status.short_name, second.status.short_name]
review.approve()
steps += [review.status.short_name, first.status.short_name]
named.approve()
steps += [first.status.short_name]
print(json.dumps({
    "steps": steps,
    "second": second.status.short_name,
    "reviews": [r.name for r in first.reviews],
}))
"""


def test_plain_objects_follow_the_workflow_without_a_database():
    """Without a database a task moves itself; its dependents stay as they were."""
    (printed,) = python_lines(_PLAIN)
    found = json.loads(printed)
    assert found["steps"] == ["PREV", "WFD", "APP", "PREV", "CMPL"]
    assert found["second"] == "WFD"
    assert found["reviews"] == ["First Review 1", "Second opinion"]
