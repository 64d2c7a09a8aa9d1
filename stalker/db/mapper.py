"""The imperative mapping of the plain model classes onto ``stalker.db.tables``.

Each validated attribute ``x`` of a class is mapped as ``_x`` (the column or
relationship) and ``x`` as a synonym over the class's own property, so the
setter's validation stays in force and ``Class.x`` still works in queries.
Collections validate appended elements through ``append`` listeners. The
mapping runs once per process, base classes first, and ends with
``configure_mappers()`` so a mistake fails at setup, not at the first query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import Table, event
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import (
    Relationship,
    attributes,
    configure_mappers,
    registry,
    relationship,
    synonym,
)
from sqlalchemy.orm.attributes import OP_BULK_REPLACE

from stalker.core.models import (
    Asset,
    AssetBase,
    AssetType,
    Booking,
    Comment,
    Department,
    Entity,
    Group,
    ImageFormat,
    Link,
    LinkType,
    PipelineStep,
    Project,
    ProjectType,
    Repository,
    Review,
    Sequence,
    Shot,
    SimpleEntity,
    Status,
    StatusedEntity,
    StatusList,
    Structure,
    Tag,
    Task,
    TaskDependency,
    TaskOwner,
    TypeEntity,
    TypeTemplate,
    User,
    Vacation,
    Version,
)
from stalker.core.models.validation import check_element, describe
from stalker.db import expiry
from stalker.db import tables as t
from stalker.db.proxies import shared_proxy_classes
from stalker.exceptions import ValidationTypeError

mapper_registry = registry(metadata=t.metadata)

_OWNED = "all, delete-orphan"
#: Work hanging off an object: saved with it, never deleted with it
#: (stalker.db.deletes refuses such a delete).
_WORK = "save-update, merge"


class OrderedEntry:
    """One item at its position in an ordered many-to-many collection."""

    def __init__(self, item: Any) -> None:
        self.item = item


class StatusListEntry(OrderedEntry):
    """A Status at its position in a StatusList."""


class AssetTypeStep(OrderedEntry):
    """A PipelineStep at its position in an AssetType."""


#: (owner, collection, entry class, association table, item class): lists
#: that keep the order they were given in.
_ORDERED: tuple[tuple[type, str, type, Table, type], ...] = (
    (StatusList, "statuses", StatusListEntry, t.status_list_statuses, Status),
    (AssetType, "steps", AssetTypeStep, t.asset_type_steps, PipelineStep),
)


def _ordered(owner: type) -> dict[str, Any]:
    """Map the ordered collections of ``owner`` through their entry classes."""
    properties = {}
    for cls, attr, entry, table, item in _ORDERED:
        if cls is owner:
            mapper_registry.map_imperatively(
                entry, table, properties={"item": relationship(item, lazy="selectin")}
            )
            properties[f"_{attr}_entries"] = relationship(
                entry,
                order_by=table.c.position,
                collection_class=ordering_list("position"),
                cascade=_OWNED,
                lazy="selectin",
            )
    return properties


def _validated(**properties: Any) -> dict[str, Any]:
    """Map each public name ``x`` as ``_x`` plus a synonym ``x`` over it."""
    mapped: dict[str, Any] = {}
    for public, prop in properties.items():
        mapped[f"_{public}"] = prop
        mapped[public] = synonym(f"_{public}")
    return mapped


def _to_entity(cls: type, column: Any, **kwargs: Any) -> Relationship[Any]:
    """A many-to-one from ``column`` to a class stored on ``simple_entities``."""
    return relationship(
        cls,
        primaryjoin=column == t.simple_entities.c.id,
        foreign_keys=[column],
        remote_side=[t.simple_entities.c.id],
        **kwargs,
    )


def _statused(
    table: Table, status_loading: Literal["select", "selectin"] = "selectin"
) -> dict[str, Any]:
    """The status and status_list relationships of a statused class's table."""
    return _validated(
        status=relationship(
            Status, foreign_keys=[table.c.status_id], lazy=status_loading
        ),
        # A few lists serve every object: loaded on first use, then found in
        # the identity map, instead of three statements with every query.
        status_list=relationship(StatusList, foreign_keys=[table.c.status_list_id]),
    )


