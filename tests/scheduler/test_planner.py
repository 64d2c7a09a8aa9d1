"""The planner on hand-made cases whose answers are known."""

from __future__ import annotations

import datetime as dt

import pytest

from stalker.scheduler import WorkingHours
from stalker.scheduler.algorithm import (
    AFTER_CYCLE,
    CYCLE,
    NO_BID,
    NO_RESOURCE,
    Job,
    share_work,
    solve,
)
from stalker.scheduler.timeline import Timeline, merged

UTC = dt.timezone.utc
HOUR = 3600
DAY = 24 * HOUR


def at(day: int, hour: float = 0) -> int:
    """Seconds since the epoch of 2030-01-07 (a Monday) plus days and hours, UTC."""
    start = dt.datetime(2030, 1, 7, tzinfo=UTC) + dt.timedelta(days=day, hours=hour)
    return int(start.timestamp())


ORIGIN = at(0)


def job(effort_hours: float = 0, team=(0,), **kwargs) -> Job:
    kwargs.setdefault("name", "Task")
    kwargs.setdefault("earliest", ORIGIN)
    teams = kwargs.pop("teams", (tuple(team),) if team else ())
    return Job(effort=int(effort_hours * HOUR), teams=teams, **kwargs)


def run(jobs, people=1, blocked=None, holidays=(), hours=None, progress=None):
    hours = hours or WorkingHours()
    blocked = blocked or {}
    timelines = [
        Timeline(hours, frozenset(holidays), blocked.get(i, ()), ORIGIN)
        for i in range(people)
    ]
    return solve(jobs, timelines, progress)


def spans(solution):
    return {i: (o.start, o.end) for i, o in solution.outcomes.items()}


def test_one_task_fills_working_days():
    """Twelve hours of work take Monday 09-18 and Tuesday 09-12."""
    solution = run([job(12)])
    outcome = solution.outcomes[0]
    assert (outcome.start, outcome.end) == (at(0, 9), at(1, 12))
    assert outcome.pieces == [(0, at(0, 9), at(0, 18)), (0, at(1, 9), at(1, 12))]
    assert outcome.team == (0,)
    assert solution.reasons == {}


def test_weekends_and_holidays_are_skipped():
    """Work on Friday goes on on Tuesday when Monday is a holiday."""
    jobs = [job(12, earliest=at(4))]
    solution = run(jobs, holidays=[dt.date(2030, 1, 14)])
    assert spans(solution)[0] == (at(4, 9), at(8, 12))


def test_finish_to_start_with_lag():
    """B starts a calendar day after A ends, on another person."""
    jobs = [job(3, name="A"), job(2, team=(1,), depends=((0, "FS", DAY),))]
    assert spans(run(jobs, people=2)) == {
        0: (at(0, 9), at(0, 12)),
        1: (at(1, 12), at(1, 14)),
    }


def test_start_to_start():
    """B starts two hours after A starts, in parallel."""
    jobs = [job(4), job(4, team=(1,), depends=((0, "SS", 2 * HOUR),))]
    assert spans(run(jobs, people=2))[1] == (at(0, 11), at(0, 15))


def test_finish_to_finish_holds_the_end_back():
    """A short B that may not end before A ends is started late enough."""
    jobs = [job(8), job(1, team=(1,), depends=((0, "FF", 0),))]
    solution = run(jobs, people=2)
    assert spans(solution)[1] == (at(0, 16), at(0, 17))
    assert solution.outcomes[1].driver == 0


def test_finish_to_finish_milestone():
    """A job with no work that must end after A ends is placed at A's end."""
    jobs = [job(5), job(0, team=(), depends=((0, "FF", HOUR),))]
    assert spans(run(jobs))[1] == (at(0, 15), at(0, 15))


def test_milestone_at_its_bound():
    """A job with no work sits at the end of the job it waits on."""
    jobs = [job(5), job(0, team=(), depends=((0, "FS", 0),))]
    solution = run(jobs)
    assert spans(solution)[1] == (at(0, 14), at(0, 14))
    assert solution.outcomes[1].pieces == []
    assert solution.outcomes[1].driver == 0


