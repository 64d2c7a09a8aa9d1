"""Views: what templates see of model objects, read-only and allow-listed."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker import Project, Task, User
from stalker.files import views


@pytest.fixture
def project(production) -> views.View:
    return views.view(production.project)


def test_a_view_answers_its_allowed_names(production, project):
    """Plain values as they are, related objects as views, lists as tuples."""
    assert project.code == "FANCY_COMMERCIAL"
    assert isinstance(project.date_created, dt.datetime)
    assert isinstance(project.repository, views.View)
    assert views.source(project.repository) is production.repository
    assert [views.source(s) for s in project.sequences] == [production.sequence]
    assert isinstance(project.sequences, tuple)
    assert project.sequences[0].shots[0].code == "SH001"


def test_values_are_read_when_asked_for(production, project):
    """A view holds no copy: it reads the model's value when asked, views made then."""
    assert project.sequences == project.sequences
    assert project.repository == project.repository
    assert project.code == "FANCY_COMMERCIAL"
    production.project.code = "OTHER"
    assert project.code == "OTHER"


@pytest.mark.parametrize(
    "name", ["password", "check_password", "structure", "create_structure", "users"]
)
def test_other_names_are_not_there(project, name):
    """Names off the allow-list are not on the view at all."""
    with pytest.raises(AttributeError):
        getattr(project, name)
    assert not views.allows(project, name)


def test_a_view_cannot_be_changed(project):
    """Setting or deleting any attribute is refused; a view has no __dict__."""
    for name in ("code", "anything", "_stalker_source"):
        with pytest.raises(AttributeError) as error:
            setattr(project, name, "x")
        assert str(error.value) == "a Project view cannot be changed"
        with pytest.raises(AttributeError):
            delattr(project, name)
    assert not hasattr(project, "__dict__")


def test_views_of_one_object_are_equal(production, project):
    """Two views of the same object compare and hash equal; others do not."""
    again = views.view(production.project)
    assert again == project and hash(again) == hash(project)
    assert project != views.view(production.sequence)
    assert project != production.project
    assert repr(project) == "<Project 'Fancy Commercial'>"


def test_none_has_no_view():
    """view_or_none() passes None through."""
    assert views.view_or_none(None) is None


def test_a_value_templates_cannot_see_is_an_error(project):
    """An allowed name holding something else than plain values and models raises."""
    with pytest.raises(TypeError) as error:
        views.visible(len, type(project), "code")
    assert str(error.value) == (
        "Project.code holds a builtin_function_or_method, which templates cannot see"
    )


def test_subclasses_read_what_their_classes_read():
    """A class without an entry of its own reads its nearest listed bases' names."""

    class Character(Task):
        pass

    assert views.names_of(Character) == views.names_of(Task)
    assert views.view_class(Character) is views.view_class(Character)
    assert "login_name" in views.names_of(User)
    assert "password" not in views.names_of(User)
    assert views.reference()["Project"] == tuple(sorted(views.names_of(Project)))


def test_hidden_names_are_told_from_unknown_ones(project):
    """hides(): the model has the name but templates may not read it."""
    assert views.hides(project, "create_structure")
    assert not views.hides(project, "no_such_name")
    assert not views.hides(project, "code")


def test_lists_of_plain_values_become_tuples(project):
    """A list of plain values is a tuple of them; a plain value stays itself."""
    assert views.visible([1, "a", None], type(project), "code") == (1, "a", None)
    assert views.visible("a", type(project), "code") == "a"


def test_the_tasks_of_a_project_or_sequence_are_seen_as_views(production, project):
    """Their own tasks, as a shot's; a project's ``project`` (itself) stays hidden."""
    pitch = Task(name="Pitch", task_of=production.project)
    edit = Task(name="Edit", task_of=production.sequence)
    assert [views.source(task) for task in project.tasks] == [pitch]
    assert [task.name for task in project.sequences[0].tasks] == ["Edit"]
    assert views.source(views.view(edit).task_of) is production.sequence
    assert views.hides(project, "project")
    with pytest.raises(AttributeError):
        project.project  # noqa: B018
