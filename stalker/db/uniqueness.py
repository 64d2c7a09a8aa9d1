"""Codes, names, logins and e-mails that are unique in their scope.

The database guarantees it: each rule below has a unique constraint (or a
unique index) in ``stalker.db.tables``, the only guard that holds when
several processes write at once. This module refuses a duplicate earlier and
always with the same ``DuplicateError`` naming class, attribute, value and
scope:

* at once, when the value or the scope is given to an object attached to a
  session, or whose scope is (one query, without flushing);
* when an object joins a session (``session.add``, or ``auto_add``);
* at flush, among the objects of the session itself;
* when the database refuses the flush anyway (another process saved the same
  value first), its unique violation becomes the same error; the row's
  parameters (a User's password hash) never reach the message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Select, func, literal, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, attributes, object_session

from stalker.core.models import (
    Asset,
    Project,
    Sequence,
    Shot,
    Task,
    User,
)
from stalker.core.models.entity import hooks
from stalker.core.models.validation import message
from stalker.db import tables as t
from stalker.db.session import no_autoflush
from stalker.exceptions import DuplicateError

_MISSING = object()
_CANDIDATES = "stalker.uniqueness.candidates"
#: (id of an object, rule) -> (value, scope id) the database was asked about.
_VERIFIED = "stalker.uniqueness.verified"


def _itself(scope: Any) -> Any:
    return scope


def _project_of(sequence: Any) -> Any:
    return sequence.project


@dataclass(frozen=True, eq=False)
class Rule:
    """One value that is unique in a scope, and where the database keeps it."""

    cls: type
    attribute: str
    key: str
    column: Column[Any]
    constraint: str
    via: str | None = None
    scope_column: Column[Any] | None = None
    to_scope: Callable[[Any], Any] = _itself
    fold_case: bool = False
    #: Another attribute whose change moves the object to another scope.
    also_moved_by: str | None = None
    #: An attribute that, when set, puts the object under another rule.
    unless: str | None = None

    def normal(self, value: Any) -> Any:
        """The form in which the database compares the value."""
        return value.lower() if self.fold_case and isinstance(value, str) else value

    def scope_from(self, via_value: Any) -> Any:
        """The scope an object has when its ``via`` attribute holds ``via_value``."""
        return None if via_value is None else self.to_scope(via_value)

    def scope_of(self, obj: Any) -> Any:
        """The object in which ``obj``'s value must be unique (None: the studio)."""
        return None if self.via is None else self.scope_from(getattr(obj, self.via))

    def exempts(self, obj: Any) -> bool:
        """Tell whether ``obj`` is under another rule (its ``unless`` is set)."""
        return self.unless is not None and getattr(obj, self.unless) is not None

    def error(self, obj: Any, value: Any, scope: Any) -> DuplicateError:
        """The error refusing ``value`` for ``obj`` in ``scope`` (or its label)."""
        if self.via is None:
            where = "unique in the studio"
        else:
            label = (
                scope
                if isinstance(scope, str)
                else f"{type(scope).__name__} {scope.name!r}"
            )
            tasks_of = "among the tasks of" if self.cls is Task else "in"
            where = f"unique {tasks_of} {label}"
        if self.fold_case:
            where += " (compared without case)"
        return DuplicateError(message(obj, self.attribute, where, value))

    def reported_in(self, text: str) -> bool:
        """Tell whether a database error message is about this rule's constraint."""
        table = self.column.table.name
        columns = [c for c in (self.scope_column, self.column) if c is not None]
        listed = ", ".join(f"{table}.{c.name}" for c in columns)
        return self.constraint in text or f"failed: {listed}" in text


def label_of(scope: Any) -> str:
    """``Project 'Name'``, or ``Project #12`` when its name is not loaded."""
    state = attributes.instance_state(scope)
    name = state.dict.get("_name")
    shown = repr(name) if name is not None else f"#{_saved_id(scope)}"
    return f"{type(scope).__name__} {shown}"


def _code_in_project(cls: type, table: Any, **how: Any) -> Rule:
    """The rule of a class whose code is unique in its project."""
    return Rule(
        cls,
        "code",
        "_code",
        table.c.code,
        f"uq_{table.name}_project_id_code",
        **{"via": "_project", **how},
        scope_column=table.c.project_id,
    )


RULES: tuple[Rule, ...] = (
    Rule(Project, "code", "_code", t.projects.c.code, "uq_projects_code"),
    _code_in_project(Sequence, t.sequences),
    _code_in_project(Asset, t.assets),
    _code_in_project(
        Shot,
        t.shots,
        via="_sequence",
        to_scope=_project_of,
        also_moved_by="_project",
    ),
    # The top tasks of one owner, then the children of one parent.
    Rule(
        Task,
        "name",
        "_name",
        t.tasks.c.name,
        "uq_tasks_task_of_id_name",
        via="_task_of",
        scope_column=t.tasks.c.task_of_id,
        also_moved_by="_parent",
        unless="_parent",
    ),
    Rule(
        Task,
        "name",
        "_name",
        t.tasks.c.name,
        "uq_tasks_parent_id_name",
        via="_parent",
        scope_column=t.tasks.c.parent_id,
    ),
    Rule(User, "login_name", "_name", t.users.c.login_name, "uq_users_login_name"),
    Rule(
        User, "email", "_email", t.users.c.email, "uq_users_email_lower", fold_case=True
    ),
)

