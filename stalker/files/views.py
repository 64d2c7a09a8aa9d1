"""What templates see of model objects: read-only views of an allow-list.

Templates live in the database, so whoever can write one row decides what
they do. They therefore never receive a model object: a model object leads,
through its class and its mapping, to every other class, the database
session and the registry. A template gets a view instead, which answers
only the names ``ALLOWED`` lists for the model's class and its bases:

* plain values (``str``, ``int``, ``float``, ``bool``, dates, times,
  durations and ``None``) as they are;
* a related model object as its view, a list of them as a tuple of views.

Nothing else is on a view: no method, no class, no session, no secret
(password hashes and tokens are simply not listed). A view cannot be
changed, and the object it shows is kept in a slot whose name starts with
``_``, which the sandbox never reads. Views are made when a template reads
them, and hold nothing but that object: each value is read from the model
when the template asks for it, once, and views of related objects are made
then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from stalker.core.models import (
    Asset,
    AssetBase,
    AssetType,
    ImageFormat,
    PipelineStep,
    Project,
    Repository,
    Sequence,
    Shot,
    SimpleEntity,
    StatusedEntity,
    Task,
    TaskOwner,
    User,
    Version,
)
from stalker.core.models.status import Status

#: The types of the values a view hands out as they are.
PLAIN_TYPES = frozenset(
    [str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, dt.timedelta]
)

#: What a template may read, per model class; a class adds its names to
#: those of its bases, and a subclass (a studio's ``Character(Asset)``)
#: gets those of the nearest classes listed here.
ALLOWED: dict[type, tuple[str, ...]] = {
    SimpleEntity: (
        *("id", "name", "code", "nice_name", "description"),
        *("date_created", "date_updated", "created_by", "updated_by"),
    ),
    StatusedEntity: ("status",),
    Status: ("short_name",),
    User: ("login_name", "first_name", "last_name", "email"),
    Repository: ("path", "linux_path", "windows_path", "osx_path"),
    ImageFormat: (
        *("width", "height", "pixel_aspect", "print_resolution", "device_aspect"),
    ),
    Project: (
        *("fps", "start", "due", "type", "image_format", "lead", "repository"),
        *("sequences", "assets"),
    ),
    TaskOwner: ("tasks",),
    Sequence: ("project", "lead", "shots"),
    AssetBase: ("project", "type"),
    Shot: ("sequence",),
    Asset: (),
    AssetType: ("steps",),
    PipelineStep: (),
    Task: (
        *("priority", "bid", "pipeline_step", "task_of", "depends", "resources"),
        *("computed_start", "computed_end", "versions"),
    ),
    Version: ("task", "take", "version_number", "path", "filename"),
}


class Take(str):
    """A take in a template: ``{{ take }}`` and the seed's ``{{ take.name }}``."""

    __slots__ = ()

    @property
    def name(self) -> str:
        """The take itself."""
        return str(self)


class View:
    """A read-only view of a model object, answering only its allowed names."""

    __slots__ = ("_stalker_source",)

    #: The model class's name, for messages.
    _stalker_kind: ClassVar[str] = "SimpleEntity"
    #: The names this view answers.
    _stalker_names: ClassVar[frozenset[str]] = frozenset()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a {self._stalker_kind} view cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {self._stalker_kind} view cannot be changed")

    def __eq__(self, other: object) -> bool:
        return issubclass(type(other), View) and source(other) is source(self)  # type: ignore[arg-type]  # type(other) is a View

    def __hash__(self) -> int:
        return hash(id(source(self)))

    def __repr__(self) -> str:
        return f"<{self._stalker_kind} {self.name!r}>"  # type: ignore[attr-defined]  # every kind has a name


_source_slot = View._stalker_source  # type: ignore[attr-defined]
_get_source = _source_slot.__get__
_set_source = _source_slot.__set__
_new = object.__new__


def source(view: View) -> Any:
    """The model object ``view`` shows (for Stalker's code, never for templates)."""
    return _get_source(view)


def visible(value: Any, owner: type[View], name: str) -> Any:
    """``value`` as templates see it: plain, a view, or a tuple of views."""
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, SimpleEntity):
        return view(value)
    if isinstance(value, (list, tuple)):
        return tuple(visible(item, owner, name) for item in value)
    raise TypeError(
        f"{owner._stalker_kind}.{name} holds a {type(value).__name__}, "
        f"which templates cannot see"
    )


def _field(name: str) -> property:
    """The property reading ``name`` from the model, as templates see it."""

    def read(self: View) -> Any:
        value = getattr(_get_source(self), name)
        if type(value) in PLAIN_TYPES:
            return value
        return visible(value, type(self), name)

    read.__name__ = name
    return property(read, doc=f"The model's ``{name}``, as templates see it.")


_FIELDS: dict[str, property] = {}
_VIEW_CLASSES: dict[type, type[View]] = {}


def names_of(model: type) -> frozenset[str]:
    """The names templates may read on objects of the class ``model``."""
    return frozenset(name for base in model.__mro__ for name in ALLOWED.get(base, ()))


def view_class(model: type) -> type[View]:
    """The view class of the model class ``model``, made once."""
    made = _VIEW_CLASSES.get(model)
    if made is None:
        names = names_of(model)
        members: dict[str, Any] = {
            name: _FIELDS.setdefault(name, _field(name)) for name in names
        }
        members.update(
            __slots__=(),
            __module__=__name__,
            __doc__=f"What templates see of a {model.__name__}.",
            _stalker_kind=model.__name__,
            _stalker_names=names,
        )
        made = _VIEW_CLASSES[model] = type(model.__name__, (View,), members)
    return made


def view(obj: SimpleEntity) -> View:
    """The read-only view of the model object ``obj`` that templates get."""
    made = _new(_VIEW_CLASSES.get(type(obj)) or view_class(type(obj)))
    _set_source(made, obj)
    return made


def view_or_none(obj: SimpleEntity | None) -> View | None:
    """``view(obj)``, or None for None."""
    return None if obj is None else view(obj)


def allows(obj: View, name: str) -> bool:
    """Whether templates may read ``name`` on the view ``obj``."""
    return name in obj._stalker_names


def hides(obj: View, name: str) -> bool:
    """Whether the model behind ``obj`` has ``name`` but templates may not read it."""
    return not allows(obj, name) and hasattr(type(source(obj)), name)


def kind_of(obj: View) -> str:
    """The name of the model class ``obj`` shows."""
    return obj._stalker_kind


def reference() -> dict[str, tuple[str, ...]]:
    """Per class listed in ``ALLOWED``, every name templates may read, sorted."""
    return {model.__name__: tuple(sorted(names_of(model))) for model in ALLOWED}


__all__ = [
    "ALLOWED",
    "PLAIN_TYPES",
    "Take",
    "View",
    "allows",
    "hides",
    "kind_of",
    "names_of",
    "reference",
    "source",
    "view",
    "view_class",
    "view_or_none",
    "visible",
]
