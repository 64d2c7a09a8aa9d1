"""The event log: what was inserted, updated, deleted or moved to a new status.

Every flush notes one row per object it wrote (``after_flush``); the commit
writes the transaction's rows to ``events`` in the same transaction, just
before it commits (``before_commit``), so the log holds exactly what was
committed: an outbox. A rolled-back transaction leaves no event, nor does a
rolled-back savepoint (the rows noted before it are kept aside). Within one
transaction the updates of an object (several flushes) are one event, old
values from the first, new ones from the last, and an object inserted in it
has only its insert. Before a flush, the saved values an object changed
after a commit no longer knew are read, one statement per class
(``before_flush``), so each update says what it replaced.

Commit order
------------
A poller reads ``since(cursor)`` and passes the last id it saw next time, so
an event must never get an id below one already visible. Ids from a sequence
break that when transactions overlap: one takes id 7, another takes 8 and
commits first; a poller sees 8, and 7 is skipped for ever when it commits.
Here the ids of a transaction's events are taken at the very end of the
transaction, by adding their number to the one row of ``event_counters``
(``UPDATE ... RETURNING``). That update holds the row locked until the
transaction ends, so the next committer waits for it and then reads the
value it left: the ids of a transaction come after those of every
transaction that committed before it, and a transaction is visible before
the lock is released (PostgreSQL ends the transaction's visibility before
its locks; SQLite has one writer at a time, holding the database's write
lock from its first write to its commit). When a poller sees event ``n``,
every event below ``n`` is already committed and visible: nothing is missed,
and the cursor makes sure nothing is seen twice. The lock is held only for
the last two statements of a commit (the update and the events' INSERT),
after every other lock of the transaction was taken, so it adds no waits in
a circle.

Costs: nothing per object beyond noting it; two statements per commit that
wrote anything (the counter's update and one multi-row INSERT of the events).
The rows a bulk import writes (``record``) are noted as runs of consecutive
ids, each written by one ``INSERT ... SELECT`` from their own rows: one more
statement per run, and no per-row work in Python or in SQLite's executemany.

What is noted: objects of the model (``SimpleEntity`` and its subclasses,
also a studio's own). An update records the attributes that changed, as
``{name: (old, new)}`` in JSON: plain values as they are, times in ISO 8601,
durations in seconds, other objects by id, lists of objects as lists of
ids, anything else (a studio's own column type) as its text. A change of
``status`` is an event of its own, kind ``"status"``, with the short names
of the statuses. The audit fields (``date_updated``, ``updated_by``), the
lists whose items hold the link (a sequence's shots: the shot's own event
says it) and the attributes of ``SECRET_ATTRIBUTES`` (a password hash) are
never written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import Integer, bindparam, insert, null, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import MANYTOONE, Mapper, Session, attributes
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.orm.state import InstanceState

from stalker.core.models import SimpleEntity, Status
from stalker.core.models.validation import describe, utc_now
from stalker.db import audit, meta
from stalker.db import tables as t
from stalker.exceptions import ValidationError, ValidationTypeError

#: Public names of attributes whose values never reach the log.
SECRET_ATTRIBUTES: set[str] = {"password"}

#: Attributes the log leaves out: the audit fields, the optimistic counter.
_IGNORED = frozenset({"_date_updated", "_updated_by", "version_id"})

_PENDING = "stalker.events.pending"
_WRITTEN = "stalker.events.written"

#: [kind, entity type, entity id, changes or None, the object or None].
Pending = list[Any]


class _Log:
    """The events one transaction noted so far, updates merged per object."""

    def __init__(self, transaction: Any) -> None:
        self.transaction = transaction
        self.rows: list[Pending] = []
        #: (kind, entity id) -> the row of an update or status change.
        self.changed: dict[tuple[str, int], Pending] = {}
        #: Ids of the objects inserted.
        self.inserted: set[int] = set()
        #: Savepoints begun -> the rows as they were then.
        self.savepoints: dict[Any, list[Pending]] = {}

    def keep(self, savepoint: Any) -> None:
        """Remember the rows as they are when ``savepoint`` begins."""
        self.savepoints[savepoint] = [
            [kind, name, id_, None if changes is None else dict(changes), obj]
            for kind, name, id_, changes, obj in self.rows
        ]

    def back_to(self, savepoint: Any) -> None:
        """Forget what was noted since ``savepoint`` began: it was rolled back."""
        self.rows = self.savepoints.pop(savepoint)
        self.changed = {(row[0], row[2]): row for row in self.rows if row[3]}
        self.inserted = {
            id_ for row in self.rows if row[0] == "insert" for id_ in _ids(row[2])
        }

    def insert(self, obj: Any, id_: int) -> None:
        """Note an insert."""
        self.rows.append(["insert", type(obj).__name__, id_, None, obj])
        self.inserted.add(id_)

    def change(self, kind: str, obj: Any, id_: int, changes: dict[str, Any]) -> None:
        """Note an update; a later one of the same object joins the first.

        An object inserted in the same transaction is only inserted: its
        committed state is the one the insert stands for.
        """
        self.change_of(kind, type(obj).__name__, id_, changes, obj)

    def change_of(
        self,
        kind: str,
        entity_type: str,
        id_: int,
        changes: dict[str, Any],
        obj: Any = None,
    ) -> None:
        """Note an update of the ``entity_type`` with id ``id_``, as ``change``."""
        if id_ in self.inserted:
            return
        row = self.changed.get((kind, id_))
        if row is None:
            row = self.changed[kind, id_] = [kind, entity_type, id_, {}, obj]
            self.rows.append(row)
        merged = row[3]
        for name, (old, new) in changes.items():
            merged[name] = (merged[name][0] if name in merged else old, new)


@dataclass(frozen=True)
class Event:
    """One entry of the event log, read-only."""

    #: Its place in commit order: ``since(id)`` gives the events after it.
    id: int
    #: ``"insert"``, ``"update"``, ``"delete"`` or ``"status"``.
    kind: str
    #: The class name of the object (``"Shot"``).
    entity_type: str
    #: The object's id.
    entity_id: int
    #: The id of the User logged in when it was written; None for nobody.
    user_id: int | None
    #: When it was committed, timezone-aware UTC.
    time: dt.datetime
    #: For updates and status changes: attribute -> (old, new); else None.
    changes: Mapping[str, tuple[Any, Any]] | None


def _log(session: Session) -> _Log:
    """The events the session's transaction noted so far (new for a new one)."""
    transaction = session.get_transaction()
    found = session.info.get(_PENDING)
    if found is None or found.transaction is not transaction:
        found = session.info[_PENDING] = _Log(transaction)
    log: _Log = found
    return log