_rules_of_class: dict[type, tuple[Rule, ...]] = {}


def rules_of(cls: type) -> tuple[Rule, ...]:
    """The rules that apply to objects of ``cls``."""
    found = _rules_of_class.get(cls)
    if found is None:
        found = _rules_of_class[cls] = tuple(r for r in RULES if issubclass(cls, r.cls))
    return found


def _saved_id(obj: Any) -> int | None:
    """The id of a saved object; None for None and for new objects."""
    if obj is None:
        return None
    state = attributes.instance_state(obj)
    return state.identity[0] if state.has_identity else None  # type: ignore[index]


def _still_holds(rule: Rule, other: Any, value: Any, scope: Any) -> bool:
    """Tell whether ``other``, in the session, still has ``value`` in ``scope``."""
    known = attributes.instance_state(other).dict
    if rule.normal(known.get(rule.key, value)) != value:
        return False
    if rule.unless is not None and known.get(rule.unless) is not None:
        return False
    if rule.via is None or rule.via not in known:
        return True
    return rule.scope_from(known[rule.via]) is scope


def _question(
    rule: Rule, obj: Any, value: Any, scope: Any, number: int
) -> Select[tuple[int, int]]:
    """The ids of saved objects other than ``obj`` with ``value`` in ``scope``."""
    table = rule.column.table
    column = func.lower(rule.column) if rule.fold_case else rule.column
    query = select(table.c.id, literal(number).label("question"))
    query = query.where(column == value)
    if rule.scope_column is not None:
        query = query.where(rule.scope_column == _saved_id(scope))
    if rule.unless is not None:
        query = query.where(table.c[rule.unless[1:] + "_id"].is_(None))
    own_id = _saved_id(obj)
    if own_id is not None:
        query = query.where(table.c.id != own_id)
    return query


def _held(
    session: Session, rule: Rule, obj: Any, ids: list[int], value: Any, scope: Any
) -> bool:
    """Tell whether one of the saved rows ``ids`` still holds the value."""
    mapper = attributes.instance_state(obj).mapper
    for other_id in ids:
        key = mapper.identity_key_from_primary_key((other_id,))
        other = session.identity_map.get(key)
        if other is None or _still_holds(rule, other, value, scope):
            return True
    return False


def _to_ask(
    session: Session, rule: Rule, obj: Any, value: Any, via: Any
) -> tuple[Rule, Any, Any] | None:
    """(rule, value, scope) to ask the database about, or None: nothing to ask."""
    if rule.exempts(obj):
        return None
    given = getattr(obj, rule.key) if value is _MISSING else value
    scope = rule.scope_of(obj) if via is _MISSING else rule.scope_from(via)
    if given is None or (rule.via is not None and _saved_id(scope) is None):
        return None  # nothing to compare yet, or a new scope: the flush checks it
    asked = session.info.get(_VERIFIED, {}).get((id(obj), rule))
    if asked == (rule.normal(given), _saved_id(scope)):
        return None  # asked already, since the last flush
    return rule, given, scope


def check(
    session: Session,
    obj: Any,
    rules: tuple[Rule, ...],
    value: Any = _MISSING,
    via: Any = _MISSING,
) -> None:
    """Refuse ``obj``'s values if saved objects hold them in the same scopes.

    One statement asks about every rule. ``value`` and ``via`` stand for the
    values about to be given to the rules' key or ``via`` attribute.
    """
    with no_autoflush(session):
        asks = [
            ask
            for ask in (_to_ask(session, rule, obj, value, via) for rule in rules)
            if ask is not None
        ]
        if not asks:
            return
        questions = [
            _question(rule, obj, rule.normal(given), scope, number)
            for number, (rule, given, scope) in enumerate(asks)
        ]
        found = session.execute(
            questions[0] if len(questions) == 1 else union_all(*questions)
        ).all()
    verified = session.info.setdefault(_VERIFIED, {})
    for number, (rule, given, scope) in enumerate(asks):
        ids = [row.id for row in found if row.question == number]
        if _held(session, rule, obj, ids, rule.normal(given), scope):
            raise rule.error(obj, given, scope)
        verified[(id(obj), rule)] = (rule.normal(given), _saved_id(scope))


def _session_of(rule: Rule, obj: Any, via: Any) -> Session | None:
    """The session of ``obj``, or else of the object its scope is reached by."""
    found = object_session(obj)
    if found is None and rule.via is not None:
        if via is _MISSING:
            via = attributes.instance_state(obj).dict.get(rule.via)
        found = None if via is None else object_session(via)
    return found


