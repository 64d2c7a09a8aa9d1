"""Project: format, fps, schedule, lead, type, files, sequences, users and assets."""

from __future__ import annotations

import datetime as dt
import fractions

import pytest
from factories import make_user

from stalker import (
    Asset,
    AssetType,
    ImageFormat,
    Project,
    ProjectType,
    Repository,
    Sequence,
    Shot,
    StatusedEntity,
    Structure,
    db,
)
from stalker.exceptions import ValidationError, ValidationTypeError

UTC = dt.timezone.utc
ISTANBUL = dt.timezone(dt.timedelta(hours=3))


def make(**kwargs) -> Project:
    kwargs.setdefault("name", "Fancy Commercial")
    return Project(**kwargs)


# defaults --------------------------------------------------------------
def test_defaults():
    """A project made with a name only has 25 fps and nothing else attached."""
    project = make()
    assert project.fps == 25.0
    assert isinstance(project.fps, float)
    assert project.start is None
    assert project.due is None
    assert project.image_format is None
    assert project.lead is None
    assert project.type is None
    assert project.repository is None
    assert project.structure is None
    assert project.sequences == []
    assert project.users == []
    assert project.assets == []


def test_is_statused_with_the_default_status_list():
    """Without a status_list a project takes the Project list and its first status."""
    project = make()
    assert isinstance(project, StatusedEntity)
    assert project.status_list.target_entity_type == "Project"
    assert project.status is project.status_list.statuses[0]
    assert project.status.short_name == "NEW"


def test_name_is_required():
    """A project without a name is refused."""
    with pytest.raises(ValidationTypeError) as error:
        Project()
    assert str(error.value) == (
        "Project.name should be a non-empty string, not NoneType: None"
    )


# fps -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (24, 24.0),
        (25.0, 25.0),
        (23.976, 23.976),
        (fractions.Fraction(30000, 1001), 30000 / 1001),
        (0.5, 0.5),
    ],
)
def test_fps_in_constructor(value, expected):
    """A positive number given as fps is kept as a float."""
    project = make(fps=value)
    assert project.fps == expected
    assert type(project.fps) is float


@pytest.mark.parametrize(("value", "expected"), [(30, 30.0), (59.94, 59.94)])
def test_fps_set_later(value, expected):
    """Setting a positive number as fps later keeps it as a float."""
    project = make()
    project.fps = value
    assert project.fps == expected
    assert type(project.fps) is float


BAD_FPS = [
    (
        "abc",
        ValidationTypeError,
        "Project.fps should be a positive number, not str: 'abc'",
    ),
    (
        "25",
        ValidationTypeError,
        "Project.fps should be a positive number, not str: '25'",
    ),
    (
        None,
        ValidationTypeError,
        "Project.fps should be a positive number, not NoneType: None",
    ),
    (
        True,
        ValidationTypeError,
        "Project.fps should be a positive number, not bool: True",
    ),
    (
        [25],
        ValidationTypeError,
        "Project.fps should be a positive number, not list: [25]",
    ),
    (0, ValidationError, "Project.fps should be a positive number, not int: 0"),
    (-24, ValidationError, "Project.fps should be a positive number, not int: -24"),
    (-0.5, ValidationError, "Project.fps should be a positive number, not float: -0.5"),
    (
        float("nan"),
        ValidationError,
        "Project.fps should be a positive number, not float: nan",
    ),
    (
        float("inf"),
        ValidationError,
        "Project.fps should be a positive number, not float: inf",
    ),
]


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_FPS)
def test_bad_fps_in_constructor(value, error_type, expected):
    """A bad fps given to the constructor raises with the whole story."""
    with pytest.raises(error_type) as error:
        make(fps=value)
    assert str(error.value) == expected
    assert isinstance(error.value, ValueError)
    assert isinstance(error.value, TypeError) == (error_type is ValidationTypeError)


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_FPS)
def test_bad_fps_set_later(value, error_type, expected):
    """Setting a bad fps later raises and keeps the old value."""
    project = make(fps=24)
    with pytest.raises(error_type) as error:
        project.fps = value
    assert str(error.value) == expected
    assert project.fps == 24.0


