"""Version placement: path and filename from the TypeTemplate of the task's type."""

from __future__ import annotations

import pytest
from factories import numbered
from statements import statements_of

from stalker import Asset, ProjectType, Task, TypeTemplate, User, Version, db
from stalker.exceptions import (
    MissingTemplateError,
    RepositoryError,
    TemplateError,
    TemplateSecurityError,
    UnsafePathError,
    ValidationError,
)
from stalker.files import placement, templates, views
from stalker.files.lookup import find_version

CHAR_PATH = "TypeTemplate('Character').path_code"
CHAR_FILE = "TypeTemplate('Character').file_code"


def test_asset_version_paths(production):
    """An asset's version gets the seed's path and file name, with the extension."""
    version = numbered(production.model_task)
    version.update_paths("ma")
    assert version.path == "ASSETS/Character/Olum/MODEL"
    assert version.filename == "Olum_MAIN_Character_v001.ma"
    assert version.absolute_path == (
        f"{production.root.as_posix()}/FANCY_COMMERCIAL/ASSETS/Character/Olum/MODEL/"
        f"Olum_MAIN_Character_v001.ma"
    )


def test_shot_version_paths(production):
    """A shot's version uses the Shot template with sequence and shot in context."""
    first, second = numbered(production.anim_task), numbered(production.anim_task)
    second.update_paths(".mb")
    assert second.path == "Sequences/SEQ1/Shots/SH001/Animation"
    assert second.filename == "SH001_MAIN_v2.mb"
    first.update_paths()
    assert first.filename == "SH001_MAIN_v1"


def test_paths_persist(production):
    """Rendered paths are stored with the version."""
    version = numbered(production.model_task, take="Alt")
    version.update_paths("ma")
    db.session.commit()
    db.session.expire_all()
    assert (version.path, version.filename) == (
        "ASSETS/Character/Olum/MODEL",
        "Olum_Alt_Character_v001.ma",
    )


def test_absolute_path_for_other_os(production, monkeypatch):
    """absolute_path answers for the running OS; the repository converts it."""
    version = numbered(production.model_task)
    version.update_paths("ma")
    linux = version.absolute_path
    monkeypatch.setattr("platform.system", lambda: "Windows")
    assert version.absolute_path == (
        "M:/PROJECTS/FANCY_COMMERCIAL/ASSETS/Character/Olum/MODEL/Olum_MAIN_Character_v001.ma"
    )
    assert production.repository.to_path(linux, "Windows") == version.absolute_path


def test_context_holds_the_contract_variables(production):
    """The context has every variable the contract lists."""
    ozgur = User(
        login_name="ozgur", first_name="O", email="o@example.com", password="x"
    )
    version = numbered(production.anim_task, created_by=ozgur)
    context = placement.context(version)
    assert set(context) == {
        "repository",
        "project",
        "sequence",
        "shot",
        "asset",
        "asset_type",
        "pipeline_step",
        "task",
        "take",
        "version",
        "user",
    }
    assert len(context) == 11
    assert views.source(context["shot"]) is production.shots[0]
    assert views.source(context["sequence"]) is production.sequence
    assert views.source(context["user"]) is ozgur
    assert all(isinstance(value, (views.View, str)) for value in context.values()), (
        "templates get views, never model objects"
    )
    assert context["take"] == "MAIN"
    assert context["take"].name == "MAIN"
    assert placement.context(numbered(production.model_task))["shot"] is None


def test_type_template_of_a_version(production):
    """type_template() finds the TypeTemplate of the shot's or asset's type."""
    assert placement.type_template(numbered(production.model_task)) is (
        production.character_template
    )
    assert placement.type_template(numbered(production.anim_task)) is (
        production.shot_template
    )