def test_one_person_never_works_on_two_jobs_at_once():
    """Two jobs for one person are done one after the other, the first first."""
    solution = run([job(4, name="A"), job(4, name="B")])
    assert spans(solution) == {0: (at(0, 9), at(0, 13)), 1: (at(0, 13), at(0, 17))}
    assert solution.outcomes[1].driver == 0


def test_higher_priority_gets_the_person_first():
    """The job with the higher priority is done first, whatever its index."""
    solution = run([job(4, priority=100), job(4, priority=900)])
    assert spans(solution) == {1: (at(0, 9), at(0, 13)), 0: (at(0, 13), at(0, 17))}


def test_priority_is_inherited_by_what_it_waits_on():
    """A low-priority job that an urgent one waits on is placed before others."""
    jobs = [
        job(4, name="other", priority=500),
        job(4, name="prerequisite", priority=100),
        job(4, name="urgent", team=(1,), priority=900, depends=((1, "FS", 0),)),
    ]
    assert spans(run(jobs, people=2)) == {
        1: (at(0, 9), at(0, 13)),
        0: (at(0, 13), at(0, 17)),
        2: (at(0, 13), at(0, 17)),
    }


def test_ties_break_by_index():
    """Jobs of equal priority are placed in index order, every time."""
    jobs = [job(2, name=str(i)) for i in range(4)]
    first, second = run(jobs), run(jobs)
    assert spans(first) == spans(second)
    assert [spans(first)[i][0] for i in range(4)] == [
        at(0, 9 + 2 * i) for i in range(4)
    ]


def test_team_shares_the_effort():
    """Two people on a 9-hour job finish it in 4.5 hours."""
    solution = run([job(9, team=(0, 1))], people=2)
    outcome = solution.outcomes[0]
    assert (outcome.start, outcome.end) == (at(0, 9), at(0, 13.5))
    assert sorted(outcome.pieces) == [
        (0, at(0, 9), at(0, 13.5)),
        (1, at(0, 9), at(0, 13.5)),
    ]


def test_team_member_busy_works_less():
    """When one member is on vacation the other carries the rest alone."""
    blocked = {1: [(at(0, 9), at(0, 11))]}
    outcome = run([job(6, team=(0, 1))], people=2, blocked=blocked).outcomes[0]
    assert sorted(outcome.pieces) == [
        (0, at(0, 9), at(0, 13)),
        (1, at(0, 11), at(0, 13)),
    ]


def test_odd_seconds_are_given_to_the_first_members():
    """Effort that does not split evenly is still covered to the second."""
    walks = [iter([(0, 100)]), iter([(0, 100)]), iter([(0, 100)])]
    pieces = share_work(walks, 7)
    assert pieces == [[(0, 3)], [(0, 2)], [(0, 2)]]


def test_alternative_that_finishes_first_is_chosen():
    """When the resource is busy, the free alternative does the job."""
    blocked = {0: [(at(0), at(2))]}
    jobs = [job(4, teams=((0,), (1,), (2,)))]
    outcome = run(jobs, people=3, blocked=blocked).outcomes[0]
    assert outcome.team == (1,)
    assert (outcome.start, outcome.end) == (at(0, 9), at(0, 13))


def test_preferred_team_wins_a_tie():
    """With every option finishing at once, the first listed one is taken."""
    assert run([job(4, teams=((1,), (0,)))], people=2).outcomes[0].team == (1,)


def test_gaps_are_filled_by_later_jobs():
    """A later job uses the free time left before an earlier placed one."""
    jobs = [
        job(4, name="late", earliest=at(0, 14)),
        job(3, name="early"),
    ]
    assert spans(run(jobs)) == {0: (at(0, 14), at(0, 18)), 1: (at(0, 9), at(0, 12))}


