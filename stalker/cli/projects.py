"""``stalker create-structure`` and ``stalker schedule``: work on projects by code."""

from __future__ import annotations

from pathlib import Path

import click

from stalker.cli.options import connect, database_option, progress_bar, projects_by_code


@click.command("create-structure")
@database_option
@click.argument("project")
def create_structure(database: str | None, project: str) -> None:
    """Create the missing folders of PROJECT (a project code) on the file server."""
    connect(database)
    (found,) = projects_by_code((project,))
    with progress_bar(f"Folders of {project}") as progress:
        folders = found.create_structure(progress)
    for folder in folders:
        click.echo(folder)
    click.echo(f"Created {len(folders)} folder(s) for {project}", err=True)


@click.command()
@database_option
@click.argument("projects", nargs=-1, required=True)
@click.option(
    "--gantt",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the plan's Gantt chart to this HTML file.",
)
def schedule(
    database: str | None, projects: tuple[str, ...], gantt: Path | None
) -> None:
    """Plan every open task of PROJECTS (project codes) and store the plan."""
    from stalker.scheduler import schedule as plan_tasks

    connect(database)
    found = projects_by_code(projects)
    with progress_bar("Planning") as progress:
        plan = plan_tasks(found, progress=progress)
    end = plan.end.isoformat() if plan.end else "nothing to plan"
    click.echo(f"Planned {len(plan.tasks)} task(s), done by {end}")
    for task, reason in plan.unscheduled.items():
        click.echo(f"Not planned: {task.name} ({reason})")
    if gantt is not None:
        plan.write_gantt(gantt)
        click.echo(f"Gantt chart: {gantt}")


__all__ = ["create_structure", "schedule"]
