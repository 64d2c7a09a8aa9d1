"""help() keeps documenting the model attributes after db.setup() maps the classes."""

from __future__ import annotations

import json

from processes import python_lines

_DOCS = """
import inspect, json, pydoc, warnings
import stalker.core.models as models
from stalker import db

def documented():
    found = {}
    for name in models.__all__:
        cls = getattr(models, name)
        if not isinstance(cls, type) or not issubclass(cls, models.SimpleEntity):
            continue
        for attr in dir(cls):
            static = inspect.getattr_static(cls, attr)
            if attr.startswith("_") or not hasattr(static, "__set__"):
                continue
            doc = getattr(cls, attr).__doc__
            if doc:
                found[f"{name}.{attr}"] = doc
    return found

def help_text():
    return pydoc.render_doc(models.Task, renderer=pydoc.plaintext)

before, help_before = documented(), help_text()
warnings.simplefilter("ignore")
db.setup()
print(json.dumps([before, documented(), help_before, help_text()]))
"""


def test_every_documented_attribute_keeps_its_doc_after_setup():
    """In a fresh process, each attribute documented before setup() is after it."""
    before, after, help_before, help_after = json.loads(python_lines(_DOCS)[0])
    assert len(before) > 300
    assert after == before
    for attr in ("bid", "priority", "resources", "depends", "status", "name"):
        assert before[f"Task.{attr}"] in help_after
    assert "The estimated working time" in help_before
    assert "The estimated working time" in help_after