# start and due ---------------------------------------------------------
@pytest.mark.parametrize("attr", ["start", "due"])
def test_naive_date_is_taken_as_utc(attr):
    """A naive datetime given to the constructor is read as UTC."""
    project = make(**{attr: dt.datetime(2011, 2, 15, 10, 30)})
    value = getattr(project, attr)
    assert value == dt.datetime(2011, 2, 15, 10, 30, tzinfo=UTC)
    assert value.tzinfo is UTC


@pytest.mark.parametrize("attr", ["start", "due"])
def test_aware_date_set_later_is_converted_to_utc(attr):
    """An aware datetime set later is converted to UTC."""
    project = make()
    setattr(project, attr, dt.datetime(2011, 2, 15, 10, 0, tzinfo=ISTANBUL))
    value = getattr(project, attr)
    assert value == dt.datetime(2011, 2, 15, 7, 0, tzinfo=UTC)
    assert value.tzinfo is UTC
    assert value.hour == 7


@pytest.mark.parametrize("attr", ["start", "due"])
def test_date_means_midnight_utc(attr):
    """A date (the tutorial's datetime(2011, 2, 15)) means its midnight in UTC."""
    project = make(**{attr: dt.date(2011, 2, 15)})
    assert getattr(project, attr) == dt.datetime(2011, 2, 15, tzinfo=UTC)


@pytest.mark.parametrize("attr", ["start", "due"])
def test_date_may_be_reset_to_none(attr):
    """start and due may be set back to None."""
    project = make(**{attr: dt.datetime(2011, 2, 15)})
    setattr(project, attr, None)
    assert getattr(project, attr) is None


@pytest.mark.parametrize("attr", ["start", "due"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2011-02-15", "str: '2011-02-15'"),
        (20110215, "int: 20110215"),
        (1.5, "float: 1.5"),
    ],
)
def test_bad_date_in_constructor(attr, value, shown):
    """A start or due that is not a datetime raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert (
        str(error.value) == f"Project.{attr} should be a datetime or None, not {shown}"
    )


@pytest.mark.parametrize("attr", ["start", "due"])
@pytest.mark.parametrize("value", ["2011-02-15", 20110215, dt.timedelta(days=1)])
def test_bad_date_set_later(attr, value):
    """Setting a start or due that is not a datetime raises and keeps the old one."""
    project = make(**{attr: dt.datetime(2011, 2, 15)})
    with pytest.raises(ValidationTypeError) as error:
        setattr(project, attr, value)
    assert str(error.value).startswith(
        f"Project.{attr} should be a datetime or None, not "
    )
    assert getattr(project, attr) == dt.datetime(2011, 2, 15, tzinfo=UTC)


# image_format, type, repository, structure -----------------------------
def test_image_format():
    """image_format takes an ImageFormat or None, in the constructor and later."""
    hd = ImageFormat(name="HD 1080", width=1920, height=1080)
    project = make(image_format=hd)
    assert project.image_format is hd
    project.image_format = None
    assert project.image_format is None
    project.image_format = hd
    assert project.image_format is hd


@pytest.mark.parametrize(
    ("attr", "value", "expected"),
    [
        (
            "image_format",
            "HD 1080",
            "an ImageFormat instance or None, not str: 'HD 1080'",
        ),
        ("image_format", 1080, "an ImageFormat instance or None, not int: 1080"),
        ("type", "Commercial", "a ProjectType instance or None, not str: 'Commercial'"),
        ("repository", "/mnt/S", "a Repository instance or None, not str: '/mnt/S'"),
        ("structure", 3, "a Structure instance or None, not int: 3"),
        ("lead", "ozgur", "a User instance or None, not str: 'ozgur'"),
    ],
)
def test_bad_reference_in_constructor(attr, value, expected):
    """A wrong object for a reference raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == (f"Project.{attr} should be {expected}")


