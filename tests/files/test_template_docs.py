"""The documentation of what templates can use is the allow-list itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from stalker.files import sandbox, views

DOCS = Path(__file__).parent.parent.parent / "docs" / "templates.rst"


def names(words) -> str:
    """``a``, ``b``, ``c``: sorted names as the page writes them."""
    return ", ".join(f"``{word}``" for word in sorted(words))


def allow_list_text() -> str:
    """The page's lists, made from the allow-lists of views, values and filters."""
    models = [
        f"* ``{model}``: {names(allowed)}"
        for model, allowed in views.reference().items()
    ]
    values = [
        f"* ``{kind.__name__.lstrip('_')}``: {names(allowed) if allowed else 'nothing'}"
        for kind, allowed in sandbox.READABLE.items()
        if allowed is not sandbox.JINJA_RULES
    ]
    return "\n".join(
        [
            ".. allow-list: made from stalker.files.views and stalker.files.sandbox",
            "",
            "Views, per model class (a subclass reads what its class reads):",
            "",
            *models,
            "",
            "Plain values, per type:",
            "",
            *values,
            "",
            f"Filters: {names(sandbox.ALLOWED_FILTERS)}.",
            "",
        ]
    )


def test_the_page_lists_exactly_the_allow_list():
    """docs/templates.rst holds the lists made from the allow-lists, as they are."""
    assert allow_list_text() in DOCS.read_text(encoding="utf-8")


def test_every_allowed_name_exists_on_its_model():
    """No name of the allow-list is a typo: each is an attribute of its class."""
    for model, allowed in views.ALLOWED.items():
        for name in allowed:
            assert hasattr(model, name), f"{model.__name__}.{name}"


@pytest.mark.parametrize("secret", ["password", "check_password", "last_login"])
def test_no_secret_is_on_the_allow_list(secret):
    """A user's password hash and login history are not there."""
    assert all(secret not in allowed for allowed in views.reference().values())


def test_readme_says_what_templates_can_see():
    """README's Files on disk ends with the subsection pointing at the page."""
    readme = (DOCS.parent.parent / "README.rst").read_text(encoding="utf-8")
    files = readme[readme.index("Files on disk\n=====") :]
    files = files[: files.index("\n\n\n")]
    assert "What templates can see\n----------------------" in files
    assert "docs/templates.rst" in files
