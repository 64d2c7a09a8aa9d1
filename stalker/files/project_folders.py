"""A project's folders, rendered from its Structure's ``project_template``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stalker.files.folders import Progress, create_folders, existing_root
from stalker.files.paths import safe_relative_path
from stalker.files.templates import label, render
from stalker.files.views import view

if TYPE_CHECKING:
    from stalker.core.models.project import Project
    from stalker.core.models.structure import Structure


def project_folders(structure: Structure, project: Project) -> list[str]:
    """Render the template: one checked folder per non-blank line, no repeats.

    The folders are relative to the repository root; nothing on disk is read.
    """
    name = label(structure, "project_template")
    text = render(structure.project_template, {"project": view(project)}, name)
    folders = [
        safe_relative_path(line, name) for line in text.splitlines() if line.strip()
    ]
    return list(dict.fromkeys(folders))


def create_project_folders(
    structure: Structure, project: Project, progress: Progress | None = None
) -> list[str]:
    """Create the project's missing folders; return those created."""
    root = existing_root(project)
    folders = project_folders(structure, project)
    return create_folders(root, folders, label(structure, "project_template"), progress)


__all__ = ["create_project_folders", "project_folders"]