def _scoped_code(table: Table) -> dict[str, Any]:
    """Map ``_code`` onto the base table and ``table``'s copy of it."""
    return {"_code": [t.simple_entities.c.code, table.c.code]}


def _proxy(collection: str, attr: str, creator: Callable[..., Any]) -> Any:
    """An association proxy whose list cache an expired object drops."""
    proxy = association_proxy(collection, attr, creator=creator)
    expiry.PROXY_CACHE_KEYS.add(proxy.key)
    return proxy


def _map(cls: type, table: Table | None, base: type, **properties: Any) -> None:
    """Map ``cls`` under ``base``; classes with a table load with ``selectin``."""
    options: dict[str, Any] = {}
    if table is not None:
        options["polymorphic_load"] = "selectin"
        options["inherit_condition"] = table.c.id == t.simple_entities.c.id
    mapper_registry.map_imperatively(
        cls,
        table,
        inherits=base,
        polymorphic_identity=cls.__name__,
        properties=properties,
        **options,
    )


#: The validating descriptors of the authors, taken before the mapping wraps
#: them: each class that maps the authors anew validates through them.
_AUTHORS = {name: vars(SimpleEntity)[name] for name in ("created_by", "updated_by")}


def _authors(post_update: bool) -> dict[str, Any]:
    """``created_by`` and ``updated_by``, written after the rows if ``post_update``.

    A user may be made or changed by itself, and a new department by the new
    user it holds: those rows refer to each other, so their authors are
    written by an UPDATE after both INSERTs. Other classes are written after
    their authors, the author's id in their own INSERT.
    """
    se = t.simple_entities
    columns = {"created_by": se.c.created_by_id, "updated_by": se.c.updated_by_id}
    mapped: dict[str, Any] = {}
    for name, column in columns.items():
        mapped[f"_{name}"] = relationship(
            User,
            primaryjoin=column == t.users.c.id,
            foreign_keys=[column],
            remote_side=[t.users.c.id],
            post_update=post_update,
        )
        mapped[name] = synonym(f"_{name}", descriptor=_AUTHORS[name])
    return mapped


def _map_roots() -> None:
    se = t.simple_entities
    mapper_registry.map_imperatively(
        SimpleEntity,
        se,
        polymorphic_on=se.c.entity_type,
        polymorphic_identity="SimpleEntity",
        version_id_col=se.c.version_id,
        properties={
            **_validated(
                name=se.c.name,
                code=se.c.code,
                description=se.c.description,
                date_created=se.c.date_created,
                date_updated=se.c.date_updated,
            ),
            **_authors(post_update=True),
        },
    )
    _map(
        Entity,
        None,
        SimpleEntity,
        **_authors(post_update=False),
        **_validated(
            tags=relationship(Tag, secondary=t.entity_tags, order_by=t.tags.c.id),
            comments=relationship(
                Comment,
                primaryjoin=se.c.id == t.comments.c.to_id,
                foreign_keys=[t.comments.c.to_id],
                back_populates="_to",
                cascade=_OWNED,
                order_by=t.comments.c.id,
            ),
        ),
    )
    _map(StatusedEntity, None, Entity)
    _map(TypeEntity, None, Entity)
    _map(
        TaskOwner,
        None,
        StatusedEntity,
        **_validated(
            tasks=relationship(
                Task,
                primaryjoin=se.c.id == t.tasks.c.task_of_id,
                foreign_keys=[t.tasks.c.task_of_id],
                back_populates="_task_of",
                cascade=_WORK,
                order_by=t.tasks.c.id,
            ),
        ),
    )
    _map(AssetBase, None, TaskOwner)


def _map_statuses_and_tags() -> None:
    _map(Tag, t.tags, SimpleEntity)
    _map(
        Status,
        t.statuses,
        Entity,
        **_validated(
            short_name=t.statuses.c.short_name,
            thumbnail=t.statuses.c.thumbnail,
            is_done=t.statuses.c.is_done,
            is_wip=t.statuses.c.is_wip,
            is_retake=t.statuses.c.is_retake,
        ),
    )
    _map(
        StatusList,
        t.status_lists,
        Entity,
        **_ordered(StatusList),
        **_validated(target_entity_type=t.status_lists.c.target_entity_type),
    )


