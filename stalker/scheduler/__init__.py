"""Stalker's scheduler: when each task will be done, and by whom.

``schedule(projects)`` plans every open task of the projects on the studio's
working time (``WorkingHours``, holidays, each user's ``Vacation``), honouring
bids, dependencies, bookings and priorities, stores ``computed_start``,
``computed_end`` and ``computed_resources`` on the tasks and returns a
``Plan`` (allocations, end date, critical path, load, Gantt chart).
"""

from stalker.scheduler.calendar import WorkingHours
from stalker.scheduler.plan import Plan
from stalker.scheduler.runner import schedule

__all__ = ["Plan", "WorkingHours", "schedule"]
