"""Hostile templates, run by an artist's ordinary save, change nothing.

Whoever can write one row of the database writes a template; the artist's
next save (a version numbered, its path rendered, committed) or the next
``create_structure()`` renders it. Each template of the table runs in a
fresh Python process, like a new Maya session, which then reports what an
attack would have changed: the users and their password hashes (read with
plain SQL), the mapping (``configure_mappers()``, every class still mapped,
the tables of the metadata), the folders under the repository root, and
what the save stored. Every report must equal the one of a process that
ran no hostile template.
"""

from __future__ import annotations

import json

import pytest
from processes import python_lines

ADMIN_PASSWORD = "hostile-test-admin"

#: Written where the rendered text ends up: a template that reaches what it
#: should not writes it into the version's file name.
MARK = "REACHED"

#: What reaches the User class from a task on a model object.
USER_CLASS = "task.depends.parent.owning_class.resources.property.mapper.class_"
#: The same from a project.
TASK_CLASS = "project.status_list.statuses.parent.owning_class"


def reached(expression: str) -> str:
    """A template that writes MARK if ``expression`` can be reached."""
    return f"{{% if ({expression}) is defined %}}{MARK}{{% endif %}}v"


def called(statement: str) -> str:
    """A template that runs ``statement`` for its effect, then writes a name."""
    return f"{{% if {statement} %}}{{% endif %}}v"


#: Templates of TypeTemplate.file_code, rendered by a version's save.
FILE_CODES = [
    # the routes through relationship proxies to the mapping, and variants
    reached("task.depends.parent"),
    reached("task.depends.parent.owning_class"),
    reached(USER_CLASS),
    reached(f"{USER_CLASS}.password.fset"),
    reached(f"{USER_CLASS}.check_password"),
    reached("task.depends.parent.owning_class.resources.property"),
    reached("task.depends.parent.owning_class.resources.property.mapper"),
    reached("task.depends.parent.owning_class.resources.property.mapper.registry"),
    reached("task.depends.parent.owning_class.resources.comparator"),
    reached("task.depends.parent.owning_class.resources.impl"),
    reached("task.depends.parent.owning_class.resources.property.mapper.local_table"),
    reached("task.depends.lazy_collection"),
    reached("task.depends.getter"),
    reached("task.depends.col"),
    reached("task.status_list.statuses.parent"),
    reached("shot.type.steps.parent.owning_class"),
    reached("task.status_list.statuses|map(attribute='parent')|first"),
    reached("task.depends|attr('parent')"),
    reached("task['depends']['parent']"),
    reached("task.resources.property"),
    reached("task.__class__"),
    reached("task._sa_instance_state"),
    reached("task._sa_instance_state.session"),
    reached("task.query"),
    reached("task.session"),
    reached("task.versions.parent"),
    reached("version.task.depends.parent"),
    reached("user.password"),
    reached("user.check_password"),
    reached("project.structure"),
    reached("project.users"),
    reached("repository.root_attribute"),
    "{% for c in task.__class__.__mro__ %}" + MARK + "{% endfor %}v",
    "{% for c in task.depends.parent.owning_class.__mro__ %}" + MARK + "{% endfor %}v",
    "{% for s in task.status_list.statuses %}{{ s.name }}{% endfor %}v",
    "{{ task.depends|map(attribute='parent')|join }}v",
    # what the routes did: take over accounts, unmap, clear, create
    called(f"{USER_CLASS}.password.fset(user, 'hacked')"),
    "{{ " + USER_CLASS + ".password.fget(user) }}",
    "{% set u = "
    + USER_CLASS
    + "(login_name='evil', first_name='E', email='e@x.x', password='p') %}v",
    called(
        "task.depends.parent.owning_class.resources.property.mapper.registry.dispose()"
    ),
    called(
        "task.depends.parent.owning_class.resources.property.mapper"
        ".local_table.metadata.clear()"
    ),
    called(f"{USER_CLASS}.projects.property.mapper.class_.create_structure(project)"),
    called("task.depends.parent.owning_class.versions.property.mapper.class_"),
]

#: Templates of Structure.project_template, rendered by create_structure().
PROJECT_TEMPLATES = [
    reached(TASK_CLASS),
    reached("project.status_list.statuses.parent"),
    reached("project.__class__"),
    reached("project.structure.asset_templates"),
    called(f"{TASK_CLASS}.resources.property.mapper.registry.dispose()"),
    called(
        f"{TASK_CLASS}.resources.property.mapper.class_.password.fset(project.lead, 'x')"
    ),
    called("project.create_structure()"),
]

#: Prepares a production in an empty database and prints the ids it needs.
PREPARE = """
import json, sys
from stalker import (AssetType, Project, Repository, Sequence, Shot, Structure,
    Task, TypeTemplate, User, config, db)
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
config.settings.admin_password = sys.argv[2]
db.setup(sys.argv[1])
shot_type = AssetType(name="Shot")
template = TypeTemplate(
    name="Shot", path_code="{{ shot.code }}", file_code="v", type=shot_type
)
structure = Structure(
    name="Commercials", project_template="{{ project.code }}/Assets",
    asset_templates=[template],
)
repository = Repository(
    name="Repo", linux_path=sys.argv[3], windows_path="R:/", osx_path="/Volumes/R"
)
artist = User(login_name="artist", first_name="A", email="a@x.x", password="pw")
project = Project(
    name="Fancy", repository=repository, structure=structure, lead=artist
)
shot = Shot(
    name="Shot 1", code="SH001", type=shot_type,
    sequence=Sequence(name="Seq", code="SEQ", project=project),
)
model = Task(name="Model", task_of=shot)
anim = Task(name="Anim", task_of=shot, depends=[model], resources=[artist])
project.create_structure()
db.session.commit()
print(json.dumps({"task": anim.id, "artist": artist.id, "project": project.id}))
"""

