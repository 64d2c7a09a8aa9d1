"""The Gantt chart: one self-contained HTML file with bars, arrows, today and load."""

from __future__ import annotations

import datetime as dt
import itertools
from html.parser import HTMLParser

import pytest

from stalker import Asset, Project, Sequence, Shot, Task, User
from stalker.scheduler import WorkingHours, gantt, schedule

UTC = dt.timezone.utc
NOW = dt.datetime(2030, 1, 7, 8, tzinfo=UTC)
H = dt.timedelta(hours=1)
_logins = itertools.count()


class Page(HTMLParser):
    """Collects every element with its attributes and its open ancestors."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes, tuple(self.stack)))
        if tag not in {"meta", "path", "br"}:
            self.stack.append(
                attributes.get("data-group") or attributes.get("id") or tag
            )

    def handle_endtag(self, tag):
        if tag not in {"meta", "path", "br"}:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    @staticmethod
    def groups_of(element) -> tuple[str, ...]:
        return tuple(name for name in element[2] if name.startswith("/"))

    def having(self, cls: str) -> list[tuple[str, dict[str, str], tuple[str, ...]]]:
        return [e for e in self.elements if cls in e[1].get("class", "").split()]


def person(name: str) -> User:
    login = f"{name}{next(_logins)}"
    return User(login_name=login, first_name=name, email=f"{login}@s.com", password="x")


@pytest.fixture
def plan():
    ann, bob = person("ann"), person("bob")
    film = Project(name="Film")
    sequence = Sequence(name="SEQ1", code="SEQ1", project=film)
    for number in (10, 20):
        shot = Shot(name=f"SH{number}", code=f"SH{number}", sequence=sequence)
        layout = Task(name="Layout", task_of=shot, resources=[ann], bid=4 * H)
        Task(name="Anim", task_of=shot, resources=[bob], bid=9 * H, depends=[layout])
    tree = Asset(name="Tree", code="Tree", project=film)
    Task(name="Model", task_of=tree, resources=[ann], bid=2 * H)
    Task(name="Rig <&>", task_of=tree, bid=2 * H)
    return schedule(film, now=NOW)


def test_chart_structure(plan, tmp_path):
    """Bars per task, grouped project/sequence/shot, arrows, critical path, today, load."""
    path = tmp_path / "plan.html"
    plan.write_gantt(path)
    page = Page(path.read_text("utf-8"))
    bars = page.having("bar")
    assert len(bars) == len(plan.tasks) == 5
    rows = {e[1]["data-task"]: e for e in page.having("task")}
    assert set(rows) == {str(task.id) for task in plan.tasks}
    anim = next(t for t in plan.tasks if t.name == "Anim")
    layout = anim.depends[0]
    assert rows[str(anim.id)][1]["data-depends"] == f"{layout.id}:FS"
    assert page.groups_of(rows[str(anim.id)]) == (
        "/Film",
        "/Film/SEQ1",
        f"/Film/SEQ1/{anim.task_of.name}",
    )
    model = next(t for t in plan.tasks if t.name == "Model")
    assert page.groups_of(rows[str(model.id)]) == (
        "/Film",
        "/Film/Assets",
        "/Film/Assets/Tree",
    )
    groups = {e[1]["data-group"] for e in page.having("group")}
    assert groups == {
        "/Film",
        "/Film/SEQ1",
        "/Film/SEQ1/SH10",
        "/Film/SEQ1/SH20",
        "/Film/Assets",
        "/Film/Assets/Tree",
    }
    assert not any("collapsed" in e[1]["class"] for e in page.having("group"))
    assert len(page.having("critical")) == len(plan.critical_path) >= 2
    assert len(page.having("today")) == 1
    assert len(page.having("arrows")) == 1
    assert len(page.having("toggle")) == len(groups)
    load_rows = [e for e in page.elements if e[0] == "tr" and "load" in " ".join(e[2])]
    assert len(load_rows) == 1 + len(plan.load)
    text = "".join(page.text)
    assert "Rig <&>: no resource" in text
    assert "2030-W02" in text


def test_chart_needs_no_network(plan):
    """No external stylesheet, script, image or font: everything is inline."""
    page = Page(gantt.render(plan))
    assert not [e for e in page.elements if e[0] in {"link", "img", "iframe"}]
    assert all(
        "src" not in attributes
        for tag, attributes, _ in page.elements
        if tag == "script"
    )
    assert all(
        not attributes.get("href", "#").startswith(("http", "//"))
        for _, attributes, _ in page.elements
    )
    assert [tag for tag, _, _ in page.elements].count("style") == 1


def test_big_charts_start_collapsed(plan, monkeypatch):
    """Above the thresholds shots, assets and sequences start collapsed."""
    monkeypatch.setattr(gantt, "COLLAPSE_OWNERS", 3)
    page = Page(gantt.render(plan))
    collapsed = {e[1]["data-group"] for e in page.having("collapsed")}
    assert collapsed == {"/Film/SEQ1/SH10", "/Film/SEQ1/SH20", "/Film/Assets/Tree"}
    monkeypatch.setattr(gantt, "COLLAPSE_SEQUENCES", 3)
    page = Page(gantt.render(plan))
    collapsed = {e[1]["data-group"] for e in page.having("collapsed")}
    assert {"/Film/SEQ1", "/Film/Assets"} <= collapsed


def test_summary_bars_span_their_tasks(plan):
    """A group's summary bar runs from its first task's start to its last task's end."""
    scale = gantt._Scale(plan)
    film = gantt._groups(plan, scale)[0]
    first = min(task.computed_start for task in plan.tasks)
    last = max(task.computed_end for task in plan.tasks)
    assert film.left == scale.x(first)
    assert film.left + film.width == pytest.approx(scale.x(last))


