"""Build a small production end to end and print what was done.

Run it with ``python -m stalker.demo``; ``--database`` takes any SQLAlchemy
URL (default: an SQLite file in a new temporary folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import warnings
from collections.abc import Sequence as Args
from pathlib import Path

from stalker import (
    AssetType,
    Department,
    ImageFormat,
    PipelineStep,
    Project,
    Repository,
    Sequence,
    Shot,
    Structure,
    Task,
    TypeTemplate,
    User,
    Version,
    db,
)
from stalker.exceptions import DefaultAdminPasswordWarning

STEPS = ("Layout", "Animation", "Lighting", "Compositing")

PROJECT_TEMPLATE = """
{{ project.code }}
{{ project.code }}/Assets
{% for sequence in project.sequences %}
  {% set seq_path = project.code ~ '/Sequences/' ~ sequence.code %}
  {{ seq_path }}/Edit
  {% for shot in sequence.shots %}
    {{ seq_path }}/Shots/{{ shot.code }}
  {% endfor %}
{% endfor %}
"""

SHOT_PATH = "Sequences/{{ sequence.code }}/Shots/{{ shot.code }}/{{ task.name }}"
SHOT_FILE = (
    "{{ shot.code }}_{{ task.name }}_{{ take }}_v{{ '%03d' % version.version_number }}"
)


def build_production(root: Path) -> Project:
    """Create users, a project with a sequence of shots, chained tasks and versions."""
    lead = User(
        login_name="lead",
        first_name="Lee",
        last_name="Lead",
        email="lead@studio.example",
        password="change me",
    )
    artist = User(
        login_name="artist",
        first_name="Ari",
        last_name="Artist",
        email="artist@studio.example",
        password="change me too",
    )
    Department(name="Animation", members=[lead, artist], lead=lead)
    steps = [PipelineStep(name=name) for name in STEPS]
    shot_type = AssetType(name="Shot", steps=steps)
    structure = Structure(
        name="Commercials",
        project_template=PROJECT_TEMPLATE,
        asset_templates=[
            TypeTemplate(
                name="Shot Files",
                path_code=SHOT_PATH,
                file_code=SHOT_FILE,
                type=shot_type,
            )
        ],
    )
    project = Project(
        name="Demo Commercial",
        code="DEMO",
        image_format=ImageFormat(name="HD 1080", width=1920, height=1080),
        fps=25,
        lead=lead,
        users=[lead, artist],
        structure=structure,
        repository=Repository(
            name="Demo Server", **{Repository.root_attribute(): str(root)}
        ),
    )
    sequence = Sequence(name="Sequence 1", code="SEQ1", project=project, lead=lead)
    for number in (10, 20, 30):
        shot = Shot(name=f"Shot {number}", code=f"SH{number:03}", type=shot_type)
        sequence.shots.append(shot)
        previous = None
        for step in steps:
            task = Task(
                name=step.name,
                pipeline_step=step,
                resources=[artist],
                bid=dt.timedelta(days=1),
                depends=[previous] if previous else [],
            )
            shot.tasks.append(task)
            previous = task
        Version(task=shot.tasks[0], created_by=artist)
    db.session.flush()  # numbers the versions
    for version in db.query(Version):
        version.update_paths("ma")
    db.session.commit()
    return project


def describe(project: Project) -> list[str]:
    """Return readable lines about a production."""
    lines = [
        f"Project {project.name!r} ({project.code}), {project.fps:g} fps, "
        f"{project.image_format.width}x{project.image_format.height}, "
        f"lead {project.lead.login_name}, status {project.status.name}",
    ]
    for sequence in project.sequences:
        lines.append(f"  Sequence {sequence.code}: {len(sequence.shots)} shots")
        for shot in sequence.shots:
            chain = " -> ".join(task.name for task in shot.tasks)
            versions = sum(len(task.versions) for task in shot.tasks)
            lines.append(f"    {shot.code}: {chain}; {versions} version(s)")
    return lines


def main(argv: Args[str] | None = None) -> int:
    """Run the demo; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m stalker.demo", description=__doc__)
    parser.add_argument(
        "--database", help="SQLAlchemy URL (default: a new SQLite file)"
    )
    parser.add_argument("--root", type=Path, help="folder for the project's files")
    args = parser.parse_args(argv)
    workspace = Path(tempfile.mkdtemp(prefix="stalker-demo-"))
    root = args.root or workspace / "projects"
    root.mkdir(parents=True, exist_ok=True)
    database = args.database or f"sqlite:///{workspace / 'studio.db'}"
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", DefaultAdminPasswordWarning)
        db.setup(database)
    print(f"Database: {database}")
    if args.database:  # the demo's own database is thrown away: no note for it
        for note in notes:
            print(f"Note: {note.message}")
    project = build_production(root)
    for line in describe(project):
        print(line)
    print(f"Repository root: {project.repository.path}")
    folders = project.create_structure()
    print(f"Created {len(folders)} folders, for example {folders[-1]}")
    version = project.sequences[0].shots[0].tasks[0].versions[0]
    version.create_folder()
    number, task_name = version.version_number, version.task.name
    print(f"Version {number} of {task_name}: {version.absolute_path}")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    raise SystemExit(main())
