"""Every import path the contract and the seed's API reference promise works."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import types

import pytest
from processes import python_lines

import stalker
import stalker.core.models
from stalker import exceptions

#: (module, class) of every class the seed's API reference documents.
SEED_PATHS = [
    ("stalker.core.models.asset", "Asset"),
    ("stalker.core.models.assetBase", "AssetBase"),
    ("stalker.core.models.booking", "Booking"),
    ("stalker.core.models.comment", "Comment"),
    ("stalker.core.models.department", "Department"),
    ("stalker.core.models.entity", "Entity"),
    ("stalker.core.models.entity", "SimpleEntity"),
    ("stalker.core.models.entity", "StatedEntity"),
    ("stalker.core.models.entity", "TypeEntity"),
    ("stalker.core.models.error", "LoginError"),
    ("stalker.core.models.group", "Group"),
    ("stalker.core.models.imageFormat", "ImageFormat"),
    ("stalker.core.models.link", "Link"),
    ("stalker.core.models.pipelineStep", "PipelineStep"),
    ("stalker.core.models.project", "Project"),
    ("stalker.core.models.repository", "Repository"),
    ("stalker.core.models.sequence", "Sequence"),
    ("stalker.core.models.shot", "Shot"),
    ("stalker.core.models.status", "Status"),
    ("stalker.core.models.status", "StatusList"),
    ("stalker.core.models.structure", "Structure"),
    ("stalker.core.models.tag", "Tag"),
    ("stalker.core.models.task", "Task"),
    ("stalker.core.models.types", "AssetType"),
    ("stalker.core.models.types", "LinkType"),
    ("stalker.core.models.types", "ProjectType"),
    ("stalker.core.models.types", "TypeTemplate"),
    ("stalker.core.models.user", "User"),
    ("stalker.core.models.version", "Version"),
]

#: The PEP 8 modules and the seed's camelCase aliases of them.
ALIASES = [
    ("image_format", "imageFormat", "ImageFormat"),
    ("pipeline_step", "pipelineStep", "PipelineStep"),
    ("asset_base", "assetBase", "AssetBase"),
]

PUBLIC_CLASSES = sorted({name for _, name in SEED_PATHS} | {"StatusedEntity"})


@pytest.mark.parametrize(("module", "name"), SEED_PATHS)
def test_seed_path_imports(module, name):
    """Each class imports from the module the seed documents, as the same class."""
    cls = getattr(importlib.import_module(module), name)
    assert inspect.isclass(cls)
    assert cls is getattr(stalker.core.models, name)
    assert cls is getattr(stalker, name)


@pytest.mark.parametrize(("pep8", "camel", "name"), ALIASES)
def test_camel_case_modules_are_aliases(pep8, camel, name):
    """imageFormat, pipelineStep and assetBase give the PEP 8 modules' classes."""
    canonical = importlib.import_module(f"stalker.core.models.{pep8}")
    alias = importlib.import_module(f"stalker.core.models.{camel}")
    assert getattr(alias, name) is getattr(canonical, name)
    assert getattr(canonical, name).__module__ == f"stalker.core.models.{pep8}"
    assert alias.__all__ == [name]


def test_contract_examples():
    """The contract's own import examples work."""
    from stalker import Project, User
    from stalker.core.models.imageFormat import ImageFormat
    from stalker.core.models.types import AssetType, LinkType, ProjectType, TypeTemplate
    from stalker.core.models.user import User as SeedUser

    assert SeedUser is User
    assert ImageFormat is stalker.ImageFormat
    assert Project is stalker.core.models.project.Project
    assert AssetType is stalker.AssetType
    assert LinkType is stalker.LinkType
    assert ProjectType is stalker.ProjectType
    assert TypeTemplate is stalker.TypeTemplate


def test_seed_database_paths():
    """stalker.db.setup, .session, .query, .meta, .tables and .mapper exist."""
    from stalker import db
    from stalker.db import mapper, meta, tables

    assert callable(db.setup)
    assert db.session is meta.session
    assert callable(db.query)
    assert hasattr(tables, "users")
    assert callable(mapper.map_classes)


def test_stated_entity_is_statused_entity():
    """StatedEntity (API reference) and StatusedEntity (design) are one class."""
    from stalker.core.models.entity import StatedEntity, StatusedEntity

    assert StatedEntity is StatusedEntity
    assert stalker.StatedEntity is stalker.StatusedEntity


def test_login_error_is_the_domain_error():
    """stalker.core.models.error.LoginError is the LoginError of stalker.exceptions."""
    from stalker.core.models.error import LoginError

    assert LoginError is exceptions.LoginError
    assert issubclass(LoginError, exceptions.StalkerError)
    assert stalker.LoginError is LoginError