def test_created_folder(production):
    """create_folder() makes the version's folder (parents too), once."""
    version = numbered(production.model_task)
    version.update_paths("ma")
    created = version.create_folder()
    base = production.root / "FANCY_COMMERCIAL"
    assert created == [
        str(base),
        str(base / "ASSETS"),
        str(base / "ASSETS/Character"),
        str(base / "ASSETS/Character/Olum"),
        str(base / "ASSETS/Character/Olum/MODEL"),
    ]
    assert version.create_folder() == []


def test_templates_compile_once(production):
    """Rendering many versions' paths compiles each template once."""
    templates.compile_template.cache_clear()
    versions = [Version(task=production.model_task) for _ in range(30)]
    db.session.flush()
    for version in versions:
        version.update_paths("ma")
    assert templates.compile_template.cache_info().misses == 2
    assert versions[-1].filename == "Olum_MAIN_Character_v030.ma"


def test_paths_need_a_number(production):
    """Before the flush there is no number to render paths with."""
    version = Version(task=production.model_task)
    with pytest.raises(ValidationError) as error:
        version.update_paths("ma")
    assert str(error.value) == (
        "Version.version_number should be assigned before paths are rendered "
        "(flush the session first), not NoneType: None"
    )
    assert version.path == ""


@pytest.mark.parametrize(
    ("extension", "shown"),
    [
        ("m a", "str: 'm a'"),
        ("../ma", "str: '../ma'"),
        ("ma/x", "str: 'ma/x'"),
        ("a" * 17, f"str: {'a' * 17!r}"),
        ("..", "str: '..'"),
    ],
)
def test_bad_extensions_are_refused(production, extension, shown):
    """An extension is letters, digits, '_' or '-', with or without a dot."""
    version = numbered(production.model_task)
    with pytest.raises(ValidationError) as error:
        version.update_paths(extension)
    assert str(error.value) == (
        f"Version.extension should be letters, digits, '_' or '-' like 'ma', not {shown}"
    )
    assert (version.filename, version.extension) == ("Olum_MAIN_Character_v001", "")


def test_extension_must_be_a_string(production):
    """An extension that is not a string raises."""
    version = numbered(production.model_task)
    with pytest.raises(ValidationError) as error:
        version.update_paths(3)
    assert str(error.value) == (
        "Version.extension should be a string like 'ma' or '.ma', not int: 3"
    )


def test_missing_type_template_is_an_error(production):
    """A type without a TypeTemplate in the Structure raises, naming both."""
    production.structure.asset_templates.remove(production.character_template)
    version = numbered(production.model_task)
    with pytest.raises(MissingTemplateError) as error:
        version.update_paths("ma")
    assert str(error.value) == (
        "Structure.asset_templates should be a list holding a TypeTemplate for "
        "AssetType 'Character', not list: "
        f"[<TypeTemplate 'Shot' id={production.structure.asset_templates[0].id}>]"
    )


def test_missing_links_are_errors(production):
    """No shot or asset, no project, no structure or no type: each a clear error."""
    loose = numbered(Task(name="Loose"))
    with pytest.raises(MissingTemplateError) as error:
        loose.update_paths()
    assert str(error.value) == (
        "Task.task_of should be a Project, Sequence, Shot or Asset to place its "
        "versions, not NoneType: None"
    )
    orphan = numbered(Task(name="Orphan", task_of=Asset(name="Orphan")))
    with pytest.raises(MissingTemplateError) as error:
        orphan.update_paths()
    assert str(error.value) == (
        "Asset.project should be a Project to place its versions, not NoneType: None"
    )
    untyped = numbered(
        Task(name="T", task_of=Asset(name="Untyped", project=production.project))
    )
    with pytest.raises(MissingTemplateError) as error:
        untyped.update_paths()
    assert str(error.value) == (
        "Asset.type should be an AssetType to find its TypeTemplate, not NoneType: None"
    )
    version = numbered(production.model_task)
    production.project.structure = None
    with pytest.raises(MissingTemplateError) as error:
        version.update_paths()
    assert str(error.value) == (
        "Project.structure should be a Structure to place versions, not NoneType: None"
    )