@pytest.mark.parametrize(
    ("attr", "value"),
    [
        ("image_format", "HD 1080"),
        ("type", "Commercial"),
        ("repository", "/mnt/S"),
        ("structure", ["folders"]),
        ("lead", 1),
    ],
)
def test_bad_reference_set_later(attr, value):
    """Setting a wrong object for a reference later raises and keeps None."""
    project = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(project, attr, value)
    assert str(error.value).startswith(f"Project.{attr} should be a")
    assert str(error.value).endswith(f" or None, not {type(value).__name__}: {value!r}")
    assert getattr(project, attr) is None


def test_type_is_a_project_type():
    """type takes a ProjectType; another TypeEntity (an AssetType) is refused."""
    commercial = ProjectType(name="Commercial")
    project = make(type=commercial)
    assert project.type is commercial
    movie = ProjectType(name="Movie")
    project.type = movie
    assert project.type is movie
    with pytest.raises(ValidationTypeError) as error:
        project.type = AssetType(name="Character")
    assert str(error.value) == (
        "Project.type should be a ProjectType instance or None, "
        "not AssetType: <AssetType 'Character'>"
    )
    assert project.type is movie


def test_repository_and_structure():
    """repository and structure take their classes, in the constructor and later."""
    repository = Repository(name="Commercials", linux_path="/mnt/commercials")
    structure = Structure(
        name="Commercial Structure", project_template="{{project.code}}"
    )
    project = make(repository=repository, structure=structure)
    assert project.repository is repository
    assert project.structure is structure
    other = Repository(name="Movies", linux_path="/mnt/movies")
    project.repository = other
    project.structure = None
    assert project.repository is other
    assert project.structure is None


# lead <-> User.projects_lead --------------------------------------------
def test_lead_and_user_projects_lead():
    """lead and User.projects_lead are two sides of one relation."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    project = make(lead=ozgur)
    assert project.lead is ozgur
    assert ozgur.projects_lead == [project]
    project.lead = kutlu
    assert ozgur.projects_lead == []
    assert kutlu.projects_lead == [project]
    project.lead = None
    assert kutlu.projects_lead == []


def test_user_projects_lead_sets_lead():
    """Appending a project to User.projects_lead makes the user its lead."""
    ozgur = make_user()
    project = make()
    ozgur.projects_lead.append(project)
    assert project.lead is ozgur
    ozgur.projects_lead = []
    assert project.lead is None


def test_user_projects_lead_refuses_other_objects():
    """Appending a non-Project to User.projects_lead raises our error."""
    ozgur = make_user()
    with pytest.raises(ValidationTypeError) as error:
        ozgur.projects_lead.append("Fancy Commercial")
    assert str(error.value) == (
        "User.projects_lead should be a list of Project instances, "
        "not str: 'Fancy Commercial'"
    )
    assert ozgur.projects_lead == []


# sequences <-> Sequence.project ------------------------------------------
def test_sequences_in_constructor():
    """Sequences given to the constructor belong to the project."""
    seq1, seq2 = Sequence(name="Sequence 1"), Sequence(name="Sequence 2")
    project = make(sequences=[seq1, seq2])
    assert project.sequences == [seq1, seq2]
    assert seq1.project is project
    assert seq2.project is project


def test_sequences_set_later_replaces_them():
    """Setting sequences later links the new ones and unlinks the old ones."""
    seq1, seq2 = Sequence(name="Sequence 1"), Sequence(name="Sequence 2")
    project = make(sequences=[seq1])
    project.sequences = [seq2]
    assert project.sequences == [seq2]
    assert seq2.project is project
    assert seq1.project is None


def test_sequence_appended_belongs_to_project():
    """The tutorial appends a sequence: its project is then the project."""
    project = make()
    seq1 = Sequence(name="Sequence 1", code="SEQ1")
    project.sequences.append(seq1)
    assert seq1.project is project


def test_sequence_project_adds_it_to_sequences():
    """Giving a sequence its project puts it in project.sequences; moving it moves it."""
    first, second = make(name="First"), make(name="Second")
    seq1 = Sequence(name="Sequence 1", project=first)
    assert first.sequences == [seq1]
    seq1.project = second
    assert first.sequences == []
    assert second.sequences == [seq1]


BAD_LISTS = [
    ("sequences", "SEQ1", "a list of Sequence instances, not str: 'SEQ1'"),
    ("sequences", 1, "a list of Sequence instances, not int: 1"),
    ("sequences", [1], "a list of Sequence instances, not int: 1"),
    (
        "users",
        {"name": "ozgur"},
        "a list of User instances, not dict: {'name': 'ozgur'}",
    ),
    ("users", ["ozgur"], "a list of User instances, not str: 'ozgur'"),
    ("assets", [None], "a list of Asset instances, not NoneType: None"),
    ("assets", b"ab", "a list of Asset instances, not bytes: b'ab'"),
]


@pytest.mark.parametrize(("attr", "value", "expected"), BAD_LISTS)
def test_bad_collection_in_constructor(attr, value, expected):
    """A collection that is not a list of the right class raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == f"Project.{attr} should be {expected}"