_rules_by_attribute: dict[tuple[type, str], tuple[Rule, ...]] = {}


def _rules_given(cls: type, attr: str) -> tuple[Rule, ...]:
    """The rules whose value or scope ``cls``'s attribute ``attr`` sets."""
    key = (cls, attr)
    found = _rules_by_attribute.get(key)
    if found is None:
        private = f"_{attr}"
        found = _rules_by_attribute[key] = tuple(
            rule for rule in rules_of(cls) if private in (rule.key, rule.via)
        )
    return found


def giving(obj: Any, attr: str, value: Any) -> None:
    """Refuse a value or scope about to be given that makes ``obj`` a duplicate.

    Installed as the models' ``hooks.giving``; it asks the database only
    when ``obj``, or the object giving its scope, is in a session.
    """
    rules = _rules_by_attribute.get((type(obj), attr))
    for rule in _rules_given(type(obj), attr) if rules is None else rules:
        given = {"value": value} if rule.key == f"_{attr}" else {"via": value}
        session = _session_of(rule, obj, given.get("via", _MISSING))
        if session is not None:
            check(session, obj, (rule,), **given)


def before_attach(session: Session, obj: Any) -> None:
    """Refuse an object joining the session with a value already taken."""
    rules = rules_of(type(obj))
    if rules:
        check(session, obj, rules)


def _changed(session: Session) -> Iterator[tuple[Rule, Any]]:
    """Each new object under a rule, and each saved one whose value or scope moved."""
    for obj in session.new:
        for rule in rules_of(type(obj)):
            yield rule, obj
    for obj in session.dirty:
        rules = rules_of(type(obj))
        if rules:
            state = attributes.instance_state(obj)
            for rule in rules:
                watched = (rule.key, rule.via, rule.also_moved_by)
                if any(a and state.attrs[a].history.has_changes() for a in watched):
                    yield rule, obj


def _moved(obj: Any, attr: str) -> bool:
    return attributes.instance_state(obj).attrs[attr].history.has_changes()


def _keep_shots_in_their_project(session: Session) -> None:
    """Store each shot's project beside its sequence, where its constraint is."""
    for obj in session.new:
        if isinstance(obj, Shot):
            obj._project = obj.project  # type: ignore[attr-defined]  # mapped column
    for obj in session.dirty:
        if isinstance(obj, Shot) and _moved(obj, "_sequence"):
            obj._project = obj.project  # type: ignore[attr-defined]  # mapped column
        elif isinstance(obj, Sequence) and _moved(obj, "_project"):
            for shot in obj.shots:
                shot._project = obj.project


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse duplicates among the session's own objects; note what is checked."""
    _keep_shots_in_their_project(session)
    seen: dict[tuple[Rule, int, Any], Any] = {}
    candidates: list[tuple[Rule, Any, Any, Any, str | None]] = []
    for rule, obj in _changed(session):
        value, scope = getattr(obj, rule.key), rule.scope_of(obj)
        if (rule.via is not None and scope is None) or rule.exempts(obj):
            continue
        first = seen.setdefault((rule, id(scope), rule.normal(value)), obj)
        if first is not obj:
            raise rule.error(obj, value, scope)
        label = None if scope is None else label_of(scope)
        candidates.append((rule, obj, value, scope, label))
    session.info[_CANDIDATES] = candidates


def translate(session: Session, error: BaseException) -> DuplicateError | None:
    """The DuplicateError for a unique violation the database raised at flush."""
    candidates = session.info.pop(_CANDIDATES, [])
    if not isinstance(error, IntegrityError):
        return None
    text = str(error.orig)
    rule = next((r for r in RULES if r.reported_in(text)), None)
    if rule is None:
        return None
    # A new scope cannot clash with saved rows: the culprit has a saved one.
    culprits = [
        (obj, value, label)
        for r, obj, value, scope, label in candidates
        if r is rule and (r.via is None or _saved_id(scope) is not None)
    ]
    if not culprits:
        scope = "in the studio" if rule.via is None else "in its scope"
        return DuplicateError(
            f"{rule.cls.__name__}.{rule.attribute} should be unique {scope}: "
            "the database refused a value it already holds"
        )
    found = rule.error(*culprits[0])
    if len(culprits) > 1:
        others = ", ".join(repr(value) for _, value, _ in culprits[1:])
        found = DuplicateError(f"{found} (or one of {others})")
    return found


def install() -> None:
    """Let the models ask before storing a value (``hooks.giving``)."""
    hooks.giving = giving


def after_flush(session: Session, flush_context: Any) -> None:
    """Forget what before_flush noted and what was asked: the flush went through."""
    session.info.pop(_CANDIDATES, None)
    session.info.pop(_VERIFIED, None)


__all__ = [
    "RULES",
    "Rule",
    "after_flush",
    "before_attach",
    "before_flush",
    "check",
    "giving",
    "install",
    "rules_of",
    "translate",
]