def _map_people() -> None:
    u = t.users
    _map(
        User,
        u,
        Entity,
        _name=[t.simple_entities.c.name, u.c.login_name],
        login_name=synonym("_name"),
        **_authors(post_update=True),
        **_validated(
            first_name=u.c.first_name,
            last_name=u.c.last_name,
            email=u.c.email,
            password=u.c.password,
            last_login=u.c.last_login,
            department=relationship(
                Department,
                foreign_keys=[u.c.department_id],
                back_populates="_members",
            ),
            permission_groups=relationship(
                Group, secondary=t.user_groups, back_populates="_users"
            ),
            projects=relationship(
                Project, secondary=t.project_users, back_populates="_users"
            ),
            projects_lead=relationship(
                Project, foreign_keys=[t.projects.c.lead_id], back_populates="_lead"
            ),
            sequences_lead=relationship(
                Sequence, foreign_keys=[t.sequences.c.lead_id], back_populates="_lead"
            ),
            tasks=relationship(
                Task, secondary=t.task_resources, back_populates="_resources"
            ),
            bookings=relationship(
                Booking,
                foreign_keys=[t.bookings.c.resource_id],
                back_populates="_resource",
                cascade=_WORK,
                order_by=t.bookings.c.start,
            ),
        ),
    )
    _map(
        Group,
        t.groups,
        Entity,
        **_validated(
            users=relationship(
                User, secondary=t.user_groups, back_populates="_permission_groups"
            )
        ),
    )
    _map(
        Department,
        t.departments,
        Entity,
        **_authors(post_update=True),
        **_validated(
            members=relationship(
                User,
                foreign_keys=[u.c.department_id],
                back_populates="_department",
                order_by=u.c.id,
            ),
            lead=relationship(
                User, foreign_keys=[t.departments.c.lead_id], post_update=True
            ),
        ),
    )


def _map_types_and_files() -> None:
    f = t.image_formats
    _map(
        ImageFormat,
        f,
        Entity,
        **_validated(
            width=f.c.width,
            height=f.c.height,
            pixel_aspect=f.c.pixel_aspect,
            print_resolution=f.c.print_resolution,
        ),
    )
    _map(PipelineStep, t.pipeline_steps, Entity)
    _map(AssetType, t.asset_types, TypeEntity, **_ordered(AssetType))
    _map(ProjectType, t.project_types, TypeEntity)
    _map(LinkType, t.link_types, TypeEntity)
    tt = t.type_templates
    _map(
        TypeTemplate,
        tt,
        Entity,
        **_validated(
            path_code=tt.c.path_code,
            file_code=tt.c.file_code,
            type=_to_entity(TypeEntity, tt.c.type_id),
        ),
    )
    r = t.repositories
    _map(
        Repository,
        r,
        Entity,
        **_validated(
            linux_path=r.c.linux_path,
            windows_path=r.c.windows_path,
            osx_path=r.c.osx_path,
        ),
    )
    _map(
        Structure,
        t.structures,
        Entity,
        **_validated(
            project_template=t.structures.c.project_template,
            asset_templates=relationship(
                TypeTemplate,
                secondary=t.structure_asset_templates,
                order_by=tt.c.id,
            ),
            reference_templates=relationship(
                TypeTemplate,
                secondary=t.structure_reference_templates,
                order_by=tt.c.id,
            ),
        ),
    )
    lk = t.links
    _map(
        Link,
        lk,
        Entity,
        **_validated(
            path=lk.c.path,
            filename=lk.c.filename,
            type=relationship(LinkType, foreign_keys=[lk.c.type_id]),
        ),
    )


