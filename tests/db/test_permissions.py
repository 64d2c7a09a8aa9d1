"""login_required and permission_required: decorators that guard functions."""

from __future__ import annotations

import pytest

from stalker import Group, User
from stalker.db import auth
from stalker.exceptions import LoginError, PermissionDeniedError, ValidationTypeError

pytestmark = pytest.mark.usefixtures("login_folder")


@pytest.fixture
def lead(session, make_user) -> User:
    user = make_user("lead")
    Group(name="Leads", users=[user])
    session.commit()
    return user


@pytest.fixture
def artist(session, make_user) -> User:
    user = make_user("artist")
    session.commit()
    return user


def approve(shot: str) -> str:
    """A function only some users may run."""
    return f"{shot} approved"


# login_required -----------------------------------------------------------
def test_login_required_runs_the_function_for_a_logged_in_user(artist):
    """With someone logged in, the view is not asked and the function runs."""
    asked = []
    guarded = auth.login_required(lambda: asked.append(1) or False)(approve)
    auth.login(artist)
    assert guarded("SH010") == "SH010 approved"
    assert asked == []
    assert guarded.__name__ == "approve"
    assert guarded.__doc__ == "A function only some users may run."


def test_login_required_asks_the_view_to_log_someone_in(artist):
    """Nobody logged in: the view runs; when it logs someone in, so does the function."""

    def show_login_dialog() -> bool:
        auth.login(auth.authenticate("artist", "secret"))
        return True

    guarded = auth.login_required(show_login_dialog)(approve)
    assert guarded("SH010") == "SH010 approved"
    assert auth.get_user() is artist


def test_login_required_raises_when_the_view_fails():
    """A view returning False makes the call raise LoginError; nothing runs."""
    ran = []

    @auth.login_required(lambda: False)
    def work() -> None:
        ran.append(1)

    with pytest.raises(LoginError) as error:
        work()
    assert str(error.value) == (
        "test_login_required_raises_when_the_view_fails.<locals>.work() needs a "
        "logged-in user; test_login_required_raises_when_the_view_fails.<locals>."
        "<lambda>() logged nobody in"
    )
    assert ran == []


def test_login_required_does_not_trust_a_view_that_logged_nobody_in():
    """A view that says True without logging anyone in still fails."""
    guarded = auth.login_required(lambda: True, "Please log in first")(approve)
    with pytest.raises(LoginError) as error:
        guarded("SH010")
    assert str(error.value) == "Please log in first"


@pytest.mark.parametrize("view", [None, "show_login_dialog", 42])
def test_login_required_needs_a_callable_view(view):
    """The view must be a function; anything else raises at decoration."""
    with pytest.raises(ValidationTypeError) as error:
        auth.login_required(view)
    assert str(error.value).startswith("login_required.view should be a callable, not ")


# permission_required ------------------------------------------------------
@pytest.mark.parametrize("by", ["name", "group"])
def test_members_of_the_group_may_run_the_function(lead, by, session):
    """The group is given by name or as the Group object."""
    group = "Leads" if by == "name" else session.query(Group).one()
    guarded = auth.permission_required(group)(approve)
    auth.login(lead)
    assert guarded("SH010") == "SH010 approved"
    assert guarded.__name__ == "approve"


@pytest.mark.parametrize("by", ["name", "group"])
def test_others_are_refused(lead, artist, by, session):
    """A user outside the group gets PermissionDeniedError naming group and user."""
    group = "Leads" if by == "name" else session.query(Group).one()
    guarded = auth.permission_required(group)(approve)
    auth.login(artist)
    with pytest.raises(PermissionDeniedError) as error:
        guarded("SH010")
    assert str(error.value) == (
        "approve() needs a member of the Group 'Leads'; 'artist' is not one"
    )


def test_nobody_logged_in_is_a_login_error(lead):
    """Without a login the function does not run and LoginError says why."""
    guarded = auth.permission_required("Leads")(approve)
    with pytest.raises(LoginError) as error:
        guarded("SH010")
    assert str(error.value) == (
        "approve() needs a logged-in member of the Group 'Leads'; nobody is logged in"
    )


