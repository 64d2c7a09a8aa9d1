"""The roots of the object model: SimpleEntity, Entity, StatusedEntity, TypeEntity."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from stalker.core.models.fields import Collection, Reference, start_list
from stalker.core.models.validation import (
    CODE_LENGTH,
    NAME_LENGTH,
    check_datetime,
    check_instance,
    check_string,
    refuse,
    utc_now,
)
from stalker.exceptions import ValidationTypeError

if TYPE_CHECKING:
    from stalker.core.models.comment import Comment
    from stalker.core.models.status import Status, StatusList
    from stalker.core.models.tag import Tag
    from stalker.core.models.user import User

_CAMEL_BOUNDARY = re.compile(r"(?<=[^\W_])(?=[A-Z][a-z])|(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\W_]+")


def make_nice_name(name: str) -> str:
    """Return the lower case, underscore separated form of a name.

    ``"Fancy Commercial"`` gives ``"fancy_commercial"`` and ``"CamelCaseName"``
    gives ``"camel_case_name"``.
    """
    split = _CAMEL_BOUNDARY.sub("_", name)
    return _SEPARATORS.sub("_", split).strip("_").lower()


class ModelHooks:
    """The callables through which a database layer joins the objects' lives.

    All are None for plain objects; ``stalker.db.setup()`` installs them.
    """

    #: Called with each object whose construction succeeded.
    created: Callable[[SimpleEntity], None] | None = None
    #: Called with each object whose ``__init__`` raised.
    abandoned: Callable[[SimpleEntity], None] | None = None
    #: Returns the context every ``__init__`` runs in.
    constructing: Callable[[], AbstractContextManager[Any]] = nullcontext
    #: Called with a class, returns its default StatusList or None.
    default_status_list: Callable[[type], StatusList | None] | None = None
    #: Returns the logged-in User (or None): the default ``created_by``.
    current_user: Callable[[], User | None] | None = None
    #: Called with an object, a public attribute and a valid value about to
    #: be stored in it; raises to refuse it (a code already taken...).
    giving: Callable[[Any, str, Any], None] | None = None
    #: Returns a saved object's id without loading anything (or None).
    saved_id: Callable[[SimpleEntity], int | None] | None = None
    #: Called with a Task before a workflow action reads its status: holds
    #: the task's lock until the transaction ends and reads it again.
    lock_task: Callable[[Any], None] | None = None
    #: Called with a Task whose status changed: returns the tasks that depend
    #: on it, locked and read again (stalker.db.workflow).
    dependents: Callable[[Any], list[Any]] | None = None
    #: Called with a Comment and a User: notes the user read it (once).
    mark_read: Callable[[Any, Any], None] | None = None
    #: Called with a Comment and a User: whether the user read it.
    is_read_by: Callable[[Any, Any], bool] | None = None
    #: Called with a User: the comments for the user, newest first.
    inbox: Callable[[Any], list[Any]] | None = None


def giving(obj: Any, attr: str, value: Any) -> None:
    """Let the hooks refuse ``value`` before it is stored in ``obj.attr``."""
    if hooks.giving is not None:
        hooks.giving(obj, attr, value)


hooks = ModelHooks()


def in_memory(obj: Any, attr: str) -> Any:
    """Return an attribute's value if it is in memory, else None; never a query.

    A mapped object may be expired or detached; reading its attributes would
    then query the database or raise, which ``repr`` must never do.
    """
    return obj.__dict__.get(attr)


def constructor_signature(cls: type) -> inspect.Signature:
    """Return the parameters a class takes, gathered along its ``__init__`` chain.

    Each ``__init__`` takes its own parameters and passes ``**kwargs`` on to
    the next one in the MRO, so the parameters of the first are positional
    or keyword and those of the rest keyword-only. The gathering stops at an
    ``__init__`` without ``**kwargs``. No ``**kwargs`` is shown:
    ``SimpleEntity``'s refuses the leftovers.
    """
    found: dict[str, inspect.Parameter] = {}
    inits = (owner.__dict__.get("__init__") for owner in cls.__mro__[:-1])
    for index, init in enumerate(init for init in inits if init is not None):
        # The mapping instruments __init__ (also an inherited one, again
        # in each subclass) and keeps the original beside it.
        while hasattr(init, "_sa_original_init"):
            init = init._sa_original_init
        params = list(inspect.signature(init).parameters.values())[1:]
        for param in params:
            if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                continue
            if index and param.kind is param.POSITIONAL_OR_KEYWORD:
                param = param.replace(kind=param.KEYWORD_ONLY)
            found.setdefault(param.name, param)
        if all(param.kind is not param.VAR_KEYWORD for param in params):
            break
    return inspect.Signature(list(found.values()))


class _EntityMeta(type):
    """Tells the hooks when an object's construction succeeded or failed.

    Its ``__call__`` takes ``(*args, **kwargs)``, which ``inspect.signature``
    would show for every model; ``__signature__`` shows the real parameters.
    """

    @property
    def __signature__(cls) -> inspect.Signature:
        """The parameters of the class's constructor (for help(), IDEs, Sphinx)."""
        return constructor_signature(cls)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        # mypy takes cls.__new__ for the metaclass's own type.__new__
        obj = cls.__new__(cls)  # type: ignore[call-overload]
        try:
            with hooks.constructing():
                obj.__init__(*args, **kwargs)
        except BaseException:
            if hooks.abandoned is not None:
                hooks.abandoned(obj)
            raise
        if hooks.created is not None:
            hooks.created(obj)
        return obj