def _map_production() -> None:
    p = t.projects
    _map(
        Project,
        p,
        TaskOwner,
        **_scoped_code(p),
        **_statused(p),
        **_validated(
            fps=p.c.fps,
            start=p.c.start,
            due=p.c.due,
            image_format=relationship(ImageFormat, foreign_keys=[p.c.image_format_id]),
            lead=relationship(
                User, foreign_keys=[p.c.lead_id], back_populates="_projects_lead"
            ),
            type=relationship(ProjectType, foreign_keys=[p.c.type_id]),
            repository=relationship(Repository, foreign_keys=[p.c.repository_id]),
            structure=relationship(Structure, foreign_keys=[p.c.structure_id]),
            sequences=relationship(
                Sequence,
                foreign_keys=[t.sequences.c.project_id],
                back_populates="_project",
                cascade=_WORK,
                order_by=t.sequences.c.id,
            ),
            users=relationship(
                User, secondary=t.project_users, back_populates="_projects"
            ),
            assets=relationship(
                Asset,
                foreign_keys=[t.assets.c.project_id],
                back_populates="_project",
                cascade=_WORK,
                order_by=t.assets.c.id,
            ),
        ),
    )
    s = t.sequences
    _map(
        Sequence,
        s,
        TaskOwner,
        **_scoped_code(s),
        **_statused(s),
        **_validated(
            project=relationship(
                Project, foreign_keys=[s.c.project_id], back_populates="_sequences"
            ),
            shots=relationship(
                Shot,
                foreign_keys=[t.shots.c.sequence_id],
                back_populates="_sequence",
                cascade=_WORK,
                order_by=t.shots.c.id,
            ),
            lead=relationship(
                User, foreign_keys=[s.c.lead_id], back_populates="_sequences_lead"
            ),
        ),
    )
    a = t.assets
    _map(
        Asset,
        a,
        AssetBase,
        **_scoped_code(a),
        **_statused(a),
        **_validated(
            type=relationship(AssetType, foreign_keys=[a.c.type_id]),
            project=relationship(
                Project, foreign_keys=[a.c.project_id], back_populates="_assets"
            ),
        ),
    )
    sh = t.shots
    _map(
        Shot,
        sh,
        AssetBase,
        **_scoped_code(sh),
        # The sequence's project, kept in step by stalker.db.uniqueness.
        _project=relationship(Project, foreign_keys=[sh.c.project_id]),
        **_statused(sh),
        **_validated(
            type=relationship(AssetType, foreign_keys=[sh.c.type_id]),
            sequence=relationship(
                Sequence, foreign_keys=[sh.c.sequence_id], back_populates="_shots"
            ),
        ),
    )


