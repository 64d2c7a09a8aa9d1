"""Version: an iteration of the work on a task, numbered per task and take."""

from __future__ import annotations

import pytest
from factories import a_shot

from stalker import Link, LinkType, StatusedEntity, Task, Version, db
from stalker.core.models.version import DEFAULT_TAKE
from stalker.exceptions import ValidationError, ValidationTypeError


@pytest.fixture
def task() -> Task:
    return Task(task_of=a_shot(), name="Animation")


@pytest.fixture
def make(task):
    def make(**kwargs) -> Version:
        kwargs.setdefault("task", task)
        return Version(**kwargs)

    return make


def make_link(name: str = "Render") -> Link:
    return Link(
        name=name,
        path="/mnt/S/PU/SH001/render",
        filename="sh001.####.exr",
        type=LinkType(name="Image Sequence"),
    )


def test_defaults(make, task):
    """A version of a task has take MAIN, no number yet, no outputs, empty path."""
    version = make()
    assert version.task is task
    assert version.take == "MAIN"
    assert version.take == DEFAULT_TAKE
    assert version.version_number is None
    assert version.outputs == []
    assert version.path == ""
    assert version.filename == ""


def test_is_statused_with_the_default_status_list(make):
    """Without a status_list a version takes the Version list and its first status."""
    version = make()
    assert isinstance(version, StatusedEntity)
    assert version.status_list.target_entity_type == "Version"
    assert version.status.short_name == "NEW"


# name -------------------------------------------------------------------------
def test_name_is_given_automatically(make):
    """Without a name a version is named after its task and take."""
    assert make().name == "Animation MAIN"
    assert make(take="Alt").name == "Animation Alt"


def test_name_given_is_kept(make):
    """A given name is kept."""
    assert make(name="First Blocking").name == "First Blocking"


def test_bad_name_given_is_refused(make):
    """A given bad name is refused, not replaced by the automatic one."""
    with pytest.raises(ValidationError) as error:
        make(name="")
    assert str(error.value) == "Version.name should be a non-empty string, not str: ''"


# task <-> Task.versions ----------------------------------------------------------
def test_task_lists_its_versions(make, task):
    """A version shows in its task's versions, in the order made."""
    first, second = make(), make()
    assert task.versions == [first, second]


