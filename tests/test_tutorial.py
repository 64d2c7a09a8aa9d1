"""The seed's tutorial, Parts I to IV, as written (Python 3, typos mended)."""

from __future__ import annotations


def test_tutorial_parts_one_to_four(resetup, capsys):
    """The tutorial runs on a fresh in-memory database and gives its results."""
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

    # what the tutorial promises, read back from the database
    assert capsys.readouterr().out == "Erkan Ozgur\n"
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
