"""Types that group objects (AssetType, ProjectType, LinkType) and TypeTemplate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity, TypeEntity
from stalker.core.models.validation import check_instance, check_list, check_string

if TYPE_CHECKING:
    from stalker.core.models.pipeline_step import PipelineStep


class AssetType(TypeEntity):
    """The kind of an asset or shot ("Character", "Shot") and the steps it needs."""

    def __init__(self, steps: list[PipelineStep] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.steps = steps

    @property
    def steps(self) -> list[PipelineStep]:
        """The PipelineSteps assets of this type go through."""
        return self._steps

    @steps.setter
    def steps(self, value: list[PipelineStep] | None) -> None:
        from stalker.core.models.pipeline_step import PipelineStep

        self._steps = check_list(self, "steps", value, PipelineStep)


class ProjectType(TypeEntity):
    """The kind of a project: "Commercial", "Movie", "Still"..."""


class LinkType(TypeEntity):
    """The kind of a Link: "Image", "Movie", "Text"..."""


class TypeTemplate(Entity):
    """Jinja2 templates saying where a Version's file of a given type goes.

    ``path_code`` renders the folder relative to the project root and
    ``file_code`` the file name; ``type`` is the TypeEntity they apply to.
    Neither template may be empty.
    """

    def __init__(
        self,
        path_code: str = "",
        file_code: str = "",
        type: TypeEntity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.path_code = path_code
        self.file_code = file_code
        self.type = type

    @property
    def path_code(self) -> str:
        """The Jinja2 template of the folder, relative to the project root."""
        return self._path_code

    @path_code.setter
    def path_code(self, value: str) -> None:
        self._path_code = check_string(
            self, "path_code", value, allow_empty=False, max_length=0
        )

    @property
    def file_code(self) -> str:
        """The Jinja2 template of the file name."""
        return self._file_code

    @file_code.setter
    def file_code(self, value: str) -> None:
        self._file_code = check_string(
            self, "file_code", value, allow_empty=False, max_length=0
        )

    @property
    def type(self) -> TypeEntity:
        """The TypeEntity this template applies to."""
        return self._type

    @type.setter
    def type(self, value: TypeEntity | None) -> None:
        self._type = check_instance(self, "type", value, TypeEntity)


__all__ = ["AssetType", "LinkType", "ProjectType", "TypeTemplate"]
