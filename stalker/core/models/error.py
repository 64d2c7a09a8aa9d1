"""Errors of the seed's API: ``LoginError`` lives here as well."""

from stalker.exceptions import LoginError

__all__ = ["LoginError"]
