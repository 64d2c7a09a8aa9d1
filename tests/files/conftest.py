"""A small production on a repository in a temporary folder."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from stalker import (
    Asset,
    AssetType,
    PipelineStep,
    Project,
    Repository,
    Sequence,
    Shot,
    Structure,
    Task,
    TypeTemplate,
)

PROJECT_TEMPLATE = """
    {{ project.code }}
    {{ project.code }}/Assets
    {{ project.code }}/Sequences

    {% for sequence in project.sequences %}
        {% set seq_path = project.code + '/Sequences/' + sequence.code %}
        {{ seq_path }}/Edit
        {% for shot in sequence.shots %}
            {{ seq_path }}/Shots/{{ shot.code }}
        {% endfor %}
    {% endfor %}
    {{ project.code }}/References
"""


@pytest.fixture
def production(tmp_path, monkeypatch):
    """Project "Fancy Commercial": one sequence of two shots, a character."""
    monkeypatch.setattr("platform.system", lambda: "Linux")
    root = tmp_path / "M"
    root.mkdir()
    repository = Repository(
        name="Commercials",
        linux_path=str(root),
        windows_path="M:/PROJECTS",
        osx_path="/Volumes/M",
    )
    model = PipelineStep(name="Modeling", code="MODEL")
    anim = PipelineStep(name="Animation", code="ANIM")
    character = AssetType(name="Character", steps=[model])
    shot_type = AssetType(name="Shot", steps=[anim])
    character_template = TypeTemplate(
        name="Character",
        path_code="ASSETS/{{ asset_type.name }}/{{ asset.name }}/{{ pipeline_step.code }}",
        file_code=(
            "{{ asset.name }}_{{ take.name }}_{{ asset_type.name }}"
            "_v{{ '%03d'|format(version.version_number) }}"
        ),
        type=character,
    )
    shot_template = TypeTemplate(
        name="Shot",
        path_code="Sequences/{{ sequence.code }}/Shots/{{ shot.code }}/{{ task.name }}",
        file_code="{{ shot.code }}_{{ take }}_v{{ version.version_number }}",
        type=shot_type,
    )
    structure = Structure(
        name="Commercial Structure",
        project_template=PROJECT_TEMPLATE,
        asset_templates=[character_template, shot_template],
    )
    project = Project(
        name="Fancy Commercial", repository=repository, structure=structure
    )
    sequence = Sequence(name="Sequence 1", code="SEQ1", project=project)
    shots = [
        Shot(name=f"Shot {n}", code=f"SH00{n}", sequence=sequence, type=shot_type)
        for n in (1, 2)
    ]
    olum = Asset(name="Olum", type=character, project=project)
    return SimpleNamespace(
        root=root,
        repository=repository,
        structure=structure,
        project=project,
        sequence=sequence,
        shots=shots,
        asset=olum,
        character=character,
        character_template=character_template,
        shot_template=shot_template,
        model_task=Task(name="Model", pipeline_step=model, task_of=olum),
        anim_task=Task(name="Animation", pipeline_step=anim, task_of=shots[0]),
    )
