"""Sequence: its project, its shots and its lead."""

from __future__ import annotations

import pytest
from factories import a_project, make_user

from stalker import Asset, Project, Sequence, Shot, StatusedEntity, db
from stalker.db import meta
from stalker.exceptions import ValidationTypeError


def make(**kwargs) -> Sequence:
    kwargs.setdefault("name", "Sequence 1")
    return Sequence(**kwargs)


def test_defaults():
    """A sequence made with a name only has no project, shots or lead."""
    sequence = make()
    assert sequence.project is None
    assert sequence.shots == []
    assert sequence.lead is None


def test_code_given_as_in_the_tutorial():
    """Sequence(name="Sequence 1", code="SEQ1") keeps the code."""
    sequence = Sequence(name="Sequence 1", code="SEQ1")
    assert sequence.name == "Sequence 1"
    assert sequence.code == "SEQ1"
    assert sequence.nice_name == "sequence_1"


def test_is_statused_with_the_default_status_list():
    """Without a status_list a sequence takes the Sequence list and its first status."""
    sequence = make()
    assert isinstance(sequence, StatusedEntity)
    assert sequence.status_list.target_entity_type == "Sequence"
    assert sequence.status is sequence.status_list.statuses[0]


def test_name_is_required():
    """A sequence without a name is refused."""
    with pytest.raises(ValidationTypeError) as error:
        Sequence(code="SEQ1")
    assert str(error.value) == (
        "Sequence.name should be a non-empty string, not NoneType: None"
    )


# project --------------------------------------------------------------------
def test_project_in_constructor():
    """A project given to the constructor is kept and lists the sequence."""
    project = Project(name="Fancy Commercial")
    sequence = make(project=project)
    assert sequence.project is project
    assert project.sequences == [sequence]


def test_project_set_later():
    """Setting the project later moves the sequence between projects."""
    first, second = Project(name="First"), Project(name="Second")
    sequence = make(project=first)
    sequence.project = second
    assert sequence.project is second
    assert first.sequences == []
    assert second.sequences == [sequence]
    sequence.project = None
    assert second.sequences == []


BAD_PROJECTS = [
    ("Fancy Commercial", "str: 'Fancy Commercial'"),
    (1, "int: 1"),
    ("Sequence", "Sequence: <Sequence 'Other'>"),
]


