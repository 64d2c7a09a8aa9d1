"""An artist's tool saving a version: numbered, path rendered, committed."""

from __future__ import annotations

from statements import statements_of

from stalker import AssetType, Sequence, Shot, Task, TypeTemplate, User, Version, db


def save(task: Task, user: User) -> Version:
    """Save a new version of ``task`` as the tool does from Maya."""
    version = Version(task=task, created_by=user)
    db.session.flush()  # numbered
    version.update_paths("ma")
    db.session.commit()
    return version


def counted(statements: list[str]) -> list[str]:
    """The save's own statements: not the test's savepoints, nor the lock.

    PostgreSQL's lock is a statement; SQLite's was taken before the test.
    """
    skipped = ("RELEASE SAVEPOINT", "SAVEPOINT", "SELECT pg_advisory_xact_lock")
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
    """The tool holds a task and a user; each save runs 8 statements, however big.

    The default StatusList with its statuses (1), the version's number (1), its rows (2) and
    its creator (1), what rendering its path reads (1), then at the commit
    its new date_updated and paths (2).
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
    assert counts == [8, 8]


def test_saving_again_after_the_commit_takes_a_fixed_few_statements(production):
    """The commit expired everything: the next save reads it back, the chain at once.

    The task and its status (2) and the default StatusList (1) come back,
    then the number (1), the rows (2), the creator read back and set (2),
    what rendering reads (1) and the commit's updates (2).
    """
    user = User(login_name="artist", first_name="A", email="a@s.com", password="x")
    task = production.anim_task
    save(task, user)
    _, statements = statements_of(lambda: save(task, user))
    assert len(counted(statements)) == 11
    assert task.versions[-1].filename == "SH001_MAIN_v2.ma"