def after_transaction_create(session: Session, transaction: Any) -> None:
    """Remember the rows noted before a savepoint, to go back to them."""
    if transaction.nested:
        _log(session).keep(transaction)


def after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    """Forget the rows noted in a savepoint that was rolled back."""
    log = session.info.get(_PENDING)
    if log is not None and previous_transaction in log.savepoints:
        log.back_to(previous_transaction)


@dataclass(frozen=True)
class _Run:
    """Consecutive ids of objects written together: their events are one statement."""

    first: int
    count: int


def _ids(noted: int | _Run) -> Iterable[int]:
    """The ids a row of the log stands for: its own, or those of its run."""
    if isinstance(noted, _Run):
        return range(noted.first, noted.first + noted.count)
    return (noted,)


def record(session: Session, kind: str, entity_type: str, ids: Iterable[int]) -> None:
    """Note events of objects written without the ORM (``stalker.db.bulk``).

    Ids that follow each other (a multi-row INSERT's, as SQLite gives them
    and PostgreSQL does without concurrent writers) are noted as one run,
    whose events the commit writes with one ``INSERT ... SELECT``.
    """
    given = list(ids)
    log = _log(session)
    if len(given) > 1 and given == list(range(given[0], given[0] + len(given))):
        log.rows.append([kind, entity_type, _Run(given[0], len(given)), None, None])
    else:
        log.rows.extend([kind, entity_type, id_, None, None] for id_ in given)
    if kind == "insert":
        log.inserted.update(given)