def test_task_set_later(make, task):
    """Setting the task later moves the version to the other task."""
    version = make()
    other = Task(task_of=a_shot(), name="Lighting")
    version.task = other
    assert version.task is other
    assert task.versions == []
    assert other.versions == [version]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "NoneType: None"), ("Animation", "str: 'Animation'"), (1, "int: 1")],
)
def test_task_is_required(value, shown):
    """A version without a Task raises in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        Version(task=value)
    assert str(error.value) == f"Version.task should be a Task instance, not {shown}"


@pytest.mark.parametrize(
    ("value", "shown"), [(None, "NoneType: None"), ("Animation", "str: 'Animation'")]
)
def test_bad_task_set_later(make, task, value, shown):
    """Setting a task that is not a Task raises and keeps the old task."""
    version = make()
    with pytest.raises(ValidationTypeError) as error:
        version.task = value
    assert str(error.value) == f"Version.task should be a Task instance, not {shown}"
    assert version.task is task
    assert task.versions == [version]


# take --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MAIN", "MAIN"),
        ("Alt", "Alt"),
        ("take_2", "take_2"),
        ("alt-1", "alt-1"),
        (" Lighting ", "Lighting"),
        ("a" * 64, "a" * 64),
    ],
)
def test_take_in_constructor(make, value, expected):
    """A take of letters, digits, '_' and '-' is kept, stripped."""
    assert make(take=value).take == expected


def test_take_set_later(make):
    """Setting a take later keeps it."""
    version = make()
    version.take = "Previz"
    assert version.take == "Previz"


BAD_TAKES = [
    ("", ValidationError, "a non-empty string, not str: ''"),
    ("   ", ValidationError, "a non-empty string, not str: '   '"),
    (
        "a b",
        ValidationError,
        "letters, digits, '_' or '-' (like 'MAIN'), not str: 'a b'",
    ),
    (
        "-alt",
        ValidationError,
        "letters, digits, '_' or '-' (like 'MAIN'), not str: '-alt'",
    ),
    (
        "x/y",
        ValidationError,
        "letters, digits, '_' or '-' (like 'MAIN'), not str: 'x/y'",
    ),
    (
        "a.b",
        ValidationError,
        "letters, digits, '_' or '-' (like 'MAIN'), not str: 'a.b'",
    ),
    (
        "a" * 65,
        ValidationError,
        "a string of at most 64 characters, not str: '" + "a" * 65 + "'",
    ),
    (None, ValidationTypeError, "a non-empty string, not NoneType: None"),
    (2, ValidationTypeError, "a non-empty string, not int: 2"),
]


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_TAKES)
def test_bad_take_in_constructor(make, value, error_type, expected):
    """A bad take raises in the constructor with the whole story."""
    with pytest.raises(error_type) as error:
        make(take=value)
    assert str(error.value) == f"Version.take should be {expected}"
    assert isinstance(error.value, TypeError) == (error_type is ValidationTypeError)


@pytest.mark.parametrize(("value", "error_type", "expected"), BAD_TAKES)
def test_bad_take_set_later(make, value, error_type, expected):
    """Setting a bad take later raises and keeps the old take."""
    version = make(take="Alt")
    with pytest.raises(error_type) as error:
        version.take = value
    assert str(error.value) == f"Version.take should be {expected}"
    assert version.take == "Alt"


# path and filename ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("attr", "value"), [("path", "PU/Sequences/SEQ1/SH001"), ("filename", "SH001.ma")]
)
def test_path_and_filename(make, attr, value):
    """path and filename take strings, stripped, in the constructor and later."""
    version = make(**{attr: f"  {value} "})
    assert getattr(version, attr) == value
    setattr(version, attr, "other")
    assert getattr(version, attr) == "other"
    setattr(version, attr, "")
    assert getattr(version, attr) == ""


@pytest.mark.parametrize("attr", ["path", "filename"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "NoneType: None"), (3, "int: 3"), (["a"], "list: ['a']")],
)
def test_bad_path_or_filename(make, attr, value, shown):
    """A path or filename that is not a string raises, in the constructor and later."""
    with pytest.raises(ValidationTypeError) as error:
        make(**{attr: value})
    assert str(error.value) == f"Version.{attr} should be a string, not {shown}"
    version = make(**{attr: "kept"})
    with pytest.raises(ValidationTypeError) as error:
        setattr(version, attr, value)
    assert str(error.value) == f"Version.{attr} should be a string, not {shown}"
    assert getattr(version, attr) == "kept"


@pytest.mark.parametrize(
    ("attr", "value", "problem"),
    [
        ("path", "../../../../etc", "with a '..' component"),
        ("path", "PU/../../x", "with a '..' component"),
        ("path", "/etc", "that is absolute"),
        ("path", "C:/Windows", "with a drive letter"),
        ("path", "PU\\SH001", "with a backslash (a separator on Windows only)"),
        ("path", "PU/AUX/x", "with 'AUX', a Windows device name"),
        (
            "path",
            "PU/name /x",
            "with 'name ', which ends with a dot or space (Windows drops it)",
        ),
        ("filename", "../x.ma", "with a '..' component"),
        ("filename", "a/x.ma", "with a '/' in a single file or folder name"),
        ("filename", "ab:c.ma", "with ':', which Windows forbids in 'ab:c.ma'"),
        ("filename", "nul.ma", "with 'nul.ma', a Windows device name"),
    ],
)
def test_path_and_filename_follow_the_rules_of_rendered_paths(
    make, attr, value, problem
):
    """A path or filename that could leave the root or not exist on Windows raises."""
    kind = "relative path" if attr == "path" else "file name"
    expected = (
        f"Version.{attr} should be a {kind} valid on every OS (not one {problem}), "
        f"not str: {value!r}"
    )
    with pytest.raises(ValidationError) as error:
        make(**{attr: value})
    assert str(error.value) == expected
    version = make(**{attr: "kept"})
    with pytest.raises(ValidationError) as error:
        setattr(version, attr, value)
    assert str(error.value) == expected
    assert getattr(version, attr) == "kept"


def test_path_is_stored_in_its_normal_form(make):
    """Repeated separators and '.' components are dropped, as in rendered paths."""
    assert make(path="PU//Sequences/./SEQ1/").path == "PU/Sequences/SEQ1"


# extension ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "kept"), [("ma", ".ma"), (".ma", ".ma"), (" abc ", ".abc"), ("", "")]
)
def test_extension_in_constructor_and_later(make, given, kept):
    """The extension is kept with its dot, given with or without one."""
    assert make().extension == ""
    assert make(extension=given).extension == kept
    version = make(extension="mb")
    version.extension = given
    assert version.extension == kept


@pytest.mark.parametrize(
    ("value", "error_type", "expected"),
    [
        (
            "m a",
            ValidationError,
            "letters, digits, '_' or '-' like 'ma', not str: 'm a'",
        ),
        (
            "../ma",
            ValidationError,
            "letters, digits, '_' or '-' like 'ma', not str: '../ma'",
        ),
        (
            "a" * 17,
            ValidationError,
            f"letters, digits, '_' or '-' like 'ma', not str: {'a' * 17!r}",
        ),
        (None, ValidationTypeError, "a string like 'ma' or '.ma', not NoneType: None"),
        (3, ValidationTypeError, "a string like 'ma' or '.ma', not int: 3"),
    ],
)
def test_bad_extension(make, value, error_type, expected):
    """A bad extension raises, in the constructor and later, keeping the old one."""
    with pytest.raises(error_type) as error:
        make(extension=value)
    assert str(error.value) == f"Version.extension should be {expected}"
    version = make(extension="ma")
    with pytest.raises(error_type) as error:
        version.extension = value
    assert str(error.value) == f"Version.extension should be {expected}"
    assert version.extension == ".ma"


def test_path_too_long(make):
    """A path longer than 1024 characters is refused."""
    with pytest.raises(ValidationError) as error:
        make(path="p" * 1025)
    assert str(error.value).startswith(
        "Version.path should be a string of at most 1024 characters, not str: 'ppp"
    )


# outputs -----------------------------------------------------------------------------
def test_outputs_in_constructor_and_later(make):
    """outputs takes a list of Links, in the constructor and later."""
    render, preview = make_link("Render"), make_link("Preview")
    version = make(outputs=[render])
    assert version.outputs == [render]
    version.outputs.append(preview)
    assert version.outputs == [render, preview]
    version.outputs = [preview]
    assert version.outputs == [preview]
    version.outputs = None
    assert version.outputs == []


BAD_OUTPUTS = [
    ("render.exr", "str: 'render.exr'"),
    (["render.exr"], "str: 'render.exr'"),
    ([None], "NoneType: None"),
    ("type", "LinkType: <LinkType 'Image'>"),
]


def _outputs_value(value):
    return [LinkType(name="Image")] if value == "type" else value


@pytest.mark.parametrize(("value", "shown"), BAD_OUTPUTS)
def test_bad_outputs_in_constructor(make, value, shown):
    """outputs that are not a list of Link raise in the constructor."""
    with pytest.raises(ValidationTypeError) as error:
        make(outputs=_outputs_value(value))
    assert (
        str(error.value)
        == f"Version.outputs should be a list of Link instances, not {shown}"
    )


@pytest.mark.parametrize(("value", "shown"), BAD_OUTPUTS)
def test_bad_outputs_set_later(make, value, shown):
    """Setting outputs that are not a list of Link raises and keeps the old ones."""
    render = make_link()
    version = make(outputs=[render])
    with pytest.raises(ValidationTypeError) as error:
        version.outputs = _outputs_value(value)
    assert (
        str(error.value)
        == f"Version.outputs should be a list of Link instances, not {shown}"
    )
    assert version.outputs == [render]


def test_bad_output_appended_later(make):
    """Appending a non-Link to outputs raises our error."""
    version = make()
    with pytest.raises(ValidationTypeError) as error:
        version.outputs.append("render.exr")
    assert str(error.value) == (
        "Version.outputs should be a list of Link instances, not str: 'render.exr'"
    )
    assert version.outputs == []


# version_number -------------------------------------------------------------------------
def test_version_number_is_read_only(make):
    """version_number cannot be set, nor given to the constructor."""
    version = make()
    with pytest.raises(AttributeError):
        version.version_number = 3
    assert version.version_number is None
    with pytest.raises(ValidationTypeError) as error:
        make(version_number=3)
    assert (
        str(error.value) == "Version() got unexpected keyword arguments: version_number"
    )


def test_version_number_given_at_flush(session, make):
    """version_number is None until flushed, then 1, 2, 3 in the order made."""
    versions = [make(), make(), make()]
    assert [v.version_number for v in versions] == [None, None, None]
    session.flush()
    assert [v.version_number for v in versions] == [1, 2, 3]


def test_version_number_continues_after_commit(session, make):
    """Versions saved later continue from the highest stored number."""
    first = make()
    session.commit()
    second, third = make(), make()
    session.commit()
    fourth = make()
    session.flush()
    assert [v.version_number for v in (first, second, third, fourth)] == [1, 2, 3, 4]


def test_version_number_is_per_take(session, make):
    """Each take of a task is numbered on its own."""
    main1, alt1, main2, alt2 = make(), make(take="Alt"), make(), make(take="Alt")
    session.commit()
    main3 = make(take="MAIN")
    alt3 = make(take="Alt")
    other = make(take="Other")
    session.flush()
    assert [main1.version_number, main2.version_number, main3.version_number] == [
        1,
        2,
        3,
    ]
    assert [alt1.version_number, alt2.version_number, alt3.version_number] == [1, 2, 3]
    assert other.version_number == 1


def test_version_number_is_per_task(session, make, task):
    """Versions of another task start again from 1."""
    make()
    make()
    other = Version(task=Task(task_of=a_shot(), name="Lighting"))
    session.flush()
    assert other.version_number == 1
    assert [v.version_number for v in task.versions] == [1, 2]


def test_version_number_is_kept_when_changed_and_saved_again(session, make):
    """A saved version keeps its number when it changes and is saved again."""
    version = make()
    session.commit()
    version.path = "PU/SH001"
    session.commit()
    session.expire_all()
    assert version.version_number == 1


# persistence ------------------------------------------------------------------------------
def test_round_trip(session, make, task):
    """A committed version reads back with every attribute equal."""
    render = make_link()
    version = make(
        take="Lighting_Pass",
        outputs=[render],
        path="PU/Sequences/SEQ1/SH001/Lighting",
        filename="SH001_Lighting_Pass_v001.ma",
        extension="ma",
        description="first pass",
    )
    session.commit()
    version_id = version.id
    session.expire_all()
    loaded = db.query(Version).filter_by(id=version_id).one()
    assert loaded.task is task
    assert loaded.take == "Lighting_Pass"
    assert loaded.version_number == 1
    assert loaded.outputs == [render]
    assert loaded.outputs[0].filename == "sh001.####.exr"
    assert loaded.path == "PU/Sequences/SEQ1/SH001/Lighting"
    assert loaded.filename == "SH001_Lighting_Pass_v001.ma"
    assert loaded.extension == ".ma"
    assert loaded.name == "Animation Lighting_Pass"
    assert loaded.description == "first pass"
    assert task.versions == [loaded]


def test_a_numbered_version_stays_in_its_task_and_take(session, make, task):
    """Once numbered, moving a version to another take or task is refused."""
    version = make()
    session.flush()
    version.take = "MAIN"  # the same take: nothing moves
    version.task = task
    with pytest.raises(ValidationError) as error:
        version.take = "Alt"
    assert str(error.value) == (
        "Version.take should be 'MAIN' once the version is numbered, not str: 'Alt'"
    )
    with pytest.raises(ValidationError) as error:
        version.task = Task(name="Other")
    assert str(error.value).startswith(f"Version.task should be {task!r} once")
    assert (version.take, version.task) == ("MAIN", task)
