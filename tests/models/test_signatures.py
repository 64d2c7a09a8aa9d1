"""inspect.signature (help(), IPython's ``Task?``, IDEs, Sphinx) shows real parameters."""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pytest
from processes import python_lines

import stalker.core.models
from stalker import SimpleEntity, Task
from stalker.exceptions import ValidationTypeError

MODEL_CLASSES = sorted(
    name
    for name in stalker.core.models.__all__
    if isinstance(getattr(stalker.core.models, name), type)
    and issubclass(getattr(stalker.core.models, name), SimpleEntity)
)

#: The parameters every model takes, from SimpleEntity.
COMMON = {
    "name",
    "description",
    "code",
    "created_by",
    "updated_by",
    "date_created",
    "date_updated",
}


@pytest.mark.parametrize("name", MODEL_CLASSES)
def test_signature_shows_the_real_parameters(name):
    """No *args/**kwargs: every parameter of the class's constructors, by name."""
    cls = getattr(stalker.core.models, name)
    params = inspect.signature(cls).parameters
    kinds = {param.kind for param in params.values()}
    assert inspect.Parameter.VAR_POSITIONAL not in kinds
    assert inspect.Parameter.VAR_KEYWORD not in kinds
    assert set(params) >= COMMON
    own = inspect.signature(cls.__init__).parameters
    assert {p for p in own if p not in ("self", "kwargs")} <= set(params)


def test_task_signature_in_order():
    """Task's own parameters come first, positional; the inherited ones keyword-only."""
    params = inspect.signature(Task).parameters
    assert list(params)[:7] == [
        "resources",
        "bid",
        "pipeline_step",
        "depends",
        "task_of",
        "priority",
        "alternative_resources",
    ]
    assert params["bid"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert params["name"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["status"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["priority"].default == 500
    assert params["bid"].default is None


def test_signature_binds_what_the_constructor_takes():
    """A call the signature binds works; one it refuses is refused by the class."""
    sig = inspect.signature(Task)
    kwargs = {"name": "Comp", "bid": dt.timedelta(hours=2), "priority": 7}
    sig.bind(**kwargs)
    task = Task(**kwargs)
    assert (task.name, task.priority) == ("Comp", 7)
    with pytest.raises(TypeError):
        sig.bind(name="Comp", colour="red")
    with pytest.raises(ValidationTypeError):
        Task(name="Comp", colour="red")


def test_a_closed_init_ends_the_parameters():
    """A studio's class whose __init__ takes no **kwargs shows only its own."""

    class Prop(SimpleEntity):
        def __init__(self, name: str, weight: float = 1.0) -> None:
            super().__init__(name=name)
            self.weight = weight

    assert str(inspect.signature(Prop)) == "(name: 'str', weight: 'float' = 1.0)"


def test_instances_have_no_class_signature():
    """The signature belongs to the class; instances are not callable."""
    assert not hasattr(Task(name="Comp"), "__signature__")


_SIGNATURES = """
import inspect, json, warnings
import stalker.core.models as models
from stalker import SimpleEntity, db
names = [n for n in models.__all__ if isinstance(getattr(models, n), type)
         and issubclass(getattr(models, n), SimpleEntity)]
def signatures():
    return {n: str(inspect.signature(getattr(models, n))) for n in names}
before = signatures()
warnings.simplefilter("ignore")
db.setup()
print(json.dumps([before, signatures()]))
"""


def test_signatures_survive_the_mapping():
    """In a fresh process, db.setup() leaves every signature as it was."""
    before, after = json.loads(python_lines(_SIGNATURES)[0])
    assert sorted(before) == MODEL_CLASSES
    assert after == before
    assert "(resources: 'list[User] | None' = None, bid:" in before["Task"]