@pytest.mark.parametrize(("attr", "value", "expected"), BAD_LISTS)
def test_bad_collection_set_later(attr, value, expected):
    """Setting a wrong collection later raises and keeps the old one."""
    project = make()
    with pytest.raises(ValidationTypeError) as error:
        setattr(project, attr, value)
    assert str(error.value) == f"Project.{attr} should be {expected}"
    assert getattr(project, attr) == []


@pytest.mark.parametrize(
    ("attr", "element", "expected"),
    [
        ("sequences", "x", "a list of Sequence instances, not str: 'x'"),
        (
            "sequences",
            "Shot",
            "a list of Sequence instances, not Shot: <Shot 'Shot 1'>",
        ),
        ("users", 7, "a list of User instances, not int: 7"),
        ("assets", "Shot", "a list of Asset instances, not Shot: <Shot 'Shot 1'>"),
    ],
)
def test_bad_element_appended_later(attr, element, expected):
    """Appending a wrong element after construction raises our error, not SQLAlchemy's."""
    if element == "Shot":
        element = Shot(name="Shot 1")
    project = make()
    with pytest.raises(ValidationTypeError) as error:
        getattr(project, attr).append(element)
    assert str(error.value) == f"Project.{attr} should be {expected}"
    assert getattr(project, attr) == []


def test_sequence_project_refuses_other_objects():
    """Sequence.project takes a Project or None only."""
    with pytest.raises(ValidationTypeError) as error:
        Sequence(name="Sequence 1", project="Fancy Commercial")
    assert str(error.value) == (
        "Sequence.project should be a Project instance or None, "
        "not str: 'Fancy Commercial'"
    )


