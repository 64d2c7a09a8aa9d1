"""The seed's tutorial, Parts I to V, as written (Python 3, typos mended).

docs/tutorial.rst says where Stalker differs from the seed, and why.
"""

from __future__ import annotations

SEED_FOLDERS = """
M:/PROJECTS/FANCY_COMMERCIAL
M:/PROJECTS/FANCY_COMMERCIAL/Assets
M:/PROJECTS/FANCY_COMMERCIAL/References
M:/PROJECTS/FANCY_COMMERCIAL/Sequences
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit/AnimaticStoryboard
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Edit/Export
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Storyboard
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH001
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH002
M:/PROJECTS/FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH003
""".strip().splitlines()


def test_tutorial_parts_one_to_five(resetup, capsys, tmp_path, monkeypatch):
    """The tutorial runs on a fresh in-memory database and gives its results.

    Part V's file server is not mounted here: this machine mounts it in a
    temporary folder, with the per-machine variable Stalker reads for that.
    """
    monkeypatch.setattr("platform.system", lambda: "Linux")
    monkeypatch.setenv("STALKER_REPOSITORY_COMMERCIAL_REPOSITORY_PATH", str(tmp_path))
    # Part I - Basics
    from stalker import db

    db.setup()

    from stalker.core.models.user import User

    myUser = User(  # noqa: N806 - the seed's name
        first_name="Erkan Ozgur",
        last_name="Yilmaz",
        login_name="eoyilmaz",
        email="eoyilmaz@gmail.com",
        password="secret",
        description="This is me",
    )

    from stalker.core.models.department import Department

    tds_department = Department(name="TDs", description="This is the TDs department")
    tds_department.members.append(myUser)

    print(db.query(Department).first().members[0].first_name)

    db.session.add(myUser)
    db.session.commit()

    # Part II - Getting Hot
    from stalker.core.models.project import Project

    new_project = Project(name="Fancy Commercial")

    from datetime import datetime

    from stalker.core.models.imageFormat import ImageFormat

    new_project.description = """The commercial is about this fancy product. The
                             client want us to have a shinny look with their
                             product bla bla bla..."""
    new_project.image_format = ImageFormat(name="HD 1080", width=1920, height=1080)
    new_project.fps = 25
    new_project.due = datetime(2011, 2, 15)
    new_project.lead = myUser

    from stalker.core.models.types import ProjectType

    commercial_project_type = ProjectType(name="Commercial")
    new_project.type = commercial_project_type

    db.session.add(new_project)
    db.session.commit()

    from stalker.core.models.sequence import Sequence

    seq1 = Sequence(name="Sequence 1", code="SEQ1")
    new_project.sequences.append(seq1)

    from stalker.core.models.shot import Shot

    sh001 = Shot(name="Shot 1", code="SH001")
    sh002 = Shot(name="Shot 2", code="SH002")
    sh003 = Shot(name="Shot 3", code="SH003")
    seq1.shots.extend([sh001, sh002, sh003])

    # Part III - Pipeline
    from stalker.core.models.pipelineStep import PipelineStep
    from stalker.core.models.types import AssetType

    previz = PipelineStep(name="Previz", code="PRE")
    matchmove = PipelineStep(name="Match Move", code="MM")
    anim = PipelineStep(name="Animation", code="ANIM")
    light = PipelineStep(name="Lighting", code="LIGHT")
    comp = PipelineStep(name="Compositing", code="COMP")

    simple_shot_pipeline_steps = [previz, matchmove, anim, light, comp]
    shot_asset_type = AssetType(name="Shot", steps=simple_shot_pipeline_steps)
    for shot in seq1.shots:
        shot.type = shot_asset_type

    # Part IV - Task & Resource Management
    from datetime import timedelta

    from stalker.core.models.task import Task

    task1 = Task(
        name="Previz", resources=[myUser], bid=timedelta(days=1), pipeline_step=previz
    )
    task2 = Task(
        name="Match Move",
        resources=[myUser],
        bid=timedelta(days=2),
        pipeline_step=matchmove,
    )
    task3 = Task(
        name="Animation", resources=[myUser], bid=timedelta(days=2), pipeline_step=anim
    )
    task4 = Task(
        name="Lighting", resources=[myUser], bid=timedelta(days=2), pipeline_step=light
    )
    task5 = Task(
        name="Compositing",
        resources=[myUser],
        bid=timedelta(days=2),
        pipeline_step=comp,
    )
    sh001.tasks = [task1, task2, task3, task4, task5]
    task3.depends = [task1, task2]
    task5.depends = [task3, task4]
    db.session.commit()

    # Part V - Asset Management
    from stalker.core.models.repository import Repository

    repol = Repository(
        name="Commercial Repository",
        description="""This is where the commercial projects are going to be
                stored""",
    )

    repol.windows_path = "M:\\\\PROJECTS"
    repol.linux_path = "/mnt/M"
    repol.osx_path = "/Volumes/M"

    print(repol.path)

    from stalker.core.models.structure import Structure

    structure1 = Structure(
        name="Commercial Projects Structure",
        description="""This is a project structure, which can be used for simple
        commercial projects""",
    )

    # lets create the folder structure as a Jinja2 template
    project_template = """
    {{ project.code }}
    {{ project.code }}/Assets
    {{ project.code }}/Sequences

    {% if project.sequences %}
        {% for sequence in project.sequences %}
            {% set seq_path = project.code + '/Sequences/' + sequence.code %}
            {{ seq_path }}
            {{ seq_path }}/Edit
            {{ seq_path }}/Edit/AnimaticStoryboard
            {{ seq_path }}/Edit/Export
            {{ seq_path }}/Storyboard
            {{ seq_path }}/Shots

            {% if sequence.shots %}
                {% for shot in sequence.shots %}
                    {% set shot_path = seq_path + '/Shots/' + shot.code %}
                    {{ shot_path }}
                {% endfor %}
            {% endif %}

        {% endfor %}

    {% endif %}

    {{ project.code }}/References
"""

    structure1.project_template = project_template

    # what the seed says but does not show: the project gets both, then create()
    new_project.repository = repol
    new_project.structure = structure1
    structure1.create(new_project)
    db.session.commit()

    # Part V stops at TypeTemplate; the seed's TypeTemplate reference goes on
    # (its example, for our Shot type, with the codes exactly as printed there)
    from stalker.core.models import types
    from stalker.core.models.version import Version

    path_code = "ASSETS/{{asset_type.name}}/{{pipeline_step.code}}"

    file_code = (
        "{{asset.name}}_{{take.name}}_{{asset_type.name}}_v{{version.version_number}}"
    )

    shot_template = types.TypeTemplate(
        name="Shot",
        description="this is the template which explains how to place Shots",
        path_code=path_code,
        file_code=file_code,
        type=shot_asset_type,
    )
    new_project.structure.asset_templates.append(shot_template)
    db.session.commit()

    # "whenever a new Version created ... Stalker will automatically place the
    # related file"
    anim_version = Version(task=task3, extension="ma")
    db.session.commit()

    # what the tutorial promises, read back from the database
    assert capsys.readouterr().out == f"Erkan Ozgur\n{tmp_path}\n"
    assert repol.windows_path == "M:/PROJECTS"
    assert repol.path_for("Linux") == "/mnt/M"
    created = sorted(
        "M:/PROJECTS/" + path.relative_to(tmp_path).as_posix()
        for path in tmp_path.rglob("*")
    )
    assert created == sorted(SEED_FOLDERS)
    assert anim_version.path == "ASSETS/Shot/ANIM"
    assert anim_version.filename == "Shot 1_MAIN_Shot_v1.ma"
    db.session.expunge_all()
    project = db.query(Project).filter_by(name="Fancy Commercial").one()
    assert project.code == "FANCY_COMMERCIAL"
    assert project.lead.login_name == "eoyilmaz"
    assert project.type.name == "Commercial"
    assert project.image_format.device_aspect == 1920 / 1080
    assert project.due == datetime(2011, 2, 15).replace(tzinfo=project.due.tzinfo)
    assert [s.code for s in project.sequences[0].shots] == ["SH001", "SH002", "SH003"]
    shot = project.sequences[0].shots[0]
    assert shot.type.name == "Shot"
    assert [s.code for s in shot.type.steps] == ["PRE", "MM", "ANIM", "LIGHT", "COMP"]
    assert [t.name for t in shot.tasks] == [
        "Previz",
        "Match Move",
        "Animation",
        "Lighting",
        "Compositing",
    ]
    tasks = {t.name: t for t in shot.tasks}
    assert [t.name for t in tasks["Animation"].depends] == ["Previz", "Match Move"]
    assert [t.name for t in tasks["Compositing"].depends] == ["Animation", "Lighting"]
    assert all(t.resources[0].first_name == "Erkan Ozgur" for t in shot.tasks)
    user = db.query(User).filter_by(name="eoyilmaz").one()
    assert user.department.name == "TDs"
    assert user.check_password("secret")
    assert len(user.tasks) == 5
    assert project.repository.name == "Commercial Repository"
    assert project.structure.name == "Commercial Projects Structure"
