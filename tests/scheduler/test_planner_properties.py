"""Property tests: on random small productions every plan is a valid plan."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from stalker.scheduler import WorkingHours
from stalker.scheduler.algorithm import Job, solve
from stalker.scheduler.timeline import Timeline

UTC = dt.timezone.utc
HOUR = 3600
ORIGIN = int(dt.datetime(2030, 1, 9, 11, 17, tzinfo=UTC).timestamp())
WEEKS = [
    WorkingHours(),
    WorkingHours(
        {
            day: [(dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(17, 45))]
            for day in (0, 1, 2, 3, 5)
        },
        timezone="Europe/Istanbul",
    ),
    WorkingHours({2: [(dt.time(22), dt.time(23, 30))]}, timezone="America/New_York"),
]


@st.composite
def productions(draw):
    people = draw(st.integers(1, 4))
    count = draw(st.integers(1, 10))
    person = st.integers(0, people - 1)
    jobs = []
    for index in range(count):
        team = tuple(sorted(draw(st.sets(person, max_size=2))))
        alternatives = draw(st.lists(person, max_size=2, unique=True))
        teams = tuple(t for t in [team, *[(a,) for a in alternatives]] if t)
        depends = tuple(
            (
                other,
                draw(st.sampled_from(["FS", "SS", "FF"])),
                draw(st.integers(0, 50)) * HOUR,
            )
            for other in draw(
                st.sets(st.integers(0, index - 1), max_size=2)
                if index
                else st.just(set())
            )
        )
        jobs.append(
            Job(
                name=f"job {index}",
                effort=draw(st.integers(0, 30 * HOUR)),
                teams=teams,
                earliest=ORIGIN + draw(st.integers(0, 10 * 24)) * HOUR,
                priority=draw(st.integers(0, 1000)),
                depends=tuple(sorted(depends)),
            )
        )
    blocked = {
        i: draw(
            st.lists(
                st.tuples(st.integers(-5, 40 * 24), st.integers(1, 5 * 24)).map(
                    lambda p: (ORIGIN + p[0] * HOUR, ORIGIN + (p[0] + p[1]) * HOUR)
                ),
                max_size=3,
            )
        )
        for i in range(people)
    }
    start = dt.date(2030, 1, 9)
    holidays = frozenset(
        start + dt.timedelta(days=d)
        for d in draw(st.sets(st.integers(0, 60), max_size=6))
    )
    hours = draw(st.sampled_from(WEEKS))
    return jobs, people, blocked, holidays, hours


def working_time(hours, holidays, moment) -> list[tuple[int, int]]:
    """The studio's working intervals of the day of ``moment``."""
    date = hours.date_of(moment)
    return [] if date in holidays else list(hours.day(date))


@settings(max_examples=150, deadline=None)
@given(productions())
def test_every_plan_is_valid(production):
    """No double booking, dependencies and lags kept, working time only, effort exact."""
    jobs, people, blocked, holidays, hours = production
    timelines = [Timeline(hours, holidays, blocked[i], ORIGIN) for i in range(people)]
    solution = solve(jobs, timelines)
    outcomes = solution.outcomes
    for index, job in enumerate(jobs):
        if not job.teams and job.effort:
            assert index in solution.reasons
    assert set(outcomes) | set(solution.reasons) == set(range(len(jobs)))
    assert not set(outcomes) & set(solution.reasons)
    by_person = defaultdict(list)
    for index, outcome in outcomes.items():
        job = jobs[index]
        worked = sum(end - start for _, start, end in outcome.pieces)
        assert worked == job.effort  # effort exactly covered
        assert outcome.start >= job.earliest >= ORIGIN
        assert outcome.start <= outcome.end
        if job.effort:
            assert outcome.team in job.teams
            assert outcome.start == min(start for _, start, _ in outcome.pieces)
            assert outcome.end == max(end for _, _, end in outcome.pieces)
        for member, start, end in outcome.pieces:
            assert member in outcome.team
            assert start < end
            by_person[member].append((start, end))
            assert any(
                s <= start and end <= e for s, e in working_time(hours, holidays, start)
            )
            for busy_start, busy_end in blocked[member]:
                assert end <= busy_start or busy_end <= start  # vacations/bookings kept
        for other, kind, lag in job.depends:
            before = outcomes[other]
            if kind == "FS":
                assert outcome.start >= before.end + lag
            elif kind == "SS":
                assert outcome.start >= before.start + lag
            else:
                assert outcome.end >= before.end + lag
    for periods in by_person.values():
        periods.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(periods))


@settings(max_examples=40, deadline=None)
@given(productions())
def test_same_input_gives_the_same_plan(production):
    """Planning twice from scratch gives identical outcomes."""
    jobs, people, blocked, holidays, hours = production

    def once():
        timelines = [
            Timeline(hours, holidays, blocked[i], ORIGIN) for i in range(people)
        ]
        return solve(jobs, timelines)

    first, second = once(), once()
    assert first.outcomes == second.outcomes
    assert first.reasons == second.reasons
