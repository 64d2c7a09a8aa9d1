"""The planner: places jobs on people's free time, highest priority first.

A serial schedule: among the jobs whose predecessors are all placed, the one
with the highest priority (a job inherits the highest priority of the jobs
waiting on it, then its own decides, then its index) is placed next, as early
as its dependencies allow, in the free time of the team that finishes it
first. Free time is kept per person as sorted interval lists, so a job may
fill a gap left by earlier ones. The cost is about O(n log n) in the number
of jobs, plus the intervals walked.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right, insort
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from stalker.scheduler.calendar import Interval
from stalker.scheduler.timeline import Timeline

NO_RESOURCE = "no resource"
NO_BID = "no bid"
CYCLE = "dependency cycle"
AFTER_CYCLE = "waits on a dependency cycle"


@dataclass(frozen=True)
class Job:
    """One task as the planner sees it; times are seconds since the epoch."""

    name: str
    #: Working seconds still to do (its bookings are already subtracted).
    effort: int
    #: Candidate teams (tuples of timeline indices), preferred first.
    teams: tuple[tuple[int, ...], ...]
    #: Nothing of the job is planned before this.
    earliest: int
    priority: int = 500
    #: (index of the job waited on, "FS" / "SS" / "FF", lag in seconds).
    depends: tuple[tuple[int, str, int], ...] = ()
    #: The job may not end before this (finish-to-finish on a fixed task).
    finish_after: int = 0
    #: First start and last end of the work already booked, if any.
    booked: Interval | None = None
    #: Why the job cannot be planned, when known beforehand.
    problem: str | None = None


@dataclass
class Outcome:
    """Where a job was placed."""

    start: int
    end: int
    team: tuple[int, ...]
    #: (timeline index, start, end) of each contiguous period of work.
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    #: The job that decided the start (a dependency or the team's previous job).
    driver: int | None = None


@dataclass
class Solution:
    """The outcome of every job that could be placed and the reason of the rest."""

    outcomes: dict[int, Outcome]
    reasons: dict[int, str]


def _add(pieces: list[Interval], start: int, end: int) -> None:
    """Append a period of work, joined to the previous one when they touch."""
    if end <= start:
        return
    if pieces and pieces[-1][1] == start:
        pieces[-1] = (pieces[-1][0], end)
    else:
        pieces.append((start, end))


def share_work(
    walks: Sequence[Iterator[Interval]], effort: int
) -> list[list[Interval]]:
    """Split ``effort`` seconds over people working in parallel in their free time.

    ``walks`` yield each person's free intervals in order; whoever is free
    works. Returns each person's periods of work, adding up to ``effort``.
    """
    heads = [next(walk) for walk in walks]
    pieces: list[list[Interval]] = [[] for _ in walks]
    now = min(start for start, _ in heads)
    while True:
        active = [i for i, (start, _) in enumerate(heads) if start <= now]
        until = min([heads[i][1] for i in active] + [s for s, _ in heads if s > now])
        span = until - now
        if span * len(active) >= effort:
            share, extra = divmod(effort, len(active))
            for rank, i in enumerate(active):
                _add(pieces[i], now, now + share + (1 if rank < extra else 0))
            return pieces
        effort -= span * len(active)
        for i in active:
            _add(pieces[i], now, until)
            if heads[i][1] == until:
                heads[i] = next(walks[i])
        now = max(until, min(start for start, _ in heads))


class _Planner:
    """The state of one run: timelines, placed jobs, who worked last where."""

    def __init__(self, jobs: Sequence[Job], timelines: Sequence[Timeline]) -> None:
        self.jobs = jobs
        self.timelines = timelines
        self.outcomes: dict[int, Outcome] = {}
        self.reasons: dict[int, str] = {}
        #: Per timeline, sorted (end, job) of the work given out.
        self.worked: list[list[tuple[int, int]]] = [[] for _ in timelines]

    def bounds(self, job: Job) -> tuple[int, int, int | None, int | None]:
        """Earliest start, earliest end and the jobs that set each."""
        start, start_driver = job.earliest, None
        end, end_driver = job.finish_after, None
        for other, kind, lag in job.depends:
            placed = self.outcomes[other]
            if kind == "FF":
                if placed.end + lag > end:
                    end, end_driver = placed.end + lag, other
                continue
            bound = (placed.start if kind == "SS" else placed.end) + lag
            if bound > start:
                start, start_driver = bound, other
        return start, end, start_driver, end_driver

    def attempt(self, job: Job, start: int) -> tuple[int, int, list[list[Interval]]]:
        """The end, the team choice and the work of the best team from ``start``."""
        best: tuple[int, int, list[list[Interval]]] | None = None
        for choice, team in enumerate(job.teams):
            walks = [self.timelines[member].walk(start) for member in team]
            work = share_work(walks, job.effort)
            end = max(periods[-1][1] for periods in work if periods)
            if best is None or end < best[0]:
                best = (end, choice, work)
        assert best is not None
        return best

    def place(self, index: int) -> Outcome:
        """Place one job whose dependencies are placed."""
        job = self.jobs[index]
        start, finish, driver, end_driver = self.bounds(job)
        if job.effort == 0 and job.booked is not None:
            outcome = Outcome(*job.booked, (), [], None)
        elif job.effort == 0:
            moment = max(start, finish)
            outcome = Outcome(
                moment, moment, (), [], end_driver if finish > start else driver
            )
        else:
            end, choice, work = self.attempt(job, start)
            while end < finish:
                start += finish - end
                end, choice, work = self.attempt(job, start)
                driver = end_driver
            outcome = self.commit(index, job.teams[choice], work, driver, start)
        if job.booked is not None:
            outcome.start = min(outcome.start, job.booked[0])
            outcome.end = max(outcome.end, job.booked[1])
        self.outcomes[index] = outcome
        return outcome

    def commit(
        self,
        index: int,
        team: tuple[int, ...],
        work: list[list[Interval]],
        driver: int | None,
        bound: int,
    ) -> Outcome:
        """Take the chosen team's time and say what decided the start."""
        pieces = []
        for member, periods in zip(team, work, strict=True):
            for start, end in periods:
                self.timelines[member].take(start, end)
                pieces.append((member, start, end))
        start = min(start for _, start, _ in pieces)
        end = max(end for _, _, end in pieces)
        available = min(self.timelines[member].available(bound) for member in team)
        if start > available:
            driver = self.previous(team, start)
        for member, periods in zip(team, work, strict=True):
            for _, period_end in periods:
                insort(self.worked[member], (period_end, index))
        return Outcome(start, end, team, pieces, driver)

    def previous(self, team: tuple[int, ...], moment: int) -> int | None:
        """The job whose work on ``team`` ended last, at or before ``moment``."""
        found: tuple[int, int] | None = None
        for member in team:
            worked = self.worked[member]
            position = bisect_right(worked, (moment, len(self.jobs)))
            if position and (found is None or worked[position - 1] > found):
                found = worked[position - 1]
        return None if found is None else found[1]