def record_statuses(
    session: Session, changes: Iterable[tuple[str, int, str, str]]
) -> None:
    """Note status changes written without the ORM (``stalker.db.rollup``).

    Each change is (entity type, id, old short name, new short name).
    """
    log = _log(session)
    for entity_type, id_, old, new in changes:
        log.change_of("status", entity_type, id_, {"status": (old, new)})


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it: an object by its id."""
    if isinstance(value, SimpleEntity):
        state = attributes.instance_state(value)
        return state.identity[0] if state.identity else state.dict.get("id")
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def _change(state: InstanceState[Any], key: str) -> tuple[Any, Any] | None:
    """(old, new) of attribute ``key`` of a flushed object; None if unchanged."""
    history = state.attrs[key].history
    if not history.has_changes():
        return None
    if state.manager[key].impl.collection:
        kept = [_plain(item) for item in history.unchanged]
        return kept + [_plain(item) for item in history.deleted], kept + [
            _plain(item) for item in history.added
        ]
    old = history.deleted[0] if history.deleted else None
    new = history.added[0] if history.added else None
    return _plain(old), _plain(new)


@dataclass(frozen=True)
class _Attributes:
    """How the log names the changed attributes of one mapper's objects."""

    #: Left out: the audit fields, the lists whose items hold the link, and
    #: the many-to-one relationships (their foreign key column says it).
    skipped: frozenset[str]
    #: The foreign key column behind a many-to-one -> the relationship's name.
    renamed: Mapping[str, str]
    #: The logged scalar columns.
    columns: frozenset[str]


@functools.cache
def _attributes(mapper: Mapper[Any]) -> _Attributes:
    """What the log writes of a changed object of ``mapper``.

    A many-to-one change is read from its foreign key column: its old value
    is known even when the related object was never loaded.
    """
    foreign_keys: dict[str, str] = {}
    skipped = set(_IGNORED | audit.lists_linked_from_items(mapper))
    for rel in mapper.relationships:
        if rel.direction is MANYTOONE and len(rel.local_columns) == 1:
            (column,) = rel.local_columns
            foreign_keys[rel.key] = mapper.get_property_by_column(column).key
            skipped.add(rel.key)
    columns = {
        prop.key
        for prop in mapper.column_attrs
        if prop.key not in skipped
        and prop.key.lstrip("_") not in SECRET_ATTRIBUTES
        and prop.key not in foreign_keys.values()
    }
    return _Attributes(
        frozenset(skipped),
        MappingProxyType(
            {column: rel.lstrip("_") for rel, column in foreign_keys.items()}
        ),
        frozenset(columns),
    )


def _short_name(session: Session, status_id: int) -> str:
    """The short name of the Status with id ``status_id``."""
    status = cast(Status, session.get(Status, status_id))
    return status.short_name


def _changes(session: Session, state: InstanceState[Any]) -> tuple[dict[str, Any], Any]:
    """The changes of an updated object, and its status change (or None)."""
    attrs = _attributes(state.mapper)
    changes: dict[str, Any] = {}
    status = None
    for key in state.committed_state:
        name = attrs.renamed.get(key) or key.lstrip("_")
        if key in attrs.skipped or name in SECRET_ATTRIBUTES:
            continue
        change = _change(state, key)
        if change is None:
            continue
        if name == "status":
            status = tuple(_short_name(session, id_) for id_ in change)
        else:
            changes[name] = change
    return changes, status


def _dumps(changes: dict[str, Any]) -> str:
    """The changes as compact JSON; a value JSON has no type for as its text."""
    return json.dumps(changes, separators=(",", ":"), default=str)


def _saved_id(state: InstanceState[Any]) -> int:
    """The id of a saved object, from its identity."""
    identity = cast(tuple[int], state.identity)
    return identity[0]