def test_booked_work_widens_the_span():
    """A job with bookings starts at its first booking and ends no earlier than its last."""
    jobs = [job(2, booked=(at(-3, 9), at(-3, 12)))]
    assert spans(run(jobs))[0] == (at(-3, 9), at(0, 11))
    done = [job(0, team=(), booked=(at(-3, 9), at(-3, 12)))]
    assert spans(run(done))[0] == (at(-3, 9), at(-3, 12))


def test_unplannable_jobs_get_reasons_and_the_rest_is_planned():
    """No resource, no bid, a cycle: reasons, while the other jobs are planned."""
    jobs = [
        job(4, name="fine"),
        job(4, name="nobody", team=()),
        job(0, name="unbid", problem=NO_BID),
        job(1, name="after nobody", depends=((1, "FS", 0),)),
        job(1, name="loop a", depends=((5, "FS", 0),)),
        job(1, name="loop b", depends=((4, "SS", 0),)),
        job(1, name="after loop", depends=((0, "FS", 0), (5, "FS", 0))),
        job(1, name="after that", depends=((6, "FF", 0),)),
    ]
    calls = []
    solution = run(jobs, progress=lambda done, total: calls.append((done, total)))
    assert solution.reasons == {
        1: NO_RESOURCE,
        2: NO_BID,
        3: "waits on unplanned 'nobody'",
        4: CYCLE,
        5: CYCLE,
        6: AFTER_CYCLE,
        7: AFTER_CYCLE,
    }
    assert list(solution.outcomes) == [0]
    assert calls[-1] == (8, 8)
    assert [done for done, _ in calls] == list(range(5, 9))


def test_driver_is_the_binding_dependency():
    """The dependency that ends last decides the start."""
    jobs = [
        job(2),
        job(5, team=(1,)),
        job(1, team=(2,), depends=((0, "FS", 0), (1, "FS", 0))),
    ]
    assert run(jobs, people=3).outcomes[2].driver == 1


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([(5, 9), (1, 3), (3, 4)], [(1, 4), (5, 9)]),
        ([(1, 10), (2, 3)], [(1, 10)]),
        ([], []),
    ],
)
def test_merged_joins_touching_and_overlapping_intervals(intervals, expected):
    """merged() sorts and joins intervals that touch or overlap."""
    assert merged(intervals) == expected


def test_timeline_takes_from_inside_an_interval():
    """Taking the middle of a free interval leaves both ends free."""
    timeline = Timeline(WorkingHours(), frozenset(), (), ORIGIN)
    timeline.take(at(0, 11), at(0, 12))
    timeline.take(at(0, 9), at(0, 10))
    timeline.take(at(0, 17), at(0, 18))
    walk = timeline.walk(ORIGIN)
    assert [next(walk) for _ in range(3)] == [
        (at(0, 10), at(0, 11)),
        (at(0, 12), at(0, 17)),
        (at(1, 9), at(1, 18)),
    ]
    timeline.take(at(0, 10), at(0, 11))
    assert next(timeline.walk(ORIGIN)) == (at(0, 12), at(0, 17))


def test_timeline_available_ignores_taken_time_but_not_blocked():
    """available() is the calendar minus vacations, not minus planned work."""
    timeline = Timeline(WorkingHours(), frozenset(), [(at(0), at(1, 10))], ORIGIN)
    timeline.take(at(1, 10), at(1, 12))
    assert timeline.available(ORIGIN) == at(1, 10)
    assert next(timeline.walk(ORIGIN)) == (at(1, 12), at(1, 18))


def test_touching_periods_make_one_interval():
    """Periods 09-12 and 12-18 are one stretch of free time."""
    hours = WorkingHours({0: [(dt.time(9), dt.time(12)), (dt.time(12), dt.time(18))]})
    timeline = Timeline(hours, frozenset(), (), ORIGIN)
    assert next(timeline.walk(ORIGIN)) == (at(0, 9), at(0, 18))