def _map_work() -> None:
    tk = t.tasks
    deps = t.task_dependencies
    _map(
        Task,
        tk,
        StatusedEntity,
        _name=[t.simple_entities.c.name, tk.c.name],
        **_statused(tk),
        **_validated(
            bid=tk.c.bid,
            priority=tk.c.priority,
            pipeline_step=relationship(
                PipelineStep, foreign_keys=[tk.c.pipeline_step_id]
            ),
            resources=relationship(
                User, secondary=t.task_resources, back_populates="_tasks"
            ),
            alternative_resources=relationship(
                User, secondary=t.task_alternative_resources, order_by=t.users.c.id
            ),
            computed_resources=relationship(
                User, secondary=t.task_computed_resources, order_by=t.users.c.id
            ),
            responsible=relationship(
                User, secondary=t.task_responsible_users, order_by=t.users.c.id
            ),
            computed_start=tk.c.computed_start,
            computed_end=tk.c.computed_end,
            review_number=tk.c.review_number,
            reviews=relationship(
                Review,
                foreign_keys=[t.reviews.c.task_id],
                back_populates="_task",
                cascade=_WORK,
                order_by=t.reviews.c.id,
            ),
            dependencies=relationship(
                TaskDependency,
                foreign_keys=[deps.c.task_id],
                back_populates="_task",
                cascade=_OWNED,
                order_by=deps.c.depends_on_id,
            ),
            task_of=_to_entity(TaskOwner, tk.c.task_of_id, back_populates="_tasks"),
            parent=relationship(
                Task,
                primaryjoin=tk.c.parent_id == tk.c.id,
                foreign_keys=[tk.c.parent_id],
                remote_side=[tk.c.id],
                back_populates="_children",
            ),
            children=relationship(
                Task,
                primaryjoin=tk.c.parent_id == tk.c.id,
                foreign_keys=[tk.c.parent_id],
                back_populates="_parent",
                cascade=_WORK,
                order_by=tk.c.id,
            ),
            versions=relationship(
                Version,
                foreign_keys=[t.versions.c.task_id],
                back_populates="_task",
                cascade=_WORK,
                order_by=t.versions.c.id,
            ),
            bookings=relationship(
                Booking,
                foreign_keys=[t.bookings.c.task_id],
                back_populates="_task",
                cascade=_WORK,
                order_by=t.bookings.c.start,
            ),
        ),
    )
    mapper_registry.map_imperatively(
        TaskDependency,
        deps,
        properties={
            "_lag_seconds": deps.c.lag_seconds,
            **_validated(
                task=relationship(
                    Task, foreign_keys=[deps.c.task_id], back_populates="_dependencies"
                ),
                depends_on=relationship(Task, foreign_keys=[deps.c.depends_on_id]),
                kind=deps.c.kind,
            ),
        },
    )
    # The mapping replaces the plain class's property with a proxy.
    Task._depends = _proxy(  # type: ignore[method-assign]
        "_dependencies", "depends_on", creator=_dependency_on
    )
    vc = t.vacations
    _map(
        Vacation,
        vc,
        Entity,
        **_validated(
            user=relationship(User, foreign_keys=[vc.c.user_id]),
            start=vc.c.start,
            end=vc.c.end,
        ),
    )
    b = t.bookings
    _map(
        Booking,
        b,
        Entity,
        **_validated(
            task=relationship(
                Task, foreign_keys=[b.c.task_id], back_populates="_bookings"
            ),
            resource=relationship(
                User, foreign_keys=[b.c.resource_id], back_populates="_bookings"
            ),
            start=b.c.start,
            end=b.c.end,
        ),
    )
    v = t.versions
    _map(
        Version,
        v,
        StatusedEntity,
        # Read on use: listings of versions seldom show their statuses, and
        # the few statuses are found in the identity map once loaded.
        **_statused(v, status_loading="select"),
        **_validated(
            task=relationship(
                Task, foreign_keys=[v.c.task_id], back_populates="_versions"
            ),
            take=v.c.take,
            version_number=v.c.version_number,
            path=v.c.path,
            filename=v.c.filename,
            extension=v.c.extension,
            outputs=relationship(
                Link, secondary=t.version_outputs, order_by=t.links.c.id
            ),
        ),
    )
    rv = t.reviews
    _map(
        Review,
        rv,
        StatusedEntity,
        **_statused(rv),
        _task=relationship(
            Task, foreign_keys=[rv.c.task_id], back_populates="_reviews"
        ),
        _reviewer=relationship(User, foreign_keys=[rv.c.reviewer_id]),
        _review_number=rv.c.review_number,
        _extra_time=rv.c.extra_time,
        _version=relationship(Version, foreign_keys=[rv.c.reviewed_version_id]),
    )
    c = t.comments
    _map(
        Comment,
        c,
        Entity,
        **_validated(
            body=c.c.body,
            to=_to_entity(Entity, c.c.to_id, back_populates="_comments"),
            reply_to=relationship(
                Comment,
                foreign_keys=[c.c.reply_to_id],
                remote_side=[c.c.id],
                back_populates="_replies",
            ),
            mentions=relationship(
                User, secondary=t.comment_mentions, order_by=t.users.c.id
            ),
            attachments=relationship(
                Link, secondary=t.comment_attachments, order_by=t.links.c.id
            ),
        ),
        _replies=relationship(
            Comment,
            foreign_keys=[c.c.reply_to_id],
            back_populates="_reply_to",
            cascade=_WORK,
            order_by=c.c.id,
        ),
    )


#: (class, collection, element class) checked whenever an element is appended.
_COLLECTIONS: tuple[tuple[type, str, type], ...] = (
    (Entity, "tags", Tag),
    (Entity, "comments", Comment),
    (User, "permission_groups", Group),
    (User, "projects", Project),
    (User, "projects_lead", Project),
    (User, "sequences_lead", Sequence),
    (User, "tasks", Task),
    (User, "bookings", Booking),
    (Group, "users", User),
    (Department, "members", User),
    (Structure, "asset_templates", TypeTemplate),
    (Structure, "reference_templates", TypeTemplate),
    (Project, "sequences", Sequence),
    (Project, "users", User),
    (Project, "assets", Asset),
    (Sequence, "shots", Shot),
    (TaskOwner, "tasks", Task),
    (Task, "children", Task),
    (Task, "resources", User),
    (Task, "alternative_resources", User),
    (Task, "computed_resources", User),
    (Task, "responsible", User),
    (Task, "versions", Version),
    (Task, "bookings", Booking),
    (Version, "outputs", Link),
    (Comment, "mentions", User),
    (Comment, "attachments", Link),
)


