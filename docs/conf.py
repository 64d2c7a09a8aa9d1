"""Sphinx configuration for Stalker's documentation."""

import stalker

project = "Stalker"
author = "The Stalker developers"
copyright = "2011-2026, the Stalker developers"
release = stalker.__version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
html_theme = "alabaster"
