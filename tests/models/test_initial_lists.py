"""The lists a new object starts with: empty for plain objects and mapped ones alike."""

from __future__ import annotations

import json

import pytest
from factories import a_shot
from processes import python_lines
from sqlalchemy import inspect

from stalker import Entity, Link, LinkType, Tag, Task, User, Version
from stalker.exceptions import ValidationTypeError

_PLAIN = """
import json
import stalker
statuses = stalker.StatusList(
    name="Tasks", statuses=[stalker.Status(name="New", short_name="NEW")],
    target_entity_type="Task",
)
versions = stalker.StatusList(
    name="Versions", statuses=[stalker.Status(name="New", short_name="NEW")],
    target_entity_type="Version",
)
user = stalker.User(login_name="u", first_name="U", email="u@x.com", password="x")
first = stalker.Task(name="First", status_list=statuses)
second = stalker.Task(name="Second", status_list=statuses)
version = stalker.Version(task=first, status_list=versions)
first.tags.append(stalker.Tag(name="Only"))
print(json.dumps({
    "task": [len(getattr(first, name)) for name in (
        "comments", "resources", "alternative_resources", "computed_resources",
        "depends", "dependencies", "versions", "bookings")],
    "other_tags": len(second.tags),
    "first_tags": len(first.tags),
    "version": [len(version.outputs), len(version.tags), len(version.comments)],
    "version_named": [version.name, version.code, version.version_number],
    "user": [len(getattr(user, name)) for name in (
        "tags", "comments", "bookings", "tasks", "projects", "permission_groups")],
}))
"""


def test_plain_objects_start_with_their_own_empty_lists():
    """Without a database every list exists, is empty and belongs to one object."""
    report = json.loads("\n".join(python_lines(_PLAIN)))
    assert report["task"] == [0] * 8
    assert (report["first_tags"], report["other_tags"]) == (1, 0)
    assert report["version"] == [0, 0, 0]
    assert report["version_named"] == ["First MAIN", "FIRST_MAIN", None]
    assert report["user"] == [0] * 6


def test_a_mapped_new_object_leaves_its_empty_lists_untouched(session):
    """Empty lists are not built at construction; the mapping reads them as empty."""
    task = Task(task_of=a_shot(), name="Layout")
    version = Version(task=task)
    assert {"_tags", "_comments", "_outputs"} <= inspect(version).unloaded
    assert {
        "_tags",
        "_comments",
        "_resources",
        "_alternative_resources",
        "_computed_resources",
        "_bookings",
    } <= inspect(task).unloaded
    assert (version.outputs, version.tags, task.resources, task.bookings) == (
        [],
        [],
        [],
        [],
    )


def test_lists_left_untouched_still_take_elements(session):
    """Appending to a list left untouched at construction persists."""
    user = User(login_name="art", first_name="Art", email="a@b.com", password="x")
    task = Task(task_of=a_shot(), name="Layout")
    version = Version(task=task)
    task.resources.append(user)
    render = LinkType(name="Render")
    version.outputs.append(
        Link(name="Render", path="/renders", filename="a.exr", type=render)
    )
    version.tags.append(Tag(name="Hero"))
    session.commit()
    session.expire_all()
    assert [u.login_name for u in task.resources] == ["art"]
    assert [link.filename for link in version.outputs] == ["a.exr"]
    assert [tag.name for tag in version.tags] == ["Hero"]


@pytest.mark.parametrize("given", [None, [], ()])
def test_empty_values_give_an_empty_list(session, given):
    """None, an empty list and an empty tuple all mean no elements."""
    assert Entity(name="Empty", tags=given).tags == []


@pytest.mark.parametrize("given", [0, "", {}, False])
def test_falsy_non_lists_are_still_refused(session, given):
    """A falsy value that is not a list is refused as before, not taken for empty."""
    with pytest.raises(ValidationTypeError) as error:
        Entity(name="Wrong", tags=given)
    assert str(error.value).startswith("Entity.tags should be a list of Tag instances")