class SimpleEntity(metaclass=_EntityMeta):
    """The base of every Stalker object: a name, a description and its audit trail.

    ``name`` is required (except for classes that name themselves), its
    surrounding white space is stripped and it must start with a letter.
    ``code`` defaults to the upper case ``nice_name`` (``None`` or ``""``)
    and follows ``name`` while the object is new; a code given explicitly,
    or that of a saved object, stays put: files are named after it.
    ``date_created`` and ``date_updated`` are timezone-aware UTC datetimes
    taken at construction.
    """

    #: The primary key, given by the database mapping (``stalker.db``) at flush.
    id: int
    #: True for classes whose objects get a name when none is given.
    auto_named = False
    #: True for auto-named classes whose ``__init__`` names a new object
    #: without a name at its end, from what it was given (a Version from its
    #: task and take): no name is given to it before.
    names_itself = False
    #: Whether renaming derives the code again: only for a new object whose
    #: code was derived (objects loaded from the database skip __init__).
    _code_follows_name = False
    created_by = Reference("User", "The User who created this object.")
    updated_by = Reference("User", "The User who changed this object last.")

    def __init__(
        self,
        name: str | None = None,
        description: str = "",
        created_by: User | None = None,
        updated_by: User | None = None,
        date_created: dt.datetime | None = None,
        date_updated: dt.datetime | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            unexpected = ", ".join(sorted(kwargs))
            cls_name = type(self).__name__
            raise ValidationTypeError(
                f"{cls_name}() got unexpected keyword arguments: {unexpected}"
            )
        self._code_follows_name = True
        if name is not None or not self.auto_named:
            self.name = name
        elif not self.names_itself:
            self.name = type(self).__name__
        if code:
            self.code = code
        self.description = description
        if created_by is None and hooks.current_user is not None:
            created_by = hooks.current_user()
        self.created_by = created_by
        self.updated_by = updated_by if updated_by is not None else created_by
        now = utc_now()
        self.date_created = now if date_created is None else date_created
        self.date_updated = self.date_created if date_updated is None else date_updated

    def __repr__(self) -> str:
        """``<Class 'name' id=N>`` from what is in memory: no query, never raises."""
        ident = in_memory(self, "id")
        if ident is None and hooks.saved_id is not None:
            ident = hooks.saved_id(self)
        parts = [type(self).__name__, *self._repr_parts()]
        if ident is not None:
            parts.append(f"id={ident}")
        return f"<{' '.join(parts)}>"

    def _repr_parts(self) -> list[str]:
        """What tells this object apart in its repr (the name, if in memory)."""
        name = in_memory(self, "_name")
        return [] if name is None else [repr(name)]

    # name -------------------------------------------------------------
    def _validate_name(self, value: Any) -> str:
        """Return the normal form of a name, or raise."""
        name = check_string(
            self, "name", value, max_length=NAME_LENGTH, allow_empty=False
        )
        if not name[0].isalpha():
            refuse(self, "name", "a string starting with a letter", value)
        return name

    def _apply_name(self, name: str) -> None:
        """Store a validated name; the code follows it while it may."""
        giving(self, "name", name)
        if self._code_follows_name:
            code = make_nice_name(name).upper()
            if len(code) > CODE_LENGTH:
                expected = f"a name whose code has at most {CODE_LENGTH} characters"
                refuse(self, "name", expected, name)
            giving(self, "code", code)
            self._code = code
        self._name = name

    @property
    def name(self) -> str:
        """The name of the entity."""
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._apply_name(self._validate_name(value))

    @property
    def nice_name(self) -> str:
        """The name in lower case with words joined by underscores (read-only)."""
        return make_nice_name(self._name)

    @property
    def code(self) -> str:
        """A short code; ``nice_name.upper()`` unless set otherwise."""
        return self._code

    @code.setter
    def code(self, value: str) -> None:
        code = check_string(
            self, "code", value, max_length=CODE_LENGTH, allow_empty=False
        )
        giving(self, "code", code)
        self._code = code
        self._code_follows_name = False

    @property
    def description(self) -> str:
        """Free text about the entity; may be empty."""
        return self._description

    @description.setter
    def description(self, value: str | None) -> None:
        text = check_string(self, "description", value, max_length=0, allow_none=True)
        self._description = text or ""

    @property
    def date_created(self) -> dt.datetime:
        """When this object was created (timezone-aware UTC)."""
        return self._date_created

    @date_created.setter
    def date_created(self, value: dt.datetime) -> None:
        self._date_created = check_datetime(self, "date_created", value)

    @property
    def date_updated(self) -> dt.datetime:
        """When this object was last changed (timezone-aware UTC)."""
        return self._date_updated

    @date_updated.setter
    def date_updated(self, value: dt.datetime) -> None:
        date = check_datetime(self, "date_updated", value)
        if date < self._date_created:
            refuse(self, "date_updated", "a datetime not before date_created", value)
        self._date_updated = date


class Entity(SimpleEntity):
    """A SimpleEntity that can be tagged and commented."""

    tags = Collection("Tag", "The Tag objects attached to this entity.")
    _comments: list[Comment]

    def __init__(self, tags: list[Tag] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        start_list(self, "tags", tags)
        start_list(self, "_comments")

    @property
    def comments(self) -> list[Comment]:
        """The Comments written to this entity (read-only)."""
        return self._comments


class StatusedEntity(Entity):
    """An Entity with a status chosen from its StatusList.

    Without a ``status_list`` the default list of the class is used (the one
    ``stalker.db.setup()`` creates). ``status`` is a Status of that list or an
    integer index into it; it defaults (also when set to None) to the first
    status of the list.
    """

    _status: Status
    _status_list: StatusList

    def __init__(
        self,
        status_list: StatusList | None = None,
        status: Status | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.status_list = status_list
        if status is not None:
            self.status = status

    @classmethod
    def default_status_list(cls) -> StatusList | None:
        """Return the default StatusList of this class, if one exists."""
        finder = hooks.default_status_list
        return finder(cls) if finder is not None else None

    @property
    def status_list(self) -> StatusList:
        """The StatusList the status of this entity is chosen from."""
        return self._status_list

    @status_list.setter
    def status_list(self, value: StatusList | None) -> None:
        from stalker.core.models.status import StatusList

        if value is None:
            value = self.default_status_list()
            if value is None:
                refuse(
                    self,
                    "status_list",
                    f"a StatusList (no default StatusList exists for "
                    f"{type(self).__name__}: run stalker.db.setup() or give one)",
                    None,
                )
        status_list = check_instance(self, "status_list", value, StatusList)
        statuses = status_list.statuses
        if not statuses:
            refuse(self, "status_list", "a StatusList with at least one Status", value)
        self._status_list = status_list
        current = getattr(self, "_status", None)
        if current is None or current not in statuses:
            self._status = statuses[0]

    @property
    def status(self) -> Status:
        """The current Status, one of ``status_list.statuses``."""
        return self._status

    @status.setter
    def status(self, value: Status | int | None) -> None:
        self._status = self._check_status(value)

    def _check_status(self, value: Status | int | None) -> Status:
        """The Status of the list ``value`` names (a Status or an index)."""
        from stalker.core.models.status import Status

        statuses = self._status_list.statuses
        if value is None:
            return statuses[0]
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < len(statuses):
                refuse(self, "status", f"an index from 0 to {len(statuses) - 1}", value)
            return statuses[value]  # one of the list's: nothing more to check
        status = check_instance(self, "status", value, Status)
        if status not in statuses:
            refuse(self, "status", f"a Status of {self._status_list.name!r}", value)
        return status


#: The name the seed's API reference uses for StatusedEntity.
StatedEntity = StatusedEntity


class TypeEntity(Entity):
    """The base of the type classes (AssetType, ProjectType, LinkType).

    TemplateTypes refer to a TypeEntity, so one TypeTemplate class serves
    every kind of type.
    """


__all__ = [
    "Entity",
    "ModelHooks",
    "SimpleEntity",
    "StatedEntity",
    "StatusedEntity",
    "TypeEntity",
    "giving",
    "hooks",
    "in_memory",
    "make_nice_name",
]