def test_exception_tree():
    """Validation errors are ValueErrors; type errors are also TypeErrors."""
    assert issubclass(exceptions.ValidationError, ValueError)
    assert issubclass(exceptions.ValidationTypeError, exceptions.ValidationError)
    assert issubclass(exceptions.ValidationTypeError, TypeError)
    assert issubclass(exceptions.CircularDependencyError, exceptions.ValidationError)
    assert issubclass(exceptions.OverlappingBookingError, exceptions.ValidationError)
    assert not issubclass(exceptions.ValidationError, TypeError)


def test_version_is_a_string():
    """stalker.__version__ is a version string."""
    assert isinstance(stalker.__version__, str)
    assert re.fullmatch(
        r"\d+\.\d+(\.\d+)?([ab]|rc|\.dev|\.post)?\d*", stalker.__version__
    )


@pytest.mark.parametrize(
    "module", [stalker, stalker.core.models], ids=lambda m: m.__name__
)
def test_all_is_sorted_and_exists(module):
    """__all__ is sorted, has no duplicates, and every name in it exists."""
    assert module.__all__ == sorted(module.__all__)
    assert len(set(module.__all__)) == len(module.__all__)
    for name in module.__all__:
        assert hasattr(module, name), name


@pytest.mark.parametrize(
    "module", [stalker, stalker.core.models], ids=lambda m: m.__name__
)
def test_all_lists_every_public_member(module):
    """Every public non-module attribute is in __all__ (httpx's exported members test)."""
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(module.__all__) - {"__version__", "db"}


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_every_class_is_exported(name):
    """Every model class is in the __all__ of stalker.core.models and of stalker."""
    assert name in stalker.core.models.__all__
    assert name in stalker.__all__


def test_stalker_exports_the_models_the_version_and_db():
    """stalker.__all__ is the models' __all__ plus __version__ and db."""
    assert set(stalker.__all__) == {*stalker.core.models.__all__, "__version__", "db"}


def test_star_import_brings_db():
    """In a fresh process, ``from stalker import *`` gives db, loaded on demand."""
    code = (
        "import sys\n"
        "import stalker\n"
        "print('stalker.db' in sys.modules, 'sqlalchemy' in sys.modules)\n"
        "from stalker import *\n"
        "print(db is sys.modules['stalker.db'], callable(db.setup), Task.__name__)\n"
    )
    assert python_lines(code) == ["False False", "True True Task"]


def test_unknown_attribute_of_stalker_is_an_attribute_error():
    """Names other than db still raise AttributeError, naming the module."""
    with pytest.raises(AttributeError) as error:
        stalker.no_such_thing  # noqa: B018
    assert str(error.value) == "module 'stalker' has no attribute 'no_such_thing'"


def test_every_model_module_class_is_exported():
    """Each SimpleEntity subclass defined in any model module is exported."""
    found = set()
    for info in pkgutil.iter_modules(stalker.core.models.__path__):
        module = importlib.import_module(f"stalker.core.models.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, stalker.SimpleEntity)
                and value.__module__.startswith("stalker.core.models.")
                and not name.startswith("_")
            ):
                found.add(name)
        for name in getattr(module, "__all__", []):
            assert hasattr(module, name), f"{module.__name__}.{name}"
    assert found
    assert found <= set(stalker.core.models.__all__)


_PROBE = """
import json, os, sys
before = set(sys.modules)  # a coverage tracer may have loaded sqlite3 already
import stalker
import stalker.core.models
from stalker import Project, User
from stalker.core.models.imageFormat import ImageFormat
ImageFormat(name="HD", width=1920, height=1080)
print(json.dumps({
    "sqlalchemy": sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"),
    "drivers": sorted(
        m for m in set(sys.modules) - before
        if m.split(".")[0] in ("sqlite3", "_sqlite3", "psycopg", "psycopg2")
    ),
    "db": sorted(m for m in sys.modules if m.startswith("stalker.db")),
    "files": sorted(os.listdir(".")),
}))
"""


def test_import_touches_no_database(tmp_path):
    """In a fresh process, importing stalker loads no SQLAlchemy and writes nothing."""
    report = json.loads("\n".join(python_lines(_PROBE, cwd=tmp_path)))
    assert report["sqlalchemy"] == []
    assert report["drivers"] == []
    assert report["db"] == []
    assert report["files"] == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("module", ["stalker", "stalker.core.models"])
def test_each_import_alone_leaves_sqlalchemy_out(module):
    """import stalker, or import stalker.core.models alone, leaves sqlalchemy unloaded."""
    code = (
        f"import sys, {module}\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
        "assert 'stalker.db' not in sys.modules, 'stalker.db imported'\n"
        "print('clean')\n"
    )
    assert python_lines(code) == ["clean"]
