"""The Stalker Object Model (SOM): plain Python classes, no database code.

The mapping in :mod:`stalker.db.mapper` persists them; this package never
imports SQLAlchemy.
"""

from stalker.core.models.asset import Asset
from stalker.core.models.asset_base import AssetBase
from stalker.core.models.booking import Booking
from stalker.core.models.comment import Comment
from stalker.core.models.department import Department
from stalker.core.models.entity import (
    Entity,
    SimpleEntity,
    StatedEntity,
    StatusedEntity,
    TypeEntity,
)
from stalker.core.models.error import LoginError
from stalker.core.models.group import Group
from stalker.core.models.image_format import ImageFormat
from stalker.core.models.link import Link
from stalker.core.models.pipeline_step import PipelineStep
from stalker.core.models.project import Project
from stalker.core.models.repository import Repository
from stalker.core.models.review import Review
from stalker.core.models.sequence import Sequence
from stalker.core.models.shot import Shot
from stalker.core.models.status import Status, StatusList
from stalker.core.models.structure import Structure
from stalker.core.models.tag import Tag
from stalker.core.models.task import Task
from stalker.core.models.task_dependency import TaskDependency
from stalker.core.models.task_owner import TaskOwner
from stalker.core.models.types import AssetType, LinkType, ProjectType, TypeTemplate
from stalker.core.models.user import User
from stalker.core.models.vacation import Vacation
from stalker.core.models.version import Version

__all__ = [
    "Asset",
    "AssetBase",
    "AssetType",
    "Booking",
    "Comment",
    "Department",
    "Entity",
    "Group",
    "ImageFormat",
    "Link",
    "LinkType",
    "LoginError",
    "PipelineStep",
    "Project",
    "ProjectType",
    "Repository",
    "Review",
    "Sequence",
    "Shot",
    "SimpleEntity",
    "StatedEntity",
    "Status",
    "StatusList",
    "StatusedEntity",
    "Structure",
    "Tag",
    "Task",
    "TaskDependency",
    "TaskOwner",
    "TypeEntity",
    "TypeTemplate",
    "User",
    "Vacation",
    "Version",
]
