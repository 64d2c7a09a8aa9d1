"""Project folders: rendered from the Structure, created under the repository root."""

from __future__ import annotations

import os

import pytest

from stalker import Project, Repository
from stalker.exceptions import (
    MissingTemplateError,
    RepositoryError,
    TemplateError,
    TemplateSecurityError,
    UnsafePathError,
    ValidationTypeError,
)

EXPECTED = [
    "FANCY_COMMERCIAL",
    "FANCY_COMMERCIAL/Assets",
    "FANCY_COMMERCIAL/Sequences",
    "FANCY_COMMERCIAL/Sequences/SEQ1",
    "FANCY_COMMERCIAL/Sequences/SEQ1/Edit",
    "FANCY_COMMERCIAL/Sequences/SEQ1/Shots",
    "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH001",
    "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH002",
    "FANCY_COMMERCIAL/References",
]
LABEL = "Structure('Commercial Structure').project_template"


def tree(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
        for folder, names, _ in os.walk(root)
        for name in names
    )


def test_folders_are_rendered_without_touching_disk(production):
    """folders() lists the non-blank lines, checked, without creating anything."""
    folders = production.structure.folders(production.project)
    assert folders == [
        "FANCY_COMMERCIAL",
        "FANCY_COMMERCIAL/Assets",
        "FANCY_COMMERCIAL/Sequences",
        "FANCY_COMMERCIAL/Sequences/SEQ1/Edit",
        "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH001",
        "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH002",
        "FANCY_COMMERCIAL/References",
    ]
    assert tree(production.root) == []


def test_create_makes_the_folders_and_returns_them(production):
    """create() makes every missing folder (parents too) and returns them, in order."""
    created = production.structure.create(production.project)
    assert created == [str(production.root / folder) for folder in EXPECTED]
    assert tree(production.root) == sorted(EXPECTED)


def test_create_again_creates_nothing(production):
    """A second call creates nothing and returns an empty list."""
    production.project.create_structure()
    assert production.project.create_structure() == []
    assert tree(production.root) == sorted(EXPECTED)


def test_create_adds_folders_of_new_data(production):
    """After adding a shot, only its folder is created."""
    from stalker import Shot

    production.project.create_structure()
    Shot(name="Shot 3", code="SH003", sequence=production.sequence)
    assert production.project.create_structure() == [
        str(production.root / "FANCY_COMMERCIAL/Sequences/SEQ1/Shots/SH003")
    ]


def test_progress_is_reported(production):
    """progress(done, total) is called after each folder created."""
    calls = []
    production.project.create_structure(
        progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(n, len(EXPECTED)) for n in range(1, len(EXPECTED) + 1)]
    calls.clear()
    production.project.create_structure(progress=lambda done, total: calls.append(1))
    assert calls == []


def test_root_that_does_not_exist_is_an_error(production):
    """A root that is not there (not mounted) raises and is never created."""
    missing = production.root / "not_mounted"
    production.repository.linux_path = str(missing)
    with pytest.raises(RepositoryError) as error:
        production.project.create_structure()
    assert str(error.value) == (
        f"Repository('Commercials') root {str(missing)!r} is not an existing folder "
        f"(is the file server mounted?); Stalker never creates a root"
    )
    assert not missing.exists()


def test_root_not_set_for_this_os(production):
    """A repository without a root for this OS raises, naming the variable to set."""
    production.repository.linux_path = ""
    with pytest.raises(RepositoryError) as error:
        production.project.create_structure()
    assert str(error.value) == (
        "Repository('Commercials') has no root path for this operating system: "
        "set its path or the STALKER_REPOSITORY_COMMERCIALS_PATH variable"
    )


def test_env_variable_root_is_used(production, tmp_path, monkeypatch):
    """The per-machine root override is where folders are created."""
    site = tmp_path / "site2"
    site.mkdir()
    monkeypatch.setenv("STALKER_REPOSITORY_COMMERCIALS_PATH", str(site))
    production.project.create_structure()
    assert tree(site) == sorted(EXPECTED)
    assert tree(production.root) == []


def test_project_needs_structure_and_repository(production):
    """Without a structure or repository there is nothing to create folders from."""
    bare = Project(name="Bare")
    with pytest.raises(MissingTemplateError) as error:
        bare.create_structure()
    assert str(error.value) == (
        "Project('Bare').structure should be a Structure to create folders from, not None"
    )
    bare.structure = production.structure
    with pytest.raises(MissingTemplateError) as error:
        bare.create_structure()
    assert str(error.value) == (
        "Project('Bare').repository should be a Repository to place files on disk, "
        "not None"
    )