def _unloaded(state: InstanceState[Any]) -> tuple[str, ...]:
    """The logged columns of a changed object whose saved value was never loaded.

    An object expired by a commit and then given a new value does not know
    the one it replaced. (A many-to-one is read from its foreign key column,
    which the flush loads with the rest of the expired object.)
    """
    columns = _attributes(state.mapper).columns
    return tuple(
        key
        for key, saved in state.committed_state.items()
        if saved is NO_VALUE and key in columns
    )


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Read the saved values the changed objects do not know, per class at once."""
    missing: dict[tuple[Mapper[Any], tuple[str, ...]], list[Any]] = {}
    for state in session.identity_map._modified:
        if isinstance(state.obj(), SimpleEntity) and state not in session._deleted:
            keys = _unloaded(state)
            if keys:
                missing.setdefault((state.mapper, keys), []).append(state)
    for (mapper, keys), states in missing.items():
        by_id = {_saved_id(state): state for state in states}
        cls = mapper.class_
        found = session.execute(
            select(cls.id, *(getattr(cls, key) for key in keys)).where(
                cls.id.in_(by_id)
            )
        )
        for id_, *values in found:
            state = by_id[id_]
            state.committed_state.update(zip(keys, values, strict=True))


def after_flush(session: Session, flush_context: Any) -> None:
    """Note a row for each object the flush inserted, updated or deleted."""
    log = _log(session)
    for state, obj in session._new.items():
        if isinstance(obj, SimpleEntity):
            log.insert(obj, state.dict["id"])
    for state in session.identity_map._modified:
        obj = state.obj()
        if not isinstance(obj, SimpleEntity) or state in session._deleted:
            continue
        changes, status = _changes(session, state)
        if changes:
            log.change("update", obj, _saved_id(state), changes)
        if status is not None:
            log.change("status", obj, _saved_id(state), {"status": status})
    for state, obj in session._deleted.items():
        if isinstance(obj, SimpleEntity):
            log.rows.append(["delete", type(obj).__name__, _saved_id(state), None, obj])


def before_commit(session: Session) -> None:
    """Write the transaction's events, their ids taken in commit order."""
    session.flush()
    rows = _log(session).rows
    session.info.pop(_PENDING)
    session.info[_WRITTEN] = [row[4] for row in rows if row[4] is not None]
    if not rows:
        return
    connection = session.connection()
    count = sum(row[2].count if type(row[2]) is _Run else 1 for row in rows)
    last = connection.execute(_take_ids(), {"count": count}).scalar_one()
    user_id, now = audit.current_user_id(), utc_now()
    events = _EventInsert.of(connection.dialect)
    time = events.to_driver(now)
    plain: list[tuple[Any, ...]] = []
    runs: list[dict[str, Any]] = []
    next_id = last - count + 1
    for kind, entity_type, entity_id, changes, _ in rows:
        if type(entity_id) is not _Run:
            plain.append(
                (next_id, kind, entity_type, entity_id, user_id, time, _json(changes))
            )
            next_id += 1
            continue
        runs.append(
            {
                "shift": next_id - entity_id.first,
                "kind": kind,
                "entity_type": entity_type,
                "user_id": user_id,
                "time": now,
                "low": entity_id.first,
                "high": entity_id.first + entity_id.count - 1,
            }
        )
        next_id += entity_id.count
    if plain:
        events.write(connection, plain)
    for run in runs:
        connection.execute(_insert_run(), run)


def _json(changes: dict[str, Any] | None) -> str | None:
    return None if changes is None else _dumps(changes)


@functools.cache
def _insert_run() -> Any:
    """The events of a run of inserted objects, read from their own rows: built once.

    Each event's id is the object's id shifted by ``shift``; SQLite evaluates
    the statement once, not once per row as it does an executemany.
    """
    entities, events = t.simple_entities, t.events

    def given(name: str, kind: Any) -> Any:
        return sql_cast(bindparam(name), kind)

    rows = select(
        entities.c.id + given("shift", Integer),
        given("kind", events.c.kind.type),
        given("entity_type", events.c.entity_type.type),
        entities.c.id,
        given("user_id", Integer),
        bindparam("time", type_=events.c.time.type),
        null(),
    ).where(entities.c.id.between(bindparam("low"), bindparam("high")))
    return insert(events).from_select([column.key for column in events.columns], rows)


@functools.cache
def _take_ids() -> Any:
    """Take ``count`` ids from the counter, returning the last: built once."""
    counter = t.event_counters
    return (
        update(counter)
        .values(last_id=counter.c.last_id + bindparam("count"))
        .returning(counter.c.last_id)
    )