def test_absolute_path_needs_rendered_paths(production):
    """Without a rendered file name there is no file to point at."""
    production.structure.asset_templates.remove(production.character_template)
    version = numbered(production.model_task)
    with pytest.raises(ValidationError) as error:
        version.absolute_path  # noqa: B018
    assert str(error.value) == (
        "Version.filename should be rendered first (call update_paths()), not str: ''"
    )


def kept(task: Task) -> Version:
    """A numbered version given its paths, which the flush therefore keeps."""
    return numbered(task, path="kept", filename="kept.ma")


def unsafe(production, extension: str = "ma") -> str:
    """Render a version's paths, expecting UnsafePathError; nothing may change."""
    version = kept(production.model_task)
    with pytest.raises(UnsafePathError) as error:
        version.update_paths(extension)
    assert (version.path, version.filename, version.extension) == (
        "kept",
        "kept.ma",
        "",
    )
    return str(error.value)


def test_absolute_path_needs_a_root(production):
    """A repository without a root for this OS cannot place the file."""
    version = numbered(production.model_task)
    version.update_paths("ma")
    production.repository.linux_path = ""
    with pytest.raises(RepositoryError):
        version.absolute_path  # noqa: B018


@pytest.mark.parametrize(
    ("path_code", "problem"),
    [
        ("../../{{ asset.name }}", "with a '..' component"),
        ("/tmp/{{ asset.name }}", "that is absolute"),
        ("D:/{{ asset.name }}", "with a drive letter"),
        ("{{ asset.name }}\\..", "with a backslash (a separator on Windows only)"),
        ("{{ asset.name }}/NUL", "with 'NUL', a Windows device name"),
    ],
)
def test_hostile_path_codes(production, path_code, problem):
    """A path_code leaving the project folder is refused; nothing changes."""
    production.character_template.path_code = path_code
    assert unsafe(production).startswith(
        f"{CHAR_PATH} should give a relative path that stays under the repository "
        f"root on every OS, not one {problem}: "
    )


@pytest.mark.parametrize(
    ("file_code", "problem"),
    [
        ("../{{ asset.name }}", "with a '..' component"),
        ("sub/{{ asset.name }}", "with a '/' in a single file or folder name"),
        ("{{ asset.name }}?", "with '?', which Windows forbids in 'Olum?.ma'"),
        ("{{ '' }}", "that is empty"),
    ],
)
def test_hostile_file_codes(production, file_code, problem):
    """A file_code must give one safe file name."""
    production.character_template.file_code = file_code
    message = unsafe(production, "" if "''" in file_code else "ma")
    assert message.startswith(f"{CHAR_FILE} should give a relative path")
    assert f"not one {problem}: " in message


@pytest.mark.parametrize(
    ("attribute", "value"),
    [("name", "Olum/../../../x"), ("code", "..")],
)
def test_hostile_asset_data(production, attribute, value):
    """Hostile data in an asset is caught like a hostile template."""
    production.character_template.path_code = "{{ asset." + attribute + " }}"
    setattr(production.asset, attribute, value)
    assert "with a '..' component" in unsafe(production)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("FC/../..", "with a '..' component"),
        ("FC/X", "with a '/' in a single file or folder name"),
        ("..", "with a '..' component"),
        ("C:", "with a drive letter"),
    ],
)
def test_hostile_project_code(production, code, problem):
    """The project's folder is its code: one safe name, or an error."""
    production.project.code = code
    assert unsafe(production) == (
        "Project('Fancy Commercial').code should give a relative path that stays "
        f"under the repository root on every OS, not one {problem}: {code!r}"
    )


def test_too_long_path_is_refused(production):
    """A rendered path longer than the database column is refused."""
    production.character_template.path_code = "{{ 'a' * 200 }}/" * 5
    version = kept(production.model_task)
    with pytest.raises(ValidationError) as error:
        version.update_paths("ma")
    assert str(error.value).startswith("Version.path should be at most 1024 characters")