@pytest.mark.parametrize("value", [None, "Fancy", Repository(name="R")])
def test_create_takes_a_project(production, value):
    """Structure.create() and folders() refuse anything but a Project."""
    for method in (production.structure.create, production.structure.folders):
        with pytest.raises(ValidationTypeError) as error:
            method(value)
        assert str(error.value).startswith(
            "Structure.project should be a Project instance, not "
        )


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{{ project.code }}/../escape", "with a '..' component"),
        ("/etc/{{ project.code }}", "that is absolute"),
        ("C:/{{ project.code }}", "with a drive letter"),
        ("{{ project.code }}/a:b", "with ':', which Windows forbids in 'a:b'"),
        (
            "{{ project.code }}\\..\\..",
            "with a backslash (a separator on Windows only)",
        ),
        ("{{ project.code }}/CON", "with 'CON', a Windows device name"),
        (
            "EVIL/name \nOther",
            "with 'name ', which ends with a dot or space (Windows drops it)",
        ),
        (
            "EVIL/name.",
            "with 'name.', which ends with a dot or space (Windows drops it)",
        ),
        (
            "EVIL/{{ 'name ' }}",
            "with 'name ', which ends with a dot or space (Windows drops it)",
        ),
        ("EVIL/lpt3.txt", "with 'lpt3.txt', a Windows device name"),
        ("EVIL/a\x01b", "with a NUL or control character"),
        ('EVIL/"q"', "with '\"', which Windows forbids in '\"q\"'"),
    ],
)
def test_hostile_templates_create_nothing(production, template, problem):
    """A template with one bad line raises before any folder is created."""
    production.structure.project_template = "{{ project.code }}/Good\n" + template
    with pytest.raises(UnsafePathError) as error:
        production.project.create_structure()
    assert str(error.value).startswith(
        f"{LABEL} should give a relative path that stays under the repository root "
        f"on every OS, not one {problem}: "
    )
    assert tree(production.root) == []


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("../../etc", "with a '..' component"),
        ("/etc", "that is absolute"),
        ("C:\\x", "with a backslash (a separator on Windows only)"),
        ("x\ty", "with a NUL or control character"),
    ],
)
def test_hostile_project_codes_create_nothing(production, code, problem):
    """A project code with '/', '..' and the like cannot lead folders out."""
    production.project.code = code
    with pytest.raises(UnsafePathError) as error:
        production.project.create_structure()
    assert f"not one {problem}: " in str(error.value)
    assert tree(production.root.parent) == ["M"]


def test_hostile_shot_code_creates_nothing(production):
    """Data deep in the project (a shot code) is checked like the template."""
    production.shots[1].code = "../../../../tmp/x"
    with pytest.raises(UnsafePathError):
        production.project.create_structure()
    assert tree(production.root) == []


def test_symlink_escape_creates_nothing(production, tmp_path):
    """A symbolic link in the repository leading outside is refused before creating."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (production.root / "FANCY_COMMERCIAL").mkdir()
    (production.root / "FANCY_COMMERCIAL" / "Sequences").symlink_to(outside)
    with pytest.raises(UnsafePathError) as error:
        production.project.create_structure()
    assert "that a symbolic link leads outside to" in str(error.value)
    assert tree(production.root) == ["FANCY_COMMERCIAL", "FANCY_COMMERCIAL/Sequences"]
    assert list(outside.iterdir()) == []


def test_file_in_the_way_creates_nothing(production):
    """A file where a folder should be raises before anything is created."""
    (production.root / "FANCY_COMMERCIAL").mkdir()
    (production.root / "FANCY_COMMERCIAL" / "References").write_text("")
    with pytest.raises(RepositoryError) as error:
        production.project.create_structure()
    assert str(error.value) == (
        f"{LABEL} gives {str(production.root / 'FANCY_COMMERCIAL/References')!r}, "
        f"where a file (not a folder) is"
    )
    assert tree(production.root) == ["FANCY_COMMERCIAL"]


def test_sandbox_applies_to_project_templates(production):
    """project_template runs in the sandbox: it sees a view, without methods."""
    production.structure.project_template = "{{ project.create_structure() }}"
    with pytest.raises(TemplateSecurityError) as error:
        production.project.create_structure()
    assert str(error.value) == (
        f"{LABEL} is refused (line 1): Project.create_structure (not among the "
        f"names templates may read)"
    )


def test_undefined_variable_in_project_template(production):
    """Only project is in the context of a project template."""
    production.structure.project_template = "{{ project.code }}\n{{ shot.code }}"
    with pytest.raises(TemplateError) as error:
        production.project.create_structure()
    assert (
        str(error.value) == f"{LABEL} cannot be rendered (line 2): 'shot' is undefined"
    )


def test_structure_holds_templates(production):
    """A Structure keeps its asset and reference templates."""
    assert production.structure.asset_templates == [
        production.character_template,
        production.shot_template,
    ]
    assert production.structure.reference_templates == []