def test_error_message_replaces_the_default(artist, lead):
    """The given error_message is the message of both refusals."""
    guarded = auth.permission_required("Leads", "Leads only!")(approve)
    with pytest.raises(LoginError, match=r"^Leads only!$"):
        guarded("SH010")
    auth.login(artist)
    with pytest.raises(PermissionDeniedError, match=r"^Leads only!$"):
        guarded("SH010")


def test_membership_is_read_at_each_call(lead, session):
    """Taking a user out of the group refuses the next call."""
    guarded = auth.permission_required("Leads")(approve)
    auth.login(lead)
    assert guarded("SH010") == "SH010 approved"
    lead.permission_groups = []
    session.commit()
    with pytest.raises(PermissionDeniedError):
        guarded("SH010")


def test_a_group_of_the_same_name_elsewhere_is_not_the_group(lead, session):
    """Given as an object, only that very Group counts."""
    other = Group(name="Leads")
    session.commit()
    guarded = auth.permission_required(other)(approve)
    auth.login(lead)
    with pytest.raises(PermissionDeniedError):
        guarded("SH010")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "NoneType: None"), ("  ", "str: '  '"), (3, "int: 3")],
)
def test_permission_group_must_be_a_group_or_a_name(value, shown):
    """Anything but a Group or a non-empty name raises at decoration."""
    with pytest.raises(ValidationTypeError) as error:
        auth.permission_required(value)
    assert str(error.value) == (
        f"permission_required.permission_group should be a Group or the name of "
        f"one, not {shown}"
    )


# project_member_required --------------------------------------------------
def publish(project, shot: str) -> str:
    """A function only the people of a project may run on it."""
    return f"{shot} of {project.code} published"


@pytest.fixture
def project(session, lead, artist):
    from stalker import Project

    project = Project(name="Fancy Commercial", lead=lead, users=[artist])
    session.commit()
    return project


@pytest.mark.parametrize("who", ["lead", "artist"])
def test_the_lead_and_the_users_of_the_project_may_run_it(project, who, request):
    """The project's lead and its users are its members."""
    guarded = auth.project_member_required()(publish)
    auth.login(request.getfixturevalue(who))
    assert guarded(project, "SH010") == "SH010 of FANCY_COMMERCIAL published"
    assert guarded(shot="SH020", project=project).startswith("SH020")


def test_people_outside_the_project_are_refused(project, make_user, session):
    """Someone not on the project gets PermissionDeniedError naming both."""
    outsider = make_user("outsider")
    session.commit()
    guarded = auth.project_member_required()(publish)
    auth.login(outsider)
    with pytest.raises(PermissionDeniedError) as error:
        guarded(project, "SH010")
    assert str(error.value) == (
        "publish() needs a member of the Project 'Fancy Commercial'; "
        "'outsider' is not one"
    )


def test_project_membership_needs_a_login(project):
    """Without a login the function does not run."""
    guarded = auth.project_member_required(error_message="Log in first")(publish)
    with pytest.raises(LoginError, match=r"^Log in first$"):
        guarded(project, "SH010")


def publish_on(target, shot: str) -> str:
    """The same, with the project under another name."""
    return f"{shot} on {target.code}"


def test_the_project_argument_is_named_and_checked(project, artist):
    """The argument holding the project may be renamed; a non-Project is refused."""
    auth.login(artist)
    assert auth.project_member_required("target")(publish_on)(project, "SH1") == (
        "SH1 on FANCY_COMMERCIAL"
    )
    with pytest.raises(ValidationTypeError) as error:
        auth.project_member_required("target")(publish_on)("FANCY", "SH1")
    assert str(error.value) == "publish_on.target should be a Project, not str: 'FANCY'"
    with pytest.raises(ValidationTypeError) as error:
        auth.project_member_required()(publish_on)
    assert str(error.value) == (
        "project_member_required.argument should be the name of an argument of "
        "publish_on(), not str: 'project'"
    )