def test_template_errors_name_the_template(production):
    """A broken or hostile template names itself in the error."""
    production.character_template.file_code = "{{ version.nope }}"
    version = kept(production.model_task)
    with pytest.raises(TemplateError) as error:
        version.update_paths("ma")
    assert str(error.value).startswith(f"{CHAR_FILE} cannot be rendered (line 1): ")
    production.character_template.file_code = "{{ user.password }}"
    version.created_by = User(
        login_name="x", first_name="X", email="x@x.x", password="p"
    )
    with pytest.raises(TemplateSecurityError) as error:
        version.update_paths("ma")
    assert str(error.value) == (
        f"{CHAR_FILE} is refused (line 1): "
        f"User.password (not among the names templates may read)"
    )


def test_unset_user_is_an_error_not_none(production):
    """A template using an unset variable (user None) raises instead of 'None'."""
    production.character_template.file_code = "{{ user.login_name }}"
    version = kept(production.model_task)
    with pytest.raises(TemplateError) as error:
        version.update_paths("ma")
    assert "cannot be rendered (line 1): " in str(error.value)


def test_template_type_is_any_type_entity(production):
    """A TypeTemplate with another type never matches the asset's type."""
    from stalker import LinkType

    production.structure.asset_templates.insert(
        0,
        TypeTemplate(
            name="Images", path_code="x", file_code="y", type=LinkType(name="Image")
        ),
    )
    version = numbered(production.model_task)
    version.update_paths("ma")
    assert version.path == "ASSETS/Character/Olum/MODEL"


def test_template_type_is_any_type_entity_in_a_new_session(production):
    """Read in one statement, a template of another type still never matches."""
    from stalker import LinkType

    structure = production.structure
    structure.asset_templates.remove(production.character_template)
    images = TypeTemplate(
        name="Images", path_code="x", file_code="y", type=LinkType(name="Image")
    )
    structure.asset_templates.append(images)
    db.session.flush()
    character = TypeTemplate(
        name="Character",
        path_code=production.character_template.path_code,
        file_code=production.character_template.file_code,
        type=production.character,
    )
    structure.asset_templates.append(character)
    version = numbered(production.model_task)
    version_id = version.id
    db.session.commit()
    db.session.expunge_all()
    version = db.session.get(Version, version_id)
    version.update_paths("ma")
    assert version.path == "ASSETS/Character/Olum/MODEL"
    templates = version.task.task_of.project.structure.asset_templates
    assert [template.name for template in templates] == ["Shot", "Images", "Character"]
    assert templates[1].type.name == "Image"


def test_chain_at_hand_is_not_read_again(production):
    """Rendering the paths of a task's next versions runs no statement."""
    first, second = numbered(production.anim_task), numbered(production.anim_task)
    first.update_paths("ma")
    _, statements = statements_of(lambda: second.update_paths("mb"))
    assert statements == []
    db.session.commit()  # expires the versions and their task
    _, statements = statements_of(lambda: first.update_paths("ma"))
    assert len(statements) == 2  # the version; task and chain
    assert second.version_number == 2  # refreshed: the tool has it at hand
    _, statements = statements_of(lambda: second.update_paths("ma"))
    assert statements == []
    assert second.filename == "SH001_MAIN_v2.ma"


def test_paths_of_a_detached_version_render_from_what_it_holds(production):
    """Out of the session, a version whose chain was loaded still renders."""
    version = numbered(production.model_task)
    version.update_paths("ma")
    db.session.expunge_all()
    version.update_paths("mb")
    assert version.filename == "Olum_MAIN_Character_v001.mb"


def _tables_read(version: Version) -> str:
    """The SQL the version's update_paths() sends, all in one string."""
    _, sent = statements_of(lambda: version.update_paths("ma"))
    return "\n".join(sent)