def _loaded(target: Any, key: str) -> Any:
    """The collection ``key`` of ``target`` if loaded, else an empty tuple."""
    return attributes.instance_state(target).dict.get(key, ())


def _element_check(attr: str, element: type) -> Callable[..., Any]:
    def check(target: Any, value: Any, initiator: Any) -> Any:
        return check_element(
            target, attr, value, element, present=_loaded(target, f"_{attr}")
        )

    return check


def _listen_to_appends() -> None:
    for cls, attr, element in _COLLECTIONS:
        event.listen(
            getattr(cls, f"_{attr}"),
            "append",
            _element_check(attr, element),
            retval=True,
            propagate=True,
        )
    event.listen(
        Task._dependencies, "append", _check_dependency, retval=True, propagate=True
    )
    event.listen(Task._dependencies, "remove", _dependency_removed, propagate=True)
    for owner, attr, entry, _, item in _ORDERED:
        setattr(
            owner,
            f"_{attr}",
            _proxy(f"_{attr}_entries", "item", creator=entry),
        )
        event.listen(
            getattr(owner, f"_{attr}_entries"),
            "append",
            _entry_check(attr, item),
            retval=True,
            propagate=True,
        )


def _dependency_on(depends_on: Any) -> TaskDependency:
    """The finish-to-start TaskDependency that ``task.depends.append(x)`` makes."""
    if not isinstance(depends_on, Task):
        raise ValidationTypeError(
            "Task.depends should be a list of Task instances, "
            f"not {describe(depends_on)}"
        )
    return TaskDependency(None, depends_on)


def _check_dependency(target: Task, value: Any, initiator: Any) -> Any:
    if initiator.op is OP_BULK_REPLACE:
        return value  # the whole list of the depends setter, checked by it
    check_element(target, "dependencies", value, TaskDependency)
    present = [other.depends_on for other in _loaded(target, "_dependencies")]
    check_element(target, "depends", value.depends_on, Task, present=present)
    target.check_dependency(value.depends_on)
    target._follow_dependencies(also=value)
    return value


def _dependency_removed(target: Task, value: Any, initiator: Any) -> None:
    """A task not started may start once what it waited on is taken away."""
    if initiator.op is not OP_BULK_REPLACE:  # else the setter follows at its end
        target._follow_dependencies(without=value)


def _entry_check(attr: str, item: type) -> Callable[..., Any]:
    def check(target: Any, entry: OrderedEntry, initiator: Any) -> Any:
        present = [other.item for other in getattr(target, f"_{attr}_entries")]
        check_element(target, attr, entry.item, item, present=present)
        return entry

    return check


def keep_docs() -> None:
    """Give every mapped synonym the doc of the property it stands for.

    A synonym replaces the class's validated property with SQLAlchemy's proxy,
    which has no doc of its own: without this, ``help(Task)`` would lose the
    docs of ``bid``, ``priority``, ``resources``... once the classes are mapped.
    """
    for mapper in mapper_registry.mappers:
        for prop in mapper.synonyms:
            doc = getattr(prop.descriptor, "__doc__", None)
            getattr(mapper.class_, prop.key).__doc__ = doc


_mapped = False


def map_classes(extra: Callable[[registry, Any], None] | None = None) -> None:
    """Map every model class once per process; later calls do nothing."""
    global _mapped
    if _mapped:
        return
    with shared_proxy_classes():
        _map_roots()
        _map_statuses_and_tags()
        _map_people()
        _map_types_and_files()
        _map_production()
        _map_work()
        _listen_to_appends()
        configure_mappers()
    keep_docs()
    _mapped = True


__all__ = [
    "AssetTypeStep",
    "OrderedEntry",
    "StatusListEntry",
    "keep_docs",
    "map_classes",
    "mapper_registry",
]