@pytest.mark.parametrize(("value", "shown"), BAD_PROJECTS)
def test_bad_project_in_constructor(value, shown):
    """A project that is not a Project raises in the constructor."""
    if value == "Sequence":
        value = make(name="Other")
    with pytest.raises(ValidationTypeError) as error:
        make(project=value)
    assert str(error.value) == (
        f"Sequence.project should be a Project instance or None, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_PROJECTS)
def test_bad_project_set_later(value, shown):
    """Setting a project that is not a Project raises and keeps the old one."""
    if value == "Sequence":
        value = make(name="Other")
    project = Project(name="Fancy Commercial")
    sequence = make(project=project)
    with pytest.raises(ValidationTypeError) as error:
        sequence.project = value
    assert str(error.value) == (
        f"Sequence.project should be a Project instance or None, not {shown}"
    )
    assert sequence.project is project
    assert project.sequences == [sequence]


# shots <-> Shot.sequence ------------------------------------------------------
def test_shots_in_constructor():
    """Shots given to the constructor belong to the sequence."""
    sh001, sh002 = Shot(name="Shot 1"), Shot(name="Shot 2")
    sequence = make(shots=[sh001, sh002])
    assert sequence.shots == [sh001, sh002]
    assert sh001.sequence is sequence
    assert sh002.sequence is sequence


def test_shots_extended_as_in_the_tutorial():
    """seq1.shots.extend([...]) gives each shot its sequence."""
    sequence = make()
    shots = [Shot(name=f"Shot {i}", code=f"SH00{i}") for i in (1, 2, 3)]
    sequence.shots.extend(shots)
    assert sequence.shots == shots
    assert all(shot.sequence is sequence for shot in shots)


def test_shots_set_later_replaces_them():
    """Setting shots later links the new ones and unlinks the old ones."""
    sh001, sh002 = Shot(name="Shot 1"), Shot(name="Shot 2")
    sequence = make(shots=[sh001])
    sequence.shots = [sh002]
    assert sequence.shots == [sh002]
    assert sh001.sequence is None
    assert sh002.sequence is sequence


def test_shot_sequence_adds_it_to_shots():
    """Giving a shot its sequence lists it there; moving it moves it."""
    seq1, seq2 = make(name="Sequence 1"), make(name="Sequence 2")
    shot = Shot(name="Shot 1", sequence=seq1)
    assert seq1.shots == [shot]
    seq2.shots.append(shot)
    assert shot.sequence is seq2
    assert seq1.shots == []


BAD_SHOTS = [
    ("SH001", "str: 'SH001'"),
    (["SH001"], "str: 'SH001'"),
    ([None], "NoneType: None"),
    ("asset", "Asset: <Asset 'Olum'>"),
]


def _shots_value(value):
    return [Asset(name="Olum")] if value == "asset" else value


@pytest.mark.parametrize(("value", "shown"), BAD_SHOTS)
def test_bad_shots_in_constructor(value, shown):
    """Shots that are not a list of Shot raise in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(shots=_shots_value(value))
    assert str(error.value) == (
        f"Sequence.shots should be a list of Shot instances, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_SHOTS)
def test_bad_shots_set_later(value, shown):
    """Setting shots that are not a list of Shot raises and keeps the old ones."""
    shot = Shot(name="Shot 1")
    sequence = make(shots=[shot])
    with pytest.raises(ValidationTypeError) as error:
        sequence.shots = _shots_value(value)
    assert str(error.value) == (
        f"Sequence.shots should be a list of Shot instances, not {shown}"
    )
    assert sequence.shots == [shot]


@pytest.mark.parametrize(
    ("element", "shown"),
    [("SH001", "str: 'SH001'"), (1, "int: 1"), ("asset", "Asset: <Asset 'Olum'>")],
)
def test_bad_shot_appended_later(element, shown):
    """Appending a non-Shot after construction raises our error."""
    if element == "asset":
        element = Asset(name="Olum")
    sequence = make()
    with pytest.raises(ValidationTypeError) as error:
        sequence.shots.append(element)
    assert str(error.value) == (
        f"Sequence.shots should be a list of Shot instances, not {shown}"
    )
    assert sequence.shots == []


# lead <-> User.sequences_lead ----------------------------------------------------
def test_lead_in_constructor():
    """A lead given to the constructor leads the sequence."""
    ozgur = make_user()
    sequence = make(lead=ozgur)
    assert sequence.lead is ozgur
    assert ozgur.sequences_lead == [sequence]


def test_lead_set_later():
    """Setting the lead later moves the sequence between the users' lists."""
    ozgur, kutlu = make_user("ozgur"), make_user("kutlu")
    sequence = make(lead=ozgur)
    sequence.lead = kutlu
    assert sequence.lead is kutlu
    assert ozgur.sequences_lead == []
    assert kutlu.sequences_lead == [sequence]
    sequence.lead = None
    assert kutlu.sequences_lead == []


def test_user_sequences_lead_sets_lead():
    """Appending a sequence to User.sequences_lead makes the user its lead."""
    ozgur = make_user()
    sequence = make()
    ozgur.sequences_lead.append(sequence)
    assert sequence.lead is ozgur
    ozgur.sequences_lead = []
    assert sequence.lead is None


@pytest.mark.parametrize(("value", "shown"), [("ozgur", "str: 'ozgur'"), (3, "int: 3")])
def test_bad_lead_in_constructor(value, shown):
    """A lead that is not a User raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(lead=value)
    assert str(error.value) == (
        f"Sequence.lead should be a User instance or None, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), [("ozgur", "str: 'ozgur'"), (3, "int: 3")])
def test_bad_lead_set_later(value, shown):
    """Setting a lead that is not a User raises and keeps the old lead."""
    ozgur = make_user()
    sequence = make(lead=ozgur)
    with pytest.raises(ValidationTypeError) as error:
        sequence.lead = value
    assert str(error.value) == (
        f"Sequence.lead should be a User instance or None, not {shown}"
    )
    assert sequence.lead is ozgur


def test_user_sequences_lead_refuses_other_objects():
    """Appending a non-Sequence to User.sequences_lead raises our error."""
    ozgur = make_user()
    with pytest.raises(ValidationTypeError) as error:
        ozgur.sequences_lead.append(Project(name="Fancy Commercial"))
    assert str(error.value) == (
        "User.sequences_lead should be a list of Sequence instances, "
        "not Project: <Project 'Fancy Commercial'>"
    )
    assert ozgur.sequences_lead == []


# persistence -------------------------------------------------------------------
def test_round_trip(session):
    """A committed sequence reads back with its project, shots and lead."""
    ozgur = make_user()
    project = Project(name="Fancy Commercial")
    shots = [Shot(name=f"Shot {i}", code=f"SH00{i}") for i in (1, 2, 3)]
    sequence = Sequence(
        name="Sequence 1", code="SEQ1", project=project, shots=shots, lead=ozgur
    )
    session.commit()
    sequence_id = sequence.id
    session.expire_all()
    loaded = db.query(Sequence).filter_by(id=sequence_id).one()
    assert loaded.name == "Sequence 1"
    assert loaded.code == "SEQ1"
    assert loaded.project is project
    assert loaded.shots == shots
    assert [shot.code for shot in loaded.shots] == ["SH001", "SH002", "SH003"]
    assert loaded.lead is ozgur
    assert ozgur.sequences_lead == [loaded]
    assert project.sequences == [loaded]
    assert loaded.status_list.target_entity_type == "Sequence"


def test_saved_through_its_project(session):
    """Committing a project saves the sequences and shots hanging off it."""
    meta.auto_add = False
    project = Project(name="Fancy Commercial")
    sequence = Sequence(name="Sequence 1")
    shot = Shot(name="Shot 1")
    assert sequence not in session
    project.sequences.append(sequence)
    sequence.shots.append(shot)
    session.add(project)
    session.commit()
    session.expire_all()
    assert sequence in session
    assert shot in session
    assert db.query(Shot).filter_by(name="Shot 1").one().sequence.project is project


def test_moving_a_shot_is_stored(session):
    """Moving a committed shot to another sequence is stored."""
    project = a_project()
    seq1 = make(name="Sequence 1", project=project)
    seq2 = make(name="Sequence 2", project=project)
    shot = Shot(name="Shot 1", sequence=seq1)
    session.commit()
    seq2.shots.append(shot)
    session.commit()
    session.expire_all()
    assert seq1.shots == []
    assert seq2.shots == [shot]
    assert shot.sequence is seq2