def test_rendering_reads_only_the_variables_used(production, session):
    """A variable no template uses is not read: its row is not even loaded."""
    artist = User(login_name="artist", first_name="A", email="a@x.x", password="p")
    version = numbered(production.anim_task, created_by=artist)
    session.commit()
    session.expire_all()
    assert "users" not in _tables_read(version)
    production.shot_template.file_code = "{{ user.login_name }}_{{ take }}"
    session.commit()
    session.expire_all()
    assert "users" in _tables_read(version)
    assert version.filename == "artist_MAIN.ma"


#: A template for the tasks of a project and of its sequences (ProjectType's).
PRODUCTION_PATH = (
    "{% if sequence %}Sequences/{{ sequence.code }}/{% endif %}{{ task.name }}"
)


@pytest.fixture
def typed(production):
    """The production's project with a ProjectType and its TypeTemplate."""
    commercial = ProjectType(name="Commercial")
    production.project.type = commercial
    production.structure.asset_templates.append(
        TypeTemplate(
            name="Production",
            path_code=PRODUCTION_PATH,
            file_code="{{ project.code }}_{{ task.name }}_v{{ version.version_number }}",
            type=commercial,
        )
    )
    return production


def test_a_project_task_version_is_placed_by_the_project_type(typed):
    """The project's own task: the ProjectType's template, no sequence, shot, asset."""
    pitch = Task(name="Pitch", task_of=typed.project)
    version = numbered(pitch)
    assert (version.path, version.filename) == ("Pitch", "FANCY_COMMERCIAL_Pitch_v1")
    context = placement.context(version)
    assert [context[name] for name in ("sequence", "shot", "asset", "asset_type")] == [
        None
    ] * 4
    assert views.source(context["project"]) is typed.project
    assert placement.owner_of(version) is typed.project
    assert placement.project_of(version) is typed.project


def test_a_sequence_task_version_has_its_sequence_in_context(typed):
    """A sequence's task: the ProjectType's template, with the sequence."""
    edit = Task(name="Edit", task_of=typed.sequence)
    version = numbered(edit)
    assert version.path == "Sequences/SEQ1/Edit"
    context = placement.context(version)
    assert views.source(context["sequence"]) is typed.sequence
    assert (context["shot"], context["asset"]) == (None, None)
    assert version.absolute_path == (
        f"{typed.root.as_posix()}/FANCY_COMMERCIAL/Sequences/SEQ1/Edit/"
        "FANCY_COMMERCIAL_Edit_v1"
    )


def test_a_project_task_without_a_project_type_template(production):
    """No ProjectType or no template for it: left unplaced at flush, clear errors."""
    version = numbered(Task(name="Pitch", task_of=production.project))
    assert (version.path, version.filename) == ("", "")
    with pytest.raises(MissingTemplateError) as error:
        version.update_paths()
    assert str(error.value) == (
        "Project.type should be a ProjectType to find the TypeTemplate of its own "
        "and its sequences' tasks, not NoneType: None"
    )
    production.project.type = ProjectType(name="Feature")
    with pytest.raises(MissingTemplateError) as error:
        version.update_paths()
    assert str(error.value).startswith(
        "Structure.asset_templates should be a list holding a TypeTemplate for "
        "ProjectType 'Feature', not list: "
    )


def test_versions_of_a_project_and_a_shot_placed_together(typed):
    """update_paths over versions of several kinds of owners places each its way."""
    versions = [
        numbered(Task(name="Pitch", task_of=typed.project)),
        numbered(typed.anim_task),
        numbered(Task(name="Edit", task_of=typed.sequence)),
    ]
    db.session.commit()
    db.session.expire_all()
    placement.update_paths(versions, "mov")
    assert [version.path for version in versions] == [
        "Pitch",
        "Sequences/SEQ1/Shots/SH001/Animation",
        "Sequences/SEQ1/Edit",
    ]
    db.session.commit()
    db.session.expire_all()
    found = [find_version(version.absolute_path) for version in versions]
    assert found == versions
    assert [version.task.task_of for version in found] == [
        typed.project,
        typed.shots[0],
        typed.sequence,
    ]
