"""Login tokens: random secrets of which the database keeps only a hash.

``issue()`` makes a token for a user and stores its sha256 with an expiry
and the sha256 of the seat it was issued to (the login session of one
workstation user, ``stalker.db.auth``); ``holder()`` answers which user a
token belongs to while it is valid; ``revoke()`` forgets it and
``revoke_seat()`` forgets every token of a seat. Someone who can read the
database cannot log in with what they find there, and an edited session
file names no valid token.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from stalker.config import settings
from stalker.core.models import User
from stalker.core.models.validation import utc_now
from stalker.db import tables as t


def _digest(secret: str | bytes) -> str:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return hashlib.sha256(secret).hexdigest()


def issue(session: Session, user: User, seat: bytes) -> str:
    """Store a new token of ``user`` at ``seat``, valid ``settings.login_lifetime``."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.execute(
        delete(t.auth_tokens).where(
            t.auth_tokens.c.user_id == user.id, t.auth_tokens.c.expires <= now
        )
    )
    session.execute(
        insert(t.auth_tokens).values(
            user_id=user.id,
            token_hash=_digest(token),
            seat_hash=_digest(seat),
            date_created=now,
            expires=now + settings.login_lifetime,
        )
    )
    return token


def holder(session: Session, user_id: int, token: str) -> User | None:
    """Return the User ``user_id`` if ``token`` is theirs and has not expired."""
    return session.scalars(
        select(User)
        .join(t.auth_tokens, t.auth_tokens.c.user_id == t.users.c.id)
        .where(
            t.auth_tokens.c.token_hash == _digest(token),
            t.auth_tokens.c.user_id == user_id,
            t.auth_tokens.c.expires > utc_now(),
        )
    ).first()


def revoke(session: Session, token: str) -> None:
    """Make ``token`` invalid from now on."""
    session.execute(
        delete(t.auth_tokens).where(t.auth_tokens.c.token_hash == _digest(token))
    )


def revoke_seat(session: Session, seat: bytes) -> None:
    """Make every token issued to ``seat`` invalid from now on."""
    session.execute(
        delete(t.auth_tokens).where(t.auth_tokens.c.seat_hash == _digest(seat))
    )


__all__ = ["holder", "issue", "revoke", "revoke_seat"]
