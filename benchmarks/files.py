"""Give a built production its file layout (issue 3) and render version paths."""

from __future__ import annotations

from sqlalchemy import select

import stalker
from benchmarks.workload import REPOSITORY_ROOTS

ROOTS = {
    "linux_path": REPOSITORY_ROOTS["linux"],
    "windows_path": REPOSITORY_ROOTS["windows"],
    "osx_path": REPOSITORY_ROOTS["macos"],
}
SHOT_PATH = "Sequences/{{ sequence.code }}/Shots/{{ shot.code }}/{{ task.name }}"
SHOT_FILE = (
    "{{ shot.code }}_{{ task.name }}_{{ take }}"
    "_v{{ '%03d'|format(version.version_number) }}"
)


def lay_out(project: stalker.Project) -> None:
    """Give the project a repository and a structure with a Shot TypeTemplate."""
    shot_type = stalker.db.session.scalars(
        select(stalker.AssetType).where(stalker.AssetType.name == "Shot")
    ).one()
    template = stalker.TypeTemplate(
        name="Shot", path_code=SHOT_PATH, file_code=SHOT_FILE, type=shot_type
    )
    project.repository = stalker.Repository(name="Bench", **ROOTS)
    project.structure = stalker.Structure(
        name="Bench Structure", project_template="", asset_templates=[template]
    )


def load_versions() -> list[stalker.Version]:
    """Every version, with what rendering reads already in the identity map."""
    session = stalker.db.session
    for cls in (stalker.Sequence, stalker.Shot, stalker.Task, stalker.User):
        session.scalars(select(cls)).all()
    versions = list(session.scalars(select(stalker.Version)))
    for version in versions:  # load each version's task, shot, type and project once
        shot = version.task.task_of
        _ = shot.type, shot.project.structure.asset_templates
    return versions
