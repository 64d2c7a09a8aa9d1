"""Import many shots, tasks and versions at once: validated, then written in bulk.

For loading a production's shot list from an edit or from another tracker::

    batch = bulk.Import()
    shot = batch.shot(name="SH010", sequence=sequence)
    layout = batch.task(name="Layout", task_of=shot, resources=[artist])
    batch.task(name="Animation", task_of=shot, depends=[layout])
    batch.version(task=layout)
    batch.save()  # one transaction; each row's ``id`` is set

Each row is checked when it is given, by the very setters of the model
classes, so a bad value raises the error ``Shot(...)`` or ``Task(...)`` would
raise, and nothing is written. ``save()`` writes every row with multi-row
INSERTs (ids come back through RETURNING, in order, on every backend),
numbers the versions under the same locks as a flush, and commits; if any
statement fails, the whole import is rolled back. Each row is an ``insert``
in the event log (``stalker.db.outbox``), written with the import's commit.
A task may only depend on tasks that exist already (saved ones, or rows
given before it), so an import can never close a dependency cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any, NoReturn

from sqlalchemy import insert, inspect
from sqlalchemy.orm import MapperProperty, Session
from sqlalchemy.orm.attributes import instance_state

from stalker.core.models import (
    Shot,
    Status,
    StatusList,
    Task,
    TaskOwner,
    User,
    Version,
)
from stalker.core.models.entity import hooks
from stalker.core.models.task import DEFAULT_PRIORITY
from stalker.core.models.validation import NAME_LENGTH, describe, refuse, utc_now
from stalker.core.models.version import DEFAULT_TAKE
from stalker.db import meta, outbox, rollup, uniqueness
from stalker.db import tables as t
from stalker.db.integrity import LEAF_ONLY, latest_version_numbers
from stalker.exceptions import ValidationError

#: Methods of the model classes their setters call on the object being set.
_HELPERS = (
    "_validate_name",
    "_apply_name",
    "_refuse_renumbering",
    "check_dependency",
    "_check_same_project",
    "default_status_list",
    "_check_status",
    "_follow_dependencies",
    "_set_bid",
    "_take_owner",
    "check_leaf",
)


#: Types of values whose validation result depends on the value alone.
_PLAIN = frozenset({str, int, float, dt.timedelta})
_UNSET = object()


class Row:
    """One object of an import, validated; ``id`` is set by ``Import.save()``."""

    id: int | None = None
    # What the classes' __init__ set before any setter runs.
    _code_follows_name = True
    _status: Status | None = None
    _status_list: StatusList
    _version_number: int | None = None
    _dependencies: tuple[Any, ...] = ()
    # An imported task is a top task without children.
    _parent: Any = None
    _children: tuple[Any, ...] = ()

    def __getattr__(self, name: str) -> Any:
        """Read a validated value by its public name (``row.name``, ``row.bid``)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self, f"_{name}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} row {self._name!r}>"


_row_classes: dict[type, type[Row]] = {}


def _row_class(cls: type) -> type[Row]:
    """A plain class named like ``cls`` on which ``cls``'s setters can run."""
    if cls not in _row_classes:
        helpers = {name: getattr(cls, name) for name in _HELPERS if hasattr(cls, name)}
        _row_classes[cls] = type(cls.__name__, (Row,), helpers)
    return _row_classes[cls]


@cache
def _setter(cls: type, key: str) -> Any:
    """The validating descriptor of ``cls.key``: behind its synonym, or the class's."""
    mapped: MapperProperty[Any] | None = inspect(cls).attrs.get(key)
    if mapped is not None:
        return mapped.descriptor
    return next(vars(klass)[key] for klass in cls.__mro__ if key in vars(klass))


def _entity(
    name: Any, code: str | None, description: str, created_by: User | None
) -> dict[str, Any]:
    """The SimpleEntity values every row has, in the order __init__ sets them."""
    values = {"name": name, "description": description, "created_by": created_by}
    if code:  # like __init__: None and "" both mean derive it
        values["code"] = code
    return values