def test_long_plans_get_narrow_days_and_monthly_ticks():
    """Over a long span days are narrow and ticks come every four weeks."""
    ann = person("ann")
    film = Project(name="Long")
    tree = Asset(name="Tree", code="Tree", project=film)
    Task(name="Model", task_of=tree, resources=[ann], bid=dt.timedelta(days=400))
    plan = schedule(film, now=NOW)
    scale = gantt._Scale(plan)
    assert scale.day_width == gantt.DAY_WIDTH[0]
    ticks = scale.ticks()
    assert ticks[1][0] - ticks[0][0] == pytest.approx(28 * scale.day_width)


def test_task_without_a_project_is_grouped_apart():
    """_path() names a task with no shot or asset under "No project"."""
    task = Task(name="Loose")
    assert gantt._path(task) == ("No project", "Assets", "Loose")


def test_chart_shows_the_studios_time():
    """With Istanbul working hours, the chart prints Istanbul times and days."""
    ann = person("ann")
    film = Project(name="Film")
    shot = Shot(name="SH10", code="SH10", sequence=Sequence(name="S", project=film))
    Task(name="Comp", task_of=shot, resources=[ann], bid=2 * H)
    hours = WorkingHours(timezone="Europe/Istanbul")  # UTC+3
    plan = schedule(film, now=NOW, working_hours=hours)  # 08:00 UTC, 11:00 there
    page = Page(gantt.render(plan))
    text = "".join(page.text)
    assert "ends 2030-01-07 13:00 Europe/Istanbul" in text
    assert "Today: 2030-01-07 11:00 Europe/Istanbul." in text
    (bar,) = page.having("bar")
    assert bar[1]["title"] == (
        "Comp: 2030-01-07 11:00 to 2030-01-07 13:00 Europe/Istanbul"
    )
    widest_day = gantt.DAY_WIDTH[1]  # a two-day chart has the widest days
    left = float(bar[1]["style"].split("left: ")[1].split("px")[0])
    assert left == round(11 / 24 * widest_day, 1)  # 11:00 after local midnight
    assert "UTC" not in text


def test_chart_shows_each_tasks_status(plan, tmp_path):
    """Each row names its task's status; work on hold is drawn apart."""
    anim = next(t for t in plan.tasks if t.name == "Anim")
    layout = anim.depends[0]
    layout.status = layout.status_list["WIP"]
    layout.hold()
    path = tmp_path / "plan.html"
    plan.write_gantt(path)
    page = Page(path.read_text("utf-8"))
    rows = {e[1]["data-task"]: e[1]["data-status"] for e in page.having("task")}
    assert rows == {str(task.id): task.status.short_name for task in plan.tasks}
    assert (rows[str(layout.id)], rows[str(anim.id)]) == ("OH", "WFD")
    assert len(page.having("on-hold")) == 1


def test_project_and_sequence_tasks_are_planned_and_drawn_under_them():
    """The project's own tasks sit under the project, a sequence's under it."""
    ann, bob = person("ann"), person("bob")
    film = Project(name="Whole")
    sequence = Sequence(name="SEQ1", code="SEQ1", project=film)
    shot = Shot(name="SH10", code="SH10", sequence=sequence)
    pitch = Task(name="Pitch", task_of=film, resources=[ann], bid=2 * H)
    edit = Task(name="Edit", task_of=sequence, bid=6 * H)
    Task(name="Cut", parent=edit, resources=[bob], bid=3 * H, depends=[pitch])
    Task(name="Layout", task_of=shot, resources=[ann], bid=H)
    plan = schedule(film, now=NOW)
    assert sorted(task.name for task in plan.tasks) == ["Cut", "Layout", "Pitch"]
    cut = next(task for task in plan.tasks if task.name == "Cut")
    assert cut.computed_start >= pitch.computed_end
    page = Page(gantt.render(plan))
    rows = {e[1]["data-task"]: e for e in page.having("task")}
    assert page.groups_of(rows[str(pitch.id)]) == ("/Whole",)
    assert page.groups_of(rows[str(cut.id)]) == (
        "/Whole",
        "/Whole/SEQ1",
        "/Whole/SEQ1/Edit",
    )
    groups = {e[1]["data-group"] for e in page.having("group")}
    assert groups == {"/Whole", "/Whole/SEQ1", "/Whole/SEQ1/Edit", "/Whole/SEQ1/SH10"}
