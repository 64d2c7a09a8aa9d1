"""An artist's tool saving a version: numbered and placed at the flush, committed."""

from __future__ import annotations

from statements import statements_of

from stalker import AssetType, Sequence, Shot, Task, TypeTemplate, User, Version, db


def save(task: Task, user: User) -> Version:
    """Save a new version of ``task`` as the tool does from Maya."""
    version = Version(task=task, created_by=user, extension="ma")
    db.session.commit()  # numbered and placed by its flush
    return version


def save_and_render_again(task: Task, user: User) -> Version:
    """Save as tools written before placement was automatic do."""
    version = Version(task=task, created_by=user)
    db.session.flush()  # numbered and placed
    version.update_paths("ma")
    db.session.commit()
    return version


def counted(statements: list[str]) -> list[str]:
    """The save's own statements: not the test's savepoints, nor the lock.

    PostgreSQL's lock is a statement; SQLite's was taken before the test.
    The event log's two statements per commit are counted on their own
    (``tests/db/test_events.py``).
    """
    skipped = (
        "RELEASE SAVEPOINT",
        "SAVEPOINT",
        "SELECT pg_advisory_xact_lock",
        "UPDATE event_counters",
        "INSERT INTO events",
    )
    return [s for s in statements if not s.startswith(skipped)]


def grow(production, ids: dict[str, int], shots: int) -> None:
    """Add shots with versions, and AssetTypes with templates, to the production."""
    sequence = db.session.get(Sequence, ids["sequence"])
    shot_type = db.session.get(AssetType, ids["shot_type"])
    structure = sequence.project.structure
    for n in range(shots):
        shot = Shot(name=f"More {n}", code=f"M{n}", sequence=sequence, type=shot_type)
        task = Task(name="Animation", task_of=shot)
        kind = AssetType(name=f"Kind {n}")
        structure.asset_templates.append(
            TypeTemplate(name=f"Kind {n}", path_code="k", file_code="k", type=kind)
        )
        for _ in range(3):
            Version(task=task)
    db.session.commit()


def test_saving_in_a_new_session_takes_a_fixed_few_statements(production):
    """The tool holds a task and a user; each save runs 6 statements, however big.

    The default StatusList with its statuses (1), the task's children (1: a
    version goes on a leaf task), the version's number (1), what rendering
    its path reads (1), and its rows, path and creator included (2). Placed
    before its INSERT and created by a saved user, the version needs no
    UPDATE.
    """
    user = User(login_name="artist", first_name="A", email="a@s.com", password="x")
    db.session.commit()
    ids = {
        "task": production.anim_task.id,
        "user": user.id,
        "sequence": production.sequence.id,
        "shot_type": production.shots[0].type.id,
    }
    counts = []
    for shots in (0, 20):
        grow(production, ids, shots)
        db.session.expunge_all()
        task, user = (
            db.session.get(Task, ids["task"]),
            db.session.get(User, ids["user"]),
        )
        version, statements = statements_of(
            lambda task=task, user=user: save(task, user)
        )
        counts.append(len(counted(statements)))
        version_id = version.id
        db.session.expunge_all()
        stored = db.session.get(Version, version_id)
        assert (stored.path, stored.filename) == (
            "Sequences/SEQ1/Shots/SH001/Animation",
            f"SH001_MAIN_v{len(counts)}.ma",
        )
        assert stored.created_by.login_name == "artist"
    assert counts == [6, 6]


def test_saving_again_after_the_commit_takes_a_fixed_few_statements(production):
    """The commit expired what it wrote: the next save reads the task back.

    The task (1) comes back (its status and the default StatusList stay
    loaded), then its children (1: a version goes on a leaf task), the
    number (1), what rendering reads (1) and the rows (2), with the
    creator's id known from the user's identity: no read, no UPDATE.
    """
    user = User(login_name="artist", first_name="A", email="a@s.com", password="x")
    task = production.anim_task
    save(task, user)
    _, statements = statements_of(lambda: save(task, user))
    assert len(counted(statements)) == 6
    assert task.versions[-1].filename == "SH001_MAIN_v2.ma"


def test_rendering_again_after_the_flush_costs_only_the_update(production):
    """A tool that still calls update_paths() after the flush gets the same paths.

    It pays the commit's UPDATE of the version (2) on top of the 6 above.
    """
    user = User(login_name="artist", first_name="A", email="a@s.com", password="x")
    task = production.anim_task
    save_and_render_again(task, user)
    _, statements = statements_of(lambda: save_and_render_again(task, user))
    assert len(counted(statements)) == 8
    version = task.versions[-1]
    assert (version.path, version.filename, version.extension) == (
        "Sequences/SEQ1/Shots/SH001/Animation",
        "SH001_MAIN_v2.ma",
        ".ma",
    )
