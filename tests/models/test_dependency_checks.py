"""How much a task's dependencies are checked: once each, and no cycle walk at birth."""

from __future__ import annotations

import pytest
from factories import a_shot

from stalker import Project, Sequence, Shot, Task
from stalker.exceptions import ValidationError


@pytest.fixture
def walks(monkeypatch) -> list[Task]:
    """The tasks whose upstream is walked for cycles, in the order walked."""
    walked: list[Task] = []
    upstream = Task.upstream

    def counted(task: Task):
        walked.append(task)
        return upstream(task)

    monkeypatch.setattr(Task, "upstream", counted)
    return walked


def test_a_new_task_does_not_walk_its_dependencies_for_cycles(walks):
    """Nothing depends on a task being constructed: no cycle can pass through it."""
    home = a_shot()
    first = Task(name="First", task_of=home)
    second = Task(name="Second", task_of=home, depends=[first])
    third = Task(name="Third", task_of=home, depends=[second, first])
    assert walks == []
    assert third.depends == [second, first]
    assert [d.depends_on for d in third.dependencies] == [second, first]
    assert [d.task for d in third.dependencies] == [third, third]
    assert {d.kind for d in third.dependencies} == {"FS"}
    assert third.status.short_name == "WFD"


def test_setting_depends_walks_each_dependency_once(walks):
    """The setter checks the whole list; the mapping does not check it again."""
    home = a_shot()
    first, second = Task(name="First", task_of=home), Task(name="Second", task_of=home)
    third = Task(name="Third", task_of=home)
    third.depends = [first, second]
    assert walks == [first, second]
    assert third.depends == [first, second]
    assert third.status.short_name == "WFD"


def test_appending_a_dependency_walks_it_once(walks):
    """An element appended alone is checked by the mapping, once."""
    home = a_shot()
    first, second = Task(name="First", task_of=home), Task(name="Second", task_of=home)
    second.depends.append(first)
    assert walks == [first]
    assert second.status.short_name == "WFD"


def test_a_new_task_still_refuses_a_task_of_another_project():
    """Without the cycle walk, the constructor still checks the project."""
    mine = a_shot()
    other = Project(name="Other", code="OTHER")
    theirs = Shot(name="SH0001", sequence=Sequence(name="SEQ", project=other))
    elsewhere = Task(name="Elsewhere", task_of=theirs)
    with pytest.raises(ValidationError) as error:
        Task(name="Mine", task_of=mine, depends=[elsewhere])
    project = mine.project.name
    assert str(error.value) == (
        f"Task.depends should be a list of Tasks of Project {project!r}, "
        f"not Task: {elsewhere!r}"
    )


def test_removing_a_dependency_lets_a_waiting_task_start():
    """A dependency removed alone frees a task waiting on it only (RTS)."""
    home = a_shot()
    first = Task(name="First", task_of=home)
    second = Task(name="Second", task_of=home, depends=[first])
    assert second.status.short_name == "WFD"
    second.dependencies.remove(second.dependencies[0])
    assert second.depends == []
    assert second.status.short_name == "RTS"
