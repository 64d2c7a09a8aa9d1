"""Valid objects for tests that need one and do not care about its details."""

from __future__ import annotations

from stalker import User


def make_user(login: str = "ozgur") -> User:
    """A User with this login, its title-cased first name and an e-mail."""
    return User(
        login_name=login,
        first_name=login.title(),
        email=f"{login}@studio.com",
        password="secret",
    )
