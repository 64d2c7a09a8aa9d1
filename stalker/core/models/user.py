"""Users: the people of the studio."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from stalker.core.models.entity import Entity, giving, hooks
from stalker.core.models.fields import Collection, Reference, start_list
from stalker.core.models.identifiers import check_identifier_text
from stalker.core.models.validation import (
    NAME_LENGTH,
    check_datetime,
    check_normal_length,
    check_string,
    refuse,
    refuse_type,
)
from stalker.exceptions import NotSetUpError
from stalker.passwords import hash_password, verify_at_policy_cost

if TYPE_CHECKING:
    from stalker.core.models.booking import Booking
    from stalker.core.models.comment import Comment
    from stalker.core.models.department import Department
    from stalker.core.models.group import Group
    from stalker.core.models.project import Project
    from stalker.core.models.sequence import Sequence
    from stalker.core.models.task import Task

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class User(Entity):
    """A person of the studio who logs in, leads, and works on tasks.

    ``login_name`` is lower-cased and may hold no white space; ``name`` is the
    same value (when both are given, ``name`` wins). Login names and e-mail
    addresses that could pass for others (mixed scripts, invisible or
    full-width characters) are refused (``stalker.core.models.identifiers``).
    The password is never kept: only a salted scrypt hash, checked with
    ``check_password()``. A user without a password (``""`` or None) cannot
    log in until one is set.
    """

    #: Filled by the descriptors, ``start_list`` or the database mapping.
    _bookings: list[Booking]

    department = Reference("Department", "The Department the user belongs to, or None.")
    permission_groups = Collection("Group", "The permission Groups the user is in.")
    projects = Collection("Project", "The Projects the user works on.")
    projects_lead = Collection("Project", "The Projects the user leads.")
    sequences_lead = Collection("Sequence", "The Sequences the user leads.")
    tasks = Collection("Task", "The Tasks the user is a resource of.")

    def __init__(
        self,
        department: Department | None = None,
        email: str = "",
        first_name: str = "",
        last_name: str = "",
        login_name: str = "",
        password: str | None = "",
        permission_groups: list[Group] | None = None,
        projects: list[Project] | None = None,
        projects_lead: list[Project] | None = None,
        sequences_lead: list[Sequence] | None = None,
        tasks: list[Task] | None = None,
        last_login: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs.get("name") is None:
            kwargs["name"] = login_name
        super().__init__(**kwargs)
        self.first_name = first_name
        self.last_name = last_name
        self.email = email
        self.password = password
        self.last_login = last_login
        self.department = department
        start_list(self, "permission_groups", permission_groups)
        start_list(self, "projects", projects)
        start_list(self, "projects_lead", projects_lead)
        start_list(self, "sequences_lead", sequences_lead)
        start_list(self, "tasks", tasks)
        start_list(self, "_bookings")

    def _validate_name(self, value: Any) -> str:
        # name and login_name are one value: every message names login_name.
        name = check_string(
            self, "login_name", value, max_length=NAME_LENGTH, allow_empty=False
        )
        if not name[0].isalpha():
            refuse(self, "login_name", "a string starting with a letter", value)
        if any(char.isspace() for char in name):
            refuse(self, "login_name", "a string without white space", value)
        name = check_identifier_text(self, "login_name", name)
        return check_normal_length(
            self,
            "login_name",
            name.lower(),
            value,
            max_length=NAME_LENGTH,
            form="in lower case",
        )

    @property
    def login_name(self) -> str:
        """The login name, lower case and without white space (same as name)."""
        return self.name

    @login_name.setter
    def login_name(self, value: str) -> None:
        self.name = value

    @property
    def first_name(self) -> str:
        """The first (and middle) name."""
        return self._first_name

    @first_name.setter
    def first_name(self, value: str) -> None:
        self._first_name = check_string(
            self, "first_name", value, allow_empty=False, max_length=NAME_LENGTH
        )

    @property
    def last_name(self) -> str:
        """The last name; may be empty."""
        return self._last_name

    @last_name.setter
    def last_name(self, value: str | None) -> None:
        text = check_string(
            self, "last_name", value, allow_none=True, max_length=NAME_LENGTH
        )
        self._last_name = text or ""

    @property
    def email(self) -> str:
        """The e-mail address, in ``local@domain`` form."""
        return self._email

    @email.setter
    def email(self, value: str) -> None:
        email = check_string(
            self, "email", value, allow_empty=False, max_length=NAME_LENGTH
        )
        if not _EMAIL.match(email):
            refuse(self, "email", "an e-mail address like local@domain", value)
        email = check_identifier_text(self, "email", email, "@.")
        giving(self, "email", email)
        self._email = email

    @property
    def password(self) -> str | None:
        """The salted scrypt hash of the password, or None when none is set."""
        return self._password

    @password.setter
    def password(self, value: str | None) -> None:
        if value is not None and not isinstance(value, str):
            refuse_type(self, "password", "a string or None", value)
        self._password = hash_password(value) if value else None

    def check_password(self, raw: str) -> bool:
        """Tell whether ``raw`` is this user's password (never, without one).

        A failed check costs the same for every user (see
        ``stalker.passwords.verify_at_policy_cost``).
        """
        return isinstance(raw, str) and verify_at_policy_cost(raw, self._password)

    @property
    def last_login(self) -> dt.datetime | None:
        """When the user logged in last (timezone-aware UTC), or None."""
        return self._last_login

    @last_login.setter
    def last_login(self, value: dt.datetime | None) -> None:
        self._last_login = check_datetime(self, "last_login", value, allow_none=True)

    @property
    def bookings(self) -> list[Booking]:
        """The time the user booked on tasks (read through the mapping)."""
        return self._bookings

    def inbox(self) -> list[Comment]:
        """The comments mentioning the user or on a task the user works on.

        Those on a task whose ``resources`` or ``responsible`` include the
        user count too; newest first, read ones included (see
        ``Comment.is_read_by``). It needs a database (one query).
        """
        if hooks.inbox is None:
            raise NotSetUpError(
                "User.inbox() reads the comments from the database: call "
                "stalker.db.setup() first"
            )
        return hooks.inbox(self)


__all__ = ["User"]