class _EventInsert:
    """The events' INSERT for one dialect, sent through the driver in one go.

    A commit may write tens of thousands of events (a bulk import writes one
    per object); SQLAlchemy's per-row handling of parameters would cost more
    than the rows themselves. The statement is compiled once per dialect, the
    time (the same for every event of a commit) is converted once, and each
    row goes to the driver as it is: every other column is an integer or
    text, which no dialect converts.
    """

    _made: dict[tuple[str, str], _EventInsert] = {}

    def __init__(self, dialect: Any) -> None:
        compiled = insert(t.events).compile(dialect=dialect)
        self.sql = compiled.string
        self.names = tuple(column.key for column in t.events.columns)
        positions = compiled.positiontup
        #: Values in the order the driver takes them: a tuple for positional
        #: parameters (SQLite), a dict for named ones (psycopg).
        self.arrange: Callable[[tuple[Any, ...]], Any] = (
            functools.partial(_named, self.names)
            if positions is None
            else operator.itemgetter(*(self.names.index(n) for n in positions))
        )
        self.time_to_driver = t.events.c.time.type.dialect_impl(dialect).bind_processor(
            dialect
        )

    @classmethod
    def of(cls, dialect: Any) -> _EventInsert:
        """The INSERT for ``dialect``, made once per kind of dialect."""
        key = (dialect.name, dialect.driver)
        made = cls._made.get(key)
        if made is None:
            made = cls._made[key] = cls(dialect)
        return made

    def to_driver(self, time: dt.datetime) -> Any:
        """``time`` as the driver takes it for the ``time`` column."""
        return time if self.time_to_driver is None else self.time_to_driver(time)

    def write(self, connection: Any, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (driver values in the table's column order) at once."""
        connection.exec_driver_sql(self.sql, list(map(self.arrange, rows)))


def _named(names: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(names, row, strict=True))


def written(session: Session) -> list[Any]:
    """The objects whose events the last commit of ``session`` wrote; forgets them."""
    found: list[Any] = session.info.pop(_WRITTEN, [])
    return found


def _event(row: Any) -> Event:
    changes = None
    if row.changes is not None:
        changes = MappingProxyType(
            {name: tuple(pair) for name, pair in json.loads(row.changes).items()}
        )
    return Event(
        row.id, row.kind, row.entity_type, row.entity_id, row.user_id, row.time, changes
    )


def _read(statement: Any) -> list[Event]:
    """Run ``statement`` in ``db.session``, ending the transaction if it began it.

    A poller that is not in a transaction holds none between two calls, and
    each call sees what was committed until then.
    """
    session = meta.session()
    began = not session.in_transaction()
    events = [_event(row) for row in session.execute(statement)]
    if began:
        session.commit()
    return events


def _count(name: str, value: Any, least: int) -> int:
    """``value`` of the argument ``name`` of ``events.since``, checked."""
    what = f"an int, at least {least}"
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationTypeError(
            f"events.since.{name} should be {what}, not {describe(value)}"
        )
    if value < least:
        raise ValidationError(f"events.since.{name} should be {what}, not {value!r}")
    return value


def since(cursor: int = 0, limit: int = 1000) -> list[Event]:
    """The events after id ``cursor``, oldest first, at most ``limit`` of them.

    Pass the ``id`` of the last event you handled as the next ``cursor``:
    ids follow commit order, so no event is missed or given twice.
    """
    _count("cursor", cursor, 0)
    _count("limit", limit, 1)
    events = t.events
    return _read(
        select(events).where(events.c.id > cursor).order_by(events.c.id).limit(limit)
    )


def history(obj: SimpleEntity) -> list[Event]:
    """The committed events of ``obj``, oldest first (none before it is saved)."""
    if not isinstance(obj, SimpleEntity):
        raise ValidationTypeError(
            f"events.history.obj should be a SimpleEntity, not {describe(obj)}"
        )
    state = attributes.instance_state(obj)
    if state.identity is None:
        return []
    events = t.events
    return _read(
        select(events)
        .where(events.c.entity_id == state.identity[0])
        .where(events.c.entity_type == type(obj).__name__)
        .order_by(events.c.id)
    )


__all__ = [
    "SECRET_ATTRIBUTES",
    "Event",
    "after_flush",
    "after_soft_rollback",
    "after_transaction_create",
    "before_commit",
    "history",
    "record",
    "record_statuses",
    "since",
    "written",
]
