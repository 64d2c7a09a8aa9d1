"""Build a small production end to end and print what was done.

Run it with ``python -m stalker.demo``; ``--database`` takes any SQLAlchemy
URL (default: an in-memory SQLite database) and ``--root`` the folder for the
project's files (default: beside an SQLite file database, else a temporary
folder removed when the demo ends). Run again on the same database, it goes
on with the production it made and saves a new version. The first shot's
Layout goes through the task workflow (booked, reviewed by the lead,
approved: its Animation may start), the second's gets a revision. The
sequence has a task of its own, its Edit, placed by the project type's
template.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import warnings
from collections.abc import Sequence as Args
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy.engine import make_url

from stalker import (
    AssetType,
    Booking,
    Department,
    ImageFormat,
    PipelineStep,
    Project,
    ProjectType,
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
#: When the demo's artist books time (a Monday, 09:00 UTC).
WORK_STARTS = dt.datetime(2030, 1, 7, 9, tzinfo=dt.timezone.utc)
PROJECT_CODE = "DEMO"
#: The prefix of the temporary folder a demo without --root or file database uses.
PREFIX = "stalker-demo-"

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
#: Where the versions of a sequence's or the project's own tasks go.
PRODUCTION_PATH = (
    "{% if sequence %}Sequences/{{ sequence.code }}/{% endif %}{{ task.name }}"
)
PRODUCTION_FILE = (
    "{{ (sequence or project).code }}_{{ task.name }}_{{ take }}"
    "_v{{ '%03d' % version.version_number }}"
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
    commercial = ProjectType(name="Commercial")
    structure = Structure(
        name="Commercials",
        project_template=PROJECT_TEMPLATE,
        asset_templates=[
            TypeTemplate(
                name="Shot Files",
                path_code=SHOT_PATH,
                file_code=SHOT_FILE,
                type=shot_type,
            ),
            TypeTemplate(
                name="Production Files",
                path_code=PRODUCTION_PATH,
                file_code=PRODUCTION_FILE,
                type=commercial,
            ),
        ],
    )
    project = Project(
        name="Demo Commercial",
        code=PROJECT_CODE,
        image_format=ImageFormat(name="HD 1080", width=1920, height=1080),
        fps=25,
        lead=lead,
        type=commercial,
        users=[lead, artist],
        structure=structure,
        repository=Repository(
            name="Demo Server", **{Repository.root_attribute(): str(root)}
        ),
    )
    sequence = Sequence(name="Sequence 1", code="SEQ1", project=project, lead=lead)
    edit = Task(
        name="Edit", task_of=sequence, resources=[artist], bid=dt.timedelta(days=2)
    )
    Version(task=edit, created_by=artist)
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
    _work_on(sequence.shots[:2], artist)
    db.session.flush()  # numbers the versions
    for version in db.query(Version):
        version.update_paths("ma")
    db.session.commit()
    return project


def _work_on(shots: list[Shot], artist: User) -> None:
    """Each shot's Layout is booked and reviewed: approved, then given a revision."""
    for index, shot in enumerate(shots):
        layout = shot.tasks[0]
        start = WORK_STARTS + dt.timedelta(hours=4 * index)
        Booking(
            task=layout, resource=artist, start=start, end=start + dt.timedelta(hours=3)
        )
        (review,) = layout.request_review()  # by the project's lead
        if index == 0:
            review.approve()
        else:
            review.request_revision("Frame it tighter", dt.timedelta(hours=4))


def describe(project: Project) -> list[str]:
    """Return readable lines about a production."""
    lines = [
        f"Project {project.name!r} ({project.code}), {project.fps:g} fps, "
        f"{project.image_format.width}x{project.image_format.height}, "
        f"lead {project.lead.login_name}, status {project.status.name}",
    ]
    for sequence in project.sequences:
        own = ", ".join(
            f"{task.name} {task.status.short_name}" for task in sequence.tasks
        )
        lines.append(
            f"  Sequence {sequence.code}: {len(sequence.shots)} shots, "
            f"status {sequence.status.name}; its own tasks: {own}"
        )
        for shot in sequence.shots:
            chain = " -> ".join(task.name for task in shot.tasks)
            versions = sum(len(task.versions) for task in shot.tasks)
            lines.append(f"    {shot.code}: {chain}; {versions} version(s)")
            statuses = ", ".join(
                f"{task.name} {task.status.short_name}" for task in shot.tasks
            )
            lines.append(f"      statuses: {statuses}")
    return lines


def _placement(args: argparse.Namespace, stack: ExitStack) -> tuple[str, Path, str]:
    """The database URL, the files' root and a note saying where the files are.

    The files go where the user says (``--root``), else beside an SQLite file
    database, else into a temporary folder removed when the demo ends.
    """
    database = args.database or "sqlite://"
    if args.root is not None:
        return database, args.root, ""
    url = make_url(database)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:":
        beside = Path(file).parent / f"{Path(file).stem}-files"
        return database, beside, " (beside the database)"
    temporary = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=PREFIX)))
    note = " (a temporary folder, removed when the demo ends: use --root to keep it)"
    return database, temporary / "projects", note


def _existing_production(root: Path) -> Project | None:
    """The production of an earlier run on this database, its files now at ``root``."""
    project = db.query(Project).filter_by(code=PROJECT_CODE).one_or_none()
    if project is not None:
        setattr(project.repository, Repository.root_attribute(), str(root))
    return project


def _save_version(project: Project, earlier: bool) -> Version:
    """Save a version of the first shot's first task: an empty placeholder file.

    A new version is made on every run after the first, so that running the
    demo again shows the numbering go on.
    """
    task = project.sequences[0].shots[0].tasks[0]
    if earlier:
        Version(task=task, created_by=task.resources[0])
        db.session.flush()  # numbers the version
    version: Version = task.versions[-1]
    version.update_paths("ma")
    db.session.commit()
    version.create_folder()
    Path(version.absolute_path).touch()
    return version


def main(argv: Args[str] | None = None) -> int:
    """Run the demo; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m stalker.demo", description=__doc__)
    parser.add_argument(
        "--database",
        help="SQLAlchemy URL (default: an in-memory SQLite database); "
        "running the demo again on one database goes on from the last run",
    )
    parser.add_argument(
        "--root",
        type=Path,
        help="folder for the project's files (default: beside an SQLite file "
        "database, else a temporary folder removed at the end)",
    )
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        database, root, where = _placement(args, stack)
        root.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always", DefaultAdminPasswordWarning)
            db.setup(database)
        print(f"Database: {database}")
        if args.database:  # the demo's own database is thrown away: no note for it
            for note in notes:
                print(f"Note: {note.message}")
        project = _existing_production(root)
        earlier = project is not None
        if project is not None:
            print("Found the demo production of an earlier run; going on with it")
        else:
            project = build_production(root)
        for line in describe(project):
            print(line)
        print(f"Repository root: {project.repository.path}{where}")
        folders = project.create_structure()
        example = f", for example {folders[-1]}" if folders else ""
        print(f"Created {len(folders)} folders{example}")
        version = _save_version(project, earlier)
        number, task_name = version.version_number, version.task.name
        print(
            f"Version {number} of {task_name} saved as an empty placeholder: "
            f"{version.absolute_path}"
        )
        db.session.remove()
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    raise SystemExit(main())
