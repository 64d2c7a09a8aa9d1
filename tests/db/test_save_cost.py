"""An artist's save costs what it writes, not what the session has loaded.

The same statements, the same objects expired, and no walk over the session's
identity map, whether the session is empty or holds thousands of objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from factories import make_user
from sqlalchemy import event, inspect
from statements import statements_of

from stalker import Project, Sequence, Shot, SimpleEntity, Task, User, Version, db
from stalker.db import bulk

#: Versions of another task loaded in the full session.
LOADED = 2_000
#: The most statements a save may run (a guard, not a goal).
MOST = 25
#: What walks every object of the identity map.
WALKS = ("all_states", "values", "items", "keys", "__iter__")


@pytest.fixture
def production() -> dict[str, int]:
    """Layout with LOADED versions and Anim, of one shot; the saving artist."""
    project = Project(name="Save cost")
    shot = Shot(name="SH010", sequence=Sequence(name="SEQ", project=project))
    layout, anim = Task(name="Layout", task_of=shot), Task(name="Anim", task_of=shot)
    artist = make_user("saver")
    db.session.commit()
    batch = bulk.Import()
    for _ in range(LOADED):
        batch.version(task=layout)
    batch.save()
    ids = {"task": anim.id, "artist": artist.id}
    db.session.expunge_all()
    return ids


@contextmanager
def expired_objects() -> Iterator[list[object]]:
    """The objects expired inside the block."""
    found: list[object] = []

    def note(target, attrs):
        if attrs is None:  # the whole object, as a commit does
            found.append(target)

    event.listen(SimpleEntity, "expire", note, propagate=True)
    try:
        yield found
    finally:
        event.remove(SimpleEntity, "expire", note)


@contextmanager
def identity_map_walks(monkeypatch) -> Iterator[list[str]]:
    """The calls inside the block that go through every loaded object."""
    found: list[str] = []
    identity_map = type(db.session.identity_map)
    for name in WALKS:
        walk = getattr(identity_map, name)

        def counted(self, *args, _walk=walk, _name=name, **kwargs):
            found.append(_name)
            return _walk(self, *args, **kwargs)

        monkeypatch.setattr(identity_map, name, counted)
    yield found
    monkeypatch.undo()


def _save(ids: dict[str, int], loaded: bool, monkeypatch) -> dict[str, object]:
    """An artist's save with nothing else or LOADED versions loaded: its cost."""
    db.session.expunge_all()
    held = db.query(Version).all() if loaded else []
    assert len(held) >= (LOADED if loaded else 0)
    task, artist = (
        db.session.get(Task, ids["task"]),
        db.session.get(User, ids["artist"]),
    )
    version = Version(task=task, created_by=artist, extension="ma")
    with identity_map_walks(monkeypatch) as walks, expired_objects() as expired:
        _, sent = statements_of(db.session.commit)
    return {
        # The test's savepoints are numbered on: their names differ.
        "statements": [re.sub(r"sa_savepoint_\d+", "", each) for each in sent],
        "expired": expired,
        "walks": walks,
        "version": version,
        "task": task,
        "held": held,
    }


def test_a_save_runs_the_same_statements_in_a_full_session(production, monkeypatch):
    empty = _save(production, False, monkeypatch)
    full = _save(production, True, monkeypatch)
    assert full["statements"] == empty["statements"]
    assert len(full["statements"]) <= MOST


def test_a_save_expires_only_what_it_wrote(production, monkeypatch):
    empty = _save(production, False, monkeypatch)
    full = _save(production, True, monkeypatch)
    assert len(full["expired"]) == len(empty["expired"])
    # The new version, and its task: the task's list of versions changed.
    assert set(full["expired"]) == {full["version"], full["task"]}
    assert not set(map(id, full["held"])) & set(map(id, full["expired"]))
    assert all(not inspect(version).expired for version in full["held"])


def test_a_save_never_walks_the_loaded_objects(production, monkeypatch):
    full = _save(production, True, monkeypatch)
    assert full["walks"] == []
    assert inspect(full["version"]).persistent


def test_the_walk_guard_sees_a_commit_that_expires_everything(production, monkeypatch):
    db.session().expire_on_commit = True  # as SQLAlchemy's sessions do
    full = _save(production, True, monkeypatch)
    assert full["walks"]
    assert len(full["expired"]) > LOADED