# users <-> User.projects -------------------------------------------------
def test_users_and_user_projects():
    """users and User.projects are two sides of one relation."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    project = make(users=[ozgur])
    assert ozgur.projects == [project]
    project.users.append(kutlu)
    assert kutlu.projects == [project]
    project.users = [kutlu]
    assert ozgur.projects == []
    assert kutlu.projects == [project]


def test_user_projects_adds_user_to_project():
    """Appending a project to User.projects adds the user to project.users."""
    ozgur = make_user()
    first, second = make(name="First"), make(name="Second")
    ozgur.projects.append(first)
    ozgur.projects = [first, second]
    assert first.users == [ozgur]
    assert second.users == [ozgur]


def test_user_projects_refuses_other_objects():
    """Appending a non-Project to User.projects raises our error."""
    ozgur = make_user()
    with pytest.raises(ValidationTypeError) as error:
        ozgur.projects.append(Sequence(name="Sequence 1"))
    assert str(error.value) == (
        "User.projects should be a list of Project instances, "
        "not Sequence: <Sequence 'Sequence 1'>"
    )


# assets <-> Asset.project -------------------------------------------------
def test_assets_and_asset_project():
    """assets and Asset.project are two sides of one relation."""
    character = Asset(name="Olum")
    project = make(assets=[character])
    assert character.project is project
    prop = Asset(name="Sword", project=project)
    assert project.assets == [character, prop]
    prop.project = None
    assert project.assets == [character]


# persistence --------------------------------------------------------------
def test_round_trip(session):
    """Every attribute of a committed project reads back equal after a reload."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    hd = ImageFormat(name="HD 1080", width=1920, height=1080)
    commercial = ProjectType(name="Commercial")
    repository = Repository(name="Commercials", linux_path="/mnt/commercials")
    structure = Structure(
        name="Commercial Structure", project_template="{{project.code}}"
    )
    seq1, seq2 = Sequence(name="Sequence 1"), Sequence(name="Sequence 2")
    character = Asset(name="Olum")
    project = make(
        name="Prensesin Uykusu",
        code="PU",
        fps=23.976,
        start=dt.datetime(2011, 1, 13, 9, 0, tzinfo=ISTANBUL),
        due=dt.datetime(2011, 2, 15),
        image_format=hd,
        lead=ozgur,
        type=commercial,
        repository=repository,
        structure=structure,
        sequences=[seq1, seq2],
        users=[ozgur, kutlu],
        assets=[character],
    )
    session.commit()
    project_id = project.id
    session.expire_all()
    loaded = db.query(Project).filter_by(id=project_id).one()
    assert loaded is project
    assert loaded.name == "Prensesin Uykusu"
    assert loaded.code == "PU"
    assert loaded.fps == 23.976
    assert loaded.start == dt.datetime(2011, 1, 13, 6, 0, tzinfo=UTC)
    assert loaded.start.utcoffset() == dt.timedelta(0)
    assert loaded.due == dt.datetime(2011, 2, 15, tzinfo=UTC)
    assert loaded.due.utcoffset() == dt.timedelta(0)
    assert loaded.image_format is hd
    assert loaded.lead is ozgur
    assert loaded.type is commercial
    assert loaded.repository is repository
    assert loaded.structure is structure
    assert loaded.sequences == [seq1, seq2]
    assert sorted(u.login_name for u in loaded.users) == ["kutlu", "ozgur"]
    assert loaded.assets == [character]
    assert ozgur.projects_lead == [project]
    assert kutlu.projects == [project]
    assert seq2.project is project
    assert character.project is project
    assert loaded.status.short_name == "NEW"


def test_round_trip_of_empty_project(session):
    """A project with nothing attached reads back with None and empty lists."""
    project = make(name="Empty One")
    session.commit()
    session.expire_all()
    assert project.fps == 25.0
    assert project.start is None
    assert project.due is None
    assert project.lead is None
    assert project.sequences == []
    assert project.users == []
    assert project.assets == []


def test_changes_after_commit_persist(session):
    """Changing a committed project and committing again stores the change."""
    project = make(fps=25)
    session.commit()
    project.fps = 50
    project.due = dt.datetime(2012, 1, 1, tzinfo=UTC)
    project.sequences.append(Sequence(name="Late Sequence"))
    session.commit()
    session.expire_all()
    assert project.fps == 50.0
    assert project.due == dt.datetime(2012, 1, 1, tzinfo=UTC)
    assert [s.name for s in project.sequences] == ["Late Sequence"]


def test_failed_construction_leaves_no_trace(session):
    """A project refused half-way is neither in its lead's list nor in the database."""
    ozgur = make_user()
    session.commit()
    with pytest.raises(ValidationTypeError):
        make(name="Half Built", lead=ozgur, sequences=["SEQ1"])
    assert ozgur.projects_lead == []
    session.commit()
    assert db.query(Project).filter_by(name="Half Built").count() == 0


def test_bad_value_set_later_is_not_written(session):
    """A refused fps leaves the stored value untouched."""
    project = make(fps=25)
    session.commit()
    with pytest.raises(ValidationError):
        project.fps = -1
    session.commit()
    session.expire_all()
    assert project.fps == 25.0