def _order(jobs: Sequence[Job]) -> tuple[list[int], list[list[int]], set[int]]:
    """A topological order, the successors of each job and the jobs in cycles."""
    successors: list[list[int]] = [[] for _ in jobs]
    waiting = [0] * len(jobs)
    for index, job in enumerate(jobs):
        for other, _, _ in job.depends:
            successors[other].append(index)
            waiting[index] += 1
    order = [index for index, count in enumerate(waiting) if count == 0]
    for index in order:
        for successor in successors[index]:
            waiting[successor] -= 1
            if waiting[successor] == 0:
                order.append(successor)
    return order, successors, {i for i, count in enumerate(waiting) if count}


def _after_cycles(
    jobs: Sequence[Job], successors: list[list[int]], cyclic: set[int]
) -> set[int]:
    """The jobs of ``cyclic`` that only wait on a cycle, not being in one."""
    leading = {i: sum(s in cyclic for s in successors[i]) for i in cyclic}
    stack = [i for i, count in leading.items() if not count]
    after: set[int] = set()
    while stack:
        index = stack.pop()
        after.add(index)
        for other, _, _ in jobs[index].depends:
            if other in leading:
                leading[other] -= 1
                if not leading[other]:
                    stack.append(other)
    return after


def solve(
    jobs: Sequence[Job],
    timelines: Sequence[Timeline],
    progress: Callable[[int, int], object] | None = None,
) -> Solution:
    """Place every job that can be placed; give the reason for the others."""
    planner = _Planner(jobs, timelines)
    order, successors, cyclic = _order(jobs)
    rank = [job.priority for job in jobs]
    for index in reversed(order):
        for successor in successors[index]:
            rank[index] = max(rank[index], rank[successor])
    after = _after_cycles(jobs, successors, cyclic)
    for index in cyclic:
        planner.reasons[index] = AFTER_CYCLE if index in after else CYCLE
    waiting = [len(job.depends) for job in jobs]
    ready = [(-rank[i], -jobs[i].priority, i) for i in order if not waiting[i]]
    heapq.heapify(ready)
    done = len(cyclic)
    while ready:
        index = heapq.heappop(ready)[2]
        job = jobs[index]
        blocked = next((o for o, _, _ in job.depends if o in planner.reasons), None)
        if job.problem is not None:
            planner.reasons[index] = job.problem
        elif blocked is not None:
            planner.reasons[index] = f"waits on unplanned {jobs[blocked].name!r}"
        elif job.effort and not any(job.teams):
            planner.reasons[index] = NO_RESOURCE
        else:
            planner.place(index)
        done += 1
        if progress is not None:
            progress(done, len(jobs))
        for successor in successors[index]:
            waiting[successor] -= 1
            if not waiting[successor]:
                heapq.heappush(
                    ready, (-rank[successor], -jobs[successor].priority, successor)
                )
    return Solution(planner.outcomes, planner.reasons)


__all__ = [
    "AFTER_CYCLE",
    "CYCLE",
    "NO_BID",
    "NO_RESOURCE",
    "Job",
    "Outcome",
    "Solution",
    "solve",
]