#: Runs an attack (argv: url, admin password, ids, root, where, template), reports.
ATTACK = """
import json, os, sys
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import class_mapper, configure_mappers
import stalker
from stalker import Project, Structure, Task, TypeTemplate, User, Version, config, db
from stalker.db import tables
from stalker.exceptions import TemplateError

url, admin_password, ids, root, where, source = sys.argv[1:]
ids = json.loads(ids)
config.settings.password_policy = config.PasswordPolicy(n=2**4, r=1, p=1)
config.settings.admin_password = admin_password
db.setup(url)
outcome = {"error": None, "stored": ""}
if where != "none":
    # the attacker writes one row
    project = db.session.get(Project, ids["project"])
    if where == "file_code":
        db.session.scalars(select(TypeTemplate)).one().file_code = source
    else:
        project.structure.project_template = source
    db.session.commit()
    db.session.expunge_all()
    # the artist saves, as every day
    try:
        if where == "file_code":
            task = db.session.get(Task, ids["task"])
            version = Version(task=task, created_by=db.session.get(User, ids["artist"]))
            db.session.flush()
            version.update_paths("ma")
            outcome["stored"] = version.path + "/" + version.filename
        else:
            db.session.get(Project, ids["project"]).create_structure()
        db.session.commit()
    except TemplateError as error:
        outcome["error"] = str(error)
        db.session.rollback()
    except BaseException as error:
        outcome["error"] = "not a TemplateError: " + type(error).__name__
        try:
            db.session.rollback()
        except BaseException:
            pass

def mapping():
    try:
        configure_mappers()
        classes = [
            name for name in stalker.__all__
            if isinstance(getattr(stalker, name), type)
            and issubclass(getattr(stalker, name), stalker.SimpleEntity)
            and class_mapper(getattr(stalker, name)) is not None
        ]
    except BaseException as error:
        return "broken: " + type(error).__name__
    return [sorted(classes), sorted(tables.metadata.tables)]

engine = create_engine(url)
with engine.connect() as conn:
    users = conn.execute(
        text("SELECT login_name, password FROM users ORDER BY login_name")
    ).all()
engine.dispose()
folders = sorted(
    os.path.relpath(os.path.join(folder, name), root)
    for folder, subfolders, files in os.walk(root)
    for name in subfolders + files
)
print(json.dumps({
    "outcome": outcome,
    "state": {"users": [list(u) for u in users], "mapping": mapping(),
              "folders": folders},
}))
"""


@pytest.fixture(scope="module")
def studio(module_database_url, set_up, tmp_path_factory) -> dict:
    """A production in a database of its own, and what a harmless process reports."""
    url, root = module_database_url, str(tmp_path_factory.mktemp("repository"))
    (line,) = python_lines(PREPARE, url, ADMIN_PASSWORD, root)
    studio = {"url": url, "ids": line, "root": root}
    studio["clean"] = attack(studio, "none", "")["state"]
    return studio


def attack(studio: dict, where: str, source: str) -> dict:
    """Run the attack in a fresh process; return its report."""
    (line,) = python_lines(
        ATTACK,
        *(studio["url"], ADMIN_PASSWORD, studio["ids"], studio["root"]),
        *(where, source),
    )
    return json.loads(line)


def check_harmless(studio: dict, report: dict) -> None:
    """Refused as a template error or harmless, and nothing changed."""
    outcome, state = report["outcome"], report["state"]
    error = outcome["error"] or ""
    assert not error.startswith("not a TemplateError"), error
    assert MARK not in outcome["stored"]
    for _, hashed in state["users"]:
        assert hashed not in outcome["stored"]
        assert hashed not in error
    assert state == studio["clean"]


def test_the_clean_report_sees_the_studio(studio):
    """The report of a harmless process lists the users, the mapping, the folders."""
    clean = studio["clean"]
    assert [login for login, _ in clean["users"]] == ["admin", "artist"]
    classes, table_names = clean["mapping"]
    assert {"User", "Project", "Task", "Version"} <= set(classes)
    assert "users" in table_names
    assert "FANCY/Assets" in clean["folders"]


def test_an_ordinary_save_stores_its_path(studio):
    """An ordinary template renders and is stored; nothing else changes."""
    report = attack(studio, "file_code", "{{ shot.code }}_{{ task.name }}_v")
    assert report["outcome"] == {"error": None, "stored": "SH001/SH001_Anim_v.ma"}
    assert report["state"] == studio["clean"]


@pytest.mark.parametrize("source", FILE_CODES)
def test_a_hostile_file_code_changes_nothing(studio, source):
    """Rendered by an artist's save, it reaches no Python object and changes nothing."""
    check_harmless(studio, attack(studio, "file_code", source))


@pytest.mark.parametrize("source", PROJECT_TEMPLATES)
def test_a_hostile_project_template_changes_nothing(studio, source):
    """Rendered by create_structure(), it reaches no Python object, creates nothing."""
    check_harmless(studio, attack(studio, "project_template", source))