class Import:
    """Shots, tasks and versions to write at once with ``save()``."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session if session is not None else meta.session()
        self.shots: list[Any] = []
        self.tasks: list[Any] = []
        self.versions: list[Any] = []
        self._mine: set[int] = set()
        self._defaults: dict[type, tuple[Any, Any]] = {}
        self._statuses: dict[tuple[type, type, Any], Status] = {}
        self._results: dict[Any, dict[str, Any]] = {}
        self._logged_in: Any = _UNSET

    def _creator(self, created_by: User | None) -> User | None:
        """``created_by``, or else the logged-in user, as the classes default it."""
        if created_by is not None or hooks.current_user is None:
            return created_by
        if self._logged_in is _UNSET:
            self._logged_in = hooks.current_user()
        return self._logged_in

    def _validate(self, cls: type, status: Status | int | None, **values: Any) -> Any:
        """Run ``cls``'s own setters on a new row, in the order its __init__ does.

        The default StatusList is looked up and checked for the first row of
        each class, and a status given for the first row of each class that
        gives it; the rows after them share the results.
        """
        row = _row_class(cls)()
        for key, value in values.items():
            self._set(cls, row, key, value)
        if cls not in self._defaults:
            _setter(cls, "status_list").__set__(row, None)
            self._defaults[cls] = (row._status_list, row._status)
        row._status_list, row._status = self._defaults[cls]
        if status is not None:  # taken as it is, as the constructors do
            row._status = self._status(cls, row, status)
        return row

    def _status(self, cls: type, row: Any, status: Any) -> Status:
        """``row._check_status(status)``, checked once per class and status given."""
        key = (cls, type(status), status)  # True is not 1 here
        try:
            return self._statuses[key]
        except KeyError:
            checked: Status = row._check_status(status)
            self._statuses[key] = checked
            return checked
        except TypeError:  # an unhashable value, which the check refuses
            refused: Status = row._check_status(status)
            return refused

    def _set(self, cls: type, row: Any, key: str, value: Any) -> None:
        """Run the setter of ``cls.key`` on ``row``.

        A plain value (a string, number or duration) already given to that
        setter gets the same result again, without running it twice.
        """
        if type(value) not in _PLAIN:
            _setter(cls, key).__set__(row, value)
            return
        memo = (cls, key, type(value), value)  # 1 and 1.0 are not the same
        found = self._results.get(memo)
        if found is None:
            before = dict(row.__dict__)
            _setter(cls, key).__set__(row, value)
            found = self._results[memo] = {
                name: result
                for name, result in row.__dict__.items()
                if before.get(name, _UNSET) is not result
            }
        row.__dict__.update(found)

    def shot(
        self,
        name: str,
        sequence: Any = None,
        type: Any = None,
        status: Status | int | None = None,
        code: str | None = None,
        description: str = "",
        created_by: User | None = None,
    ) -> Row:
        """Add a Shot; the arguments are those of ``Shot(...)``."""
        row = self._validate(
            Shot,
            status,
            **_entity(name, code, description, self._creator(created_by)),
            type=type,
            sequence=sequence,
        )
        return self._keep(self.shots, row)

    def task(
        self,
        name: str,
        task_of: TaskOwner | Row | None = None,
        resources: Iterable[User] | None = None,
        bid: dt.timedelta | None = None,
        pipeline_step: Any = None,
        depends: Iterable[Task | Row] | None = None,
        priority: int = DEFAULT_PRIORITY,
        status: Status | int | None = None,
        code: str | None = None,
        description: str = "",
        created_by: User | None = None,
    ) -> Row:
        """Add a Task; ``task_of`` and ``depends`` may also be rows of this import.

        ``task_of`` is a saved Project, Sequence, Shot or Asset, or a shot row.
        """
        given = list(depends or ())
        saved = [task for task in given if not self._is_row(task, Task)]
        row = self._validate(
            Task,
            status,
            **_entity(name, code, description, self._creator(created_by)),
            bid=bid,
            priority=priority,
            pipeline_step=pipeline_step,
            resources=resources,
            depends=saved,
        )
        for index, task in enumerate(given):
            if any(other is task for other in given[:index]):
                refuse(row, "depends", "a list of Task instances without repeats", task)
        row._depends = given
        if status is None:
            _wait_or_start(row, given)
        if self._is_row(task_of, Shot):
            row._task_of = task_of
        else:
            self._set(Task, row, "task_of", task_of)
        return self._keep(self.tasks, row)

    def version(
        self,
        task: Task | Row,
        take: str = DEFAULT_TAKE,
        status: Status | int | None = None,
        description: str = "",
        created_by: User | None = None,
    ) -> Row:
        """Add a Version of ``task``, numbered by ``save()``."""
        row = self._validate(
            Version,
            status,
            description=description,
            created_by=self._creator(created_by),
            take=take,
        )
        if self._is_row(task, Task):
            row._task = task
        else:
            self._set(Version, row, "task", task)
        self._set(Version, row, "name", f"{task.name} {row._take}"[:NAME_LENGTH])
        return self._keep(self.versions, row)

    def _keep(self, rows: list[Any], row: Any) -> Row:
        """Add a validated row to the import."""
        rows.append(row)
        self._mine.add(id(row))
        return row

    def _is_row(self, value: Any, cls: type) -> bool:
        """Tell whether ``value`` is a row of this import standing for a ``cls``."""
        return type(value) is _row_classes.get(cls) and id(value) in self._mine

    def save(self) -> None:
        """Write every row in one transaction and commit; on error write nothing."""
        session = self.session
        try:
            session.flush()
            _write(session, self)
        except BaseException as error:
            session.rollback()
            duplicate = uniqueness.translate(session, error)
            if duplicate is not None:
                raise duplicate from None
            raise
        session.commit()
        _expire_lists_added_to(session, self)


def _expire_lists_added_to(session: Session, batch: Import) -> None:
    """Expire the saved objects whose lists the import added to.

    The rows were written around the ORM, and a commit expires only what the
    ORM wrote (``stalker.db.expiry``): a sequence's loaded shots, a shot's or
    a user's tasks, a task's versions are read again on their next use.
    """
    parents = [row._sequence for row in batch.shots]
    for row in batch.tasks:
        parents += [row._task_of, *row._resources]
    parents += [row._task for row in batch.versions]
    saved = {
        id(obj): obj
        for obj in parents
        if obj is not None and not isinstance(obj, Row) and obj in session
    }
    for obj in saved.values():
        session.expire(obj)


def _id(obj: Any) -> int | None:
    """The id of a saved (or just flushed) object, without loading it."""
    if obj is None:
        return None
    if isinstance(obj, Row):
        return obj.id
    identity = instance_state(obj).identity
    if identity is None:
        raise ValidationError(
            f"{describe(obj)} should be saved or in the session before the import"
        )
    return identity[0]


def _insert_entities(session: Session, rows: list[Any], now: dt.datetime) -> None:
    """Insert the simple_entities rows, give each row its new id, log the inserts."""
    if not rows:
        return
    se = t.simple_entities
    values = [
        {
            "entity_type": type(row).__name__,
            "name": row._name,
            "code": row._code,
            "description": row._description,
            "created_by_id": _id(row._created_by),
            "updated_by_id": _id(row._created_by),
        }
        for row in rows
    ]
    # One timestamp for the whole import: bound once, not converted per row.
    statement = (
        insert(se)
        .values(date_created=now, date_updated=now)
        .returning(se.c.id, sort_by_parameter_order=True)
    )
    ids = session.execute(statement, values).scalars().all()
    for row, new_id in zip(rows, ids, strict=True):
        row.id = new_id
    outbox.record(session, "insert", type(rows[0]).__name__, ids)


def _insert(session: Session, table: Any, values: list[dict[str, Any]]) -> None:
    if values:
        session.execute(insert(table), values)


def _pairs(rows: list[Any], attr: str, column: str) -> list[dict[str, Any]]:
    """The association rows from each task row to the objects in its ``attr``."""
    return [
        {"task_id": row.id, column: _id(other)}
        for row in rows
        for other in getattr(row, attr)
    ]


def _wait_or_start(row: Any, depends: list[Any]) -> None:
    """A new task waits (WFD) while a dependency is not done, else RTS, as Task does."""
    names = {status.short_name for status in row._status_list.statuses}
    if {"WFD", "RTS"} <= names:
        blocked = any(not task._status.is_done for task in depends)
        row._status = row._status_list["WFD" if blocked else "RTS"]


def _statused(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "status_id": _id(row._status),
        "status_list_id": _id(row._status_list),
    }


def _number_versions(session: Session, versions: list[Any]) -> None:
    """Number the versions per task and take, after the saved ones."""
    saved = {
        task_id
        for row in versions
        if not isinstance(row._task, Row) and (task_id := _id(row._task)) is not None
    }

    def refuse_parent(task_id: int) -> NoReturn:
        row = next(row for row in versions if _id(row._task) == task_id)
        refuse(row, "task", LEAF_ONLY, row._task)

    latest = latest_version_numbers(session, saved, refuse_parent)
    for row in versions:
        key = (_id(row._task), row._take)
        latest[key] += 1
        row._version_number = latest[key]


def _add_up_new_shots(session: Session, batch: Import) -> None:
    """Give each new shot the status its tasks add up to; note the rest for the commit.

    Every task of a shot of the import is a row of it (and has no children),
    so the shot is written with the status the roll-up would give it
    (``rollup.added_up``). The saved shots and assets given tasks, and the
    sequences given shots with tasks, are added up at commit as usual.
    """
    statuses: dict[int, list[str]] = {}
    saved: dict[int, Any] = {}
    for row in batch.tasks:
        owner = row._task_of
        if isinstance(owner, Row):
            statuses.setdefault(id(owner), []).append(row._status.short_name)
        elif owner is not None:
            saved[id(owner)] = owner
    sequences: set[int] = set()
    # Shots share a list and a few sets of statuses: each is added up once.
    found: dict[tuple[int, frozenset[str]], Status | None] = {}
    for row in batch.shots:
        names = statuses.get(id(row))
        if names is None:
            continue
        key = (id(row._status_list), frozenset(names))
        if key not in found:
            found[key] = rollup.added_up(row._status_list, key[1])
        status = found[key]
        if status is not None:
            row._status = status
        sequence_id = _id(row._sequence)
        if sequence_id is not None:
            sequences.add(sequence_id)
    rollup.note_imported(session, saved.values(), sequences)


def _write(session: Session, batch: Import) -> None:
    now = utc_now()
    _add_up_new_shots(session, batch)
    _insert_entities(session, batch.shots, now)
    _insert(
        session,
        t.shots,
        [
            {
                **_statused(row),
                "type_id": _id(row._type),
                "sequence_id": _id(row._sequence),
                "project_id": _id(getattr(row._sequence, "project", None)),
                "code": row._code,
            }
            for row in batch.shots
        ],
    )
    _insert_entities(session, batch.tasks, now)
    _insert(
        session,
        t.tasks,
        [
            {
                **_statused(row),
                "bid": row._bid,
                "priority": row._priority,
                "pipeline_step_id": _id(row._pipeline_step),
                "task_of_id": _id(row._task_of),
                "name": row._name,
            }
            for row in batch.tasks
        ],
    )
    _insert(session, t.task_resources, _pairs(batch.tasks, "_resources", "user_id"))
    _insert(
        session, t.task_dependencies, _pairs(batch.tasks, "_depends", "depends_on_id")
    )
    _insert_entities(session, batch.versions, now)
    _number_versions(session, batch.versions)
    _insert(
        session,
        t.versions,
        [
            {
                **_statused(row),
                "task_id": _id(row._task),
                "take": row._take,
                "version_number": row._version_number,
                "path": "",
                "filename": "",
            }
            for row in batch.versions
        ],
    )


__all__ = ["Import", "Row"]
