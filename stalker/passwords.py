"""Salted, slow password hashes (scrypt) in a self-describing text format.

A hash reads ``scrypt$<n>$<r>$<p>$<salt>$<key>`` with salt and key in
URL-safe base64, so its parameters travel with it and a stronger policy can
be detected and applied on the next login.

Every hash of the default admin password (``config.DEFAULT_ADMIN_PASSWORD``)
has one fixed salt, its marker: ``db.setup()`` tells from the salt alone,
without running the KDF, that admin's password was changed. Salting that one
password gains nothing, since it is the first password anyone tries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from stalker.config import DEFAULT_ADMIN_PASSWORD, PasswordPolicy, settings

_SCHEME = "scrypt"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(raw: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        raw.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=2 * 128 * r * (n + p + 2),
        dklen=length,
    )


def _format(policy: PasswordPolicy, salt: bytes, key: bytes) -> str:
    return f"{_SCHEME}${policy.n}${policy.r}${policy.p}${_b64(salt)}${_b64(key)}"


def _default_marker(length: int) -> bytes:
    """The salt of every hash of the default admin password."""
    return hashlib.shake_256(b"stalker default admin password").digest(length)


def hash_password(raw: str, policy: PasswordPolicy | None = None) -> str:
    """Return a new salted scrypt hash of ``raw`` under the current policy."""
    policy = policy or settings.password_policy
    if raw == DEFAULT_ADMIN_PASSWORD:
        salt = _default_marker(policy.salt_bytes)
    else:
        salt = secrets.token_bytes(policy.salt_bytes)
    key = _derive(raw, salt, policy.n, policy.r, policy.p, policy.key_bytes)
    return _format(policy, salt, key)


def decoy_hash(policy: PasswordPolicy | None = None) -> str:
    """Return a hash that matches no password and costs one policy-strength check.

    Checking a password of an unknown user against it costs the same work as
    checking a known user's password, so the two failures cannot be told apart.
    """
    policy = policy or settings.password_policy
    salt = secrets.token_bytes(policy.salt_bytes)
    return _format(policy, salt, secrets.token_bytes(policy.key_bytes))


def _parse(hashed: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = hashed.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        return n, r, p, _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None


def verify_password(raw: str, hashed: str) -> bool:
    """Tell whether ``raw`` matches ``hashed``, comparing in constant time."""
    parsed = _parse(hashed)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_derive(raw, salt, n, r, p, len(key)), key)


def verify_at_policy_cost(
    raw: str, hashed: str | None, policy: PasswordPolicy | None = None
) -> bool:
    """Tell whether ``raw`` matches ``hashed``; a failure costs a policy check.

    A missing hash (an unknown user, a user without a password) or one made
    with weaker parameters than the policy costs, when the check fails, one
    more run of the policy's KDF: a wrong password then costs at least one
    full-strength check for every account, and which case it was stays hidden.
    """
    matched = hashed is not None and verify_password(raw, hashed)
    if not matched and (hashed is None or needs_rehash(hashed, policy)):
        verify_password(raw, decoy_hash(policy))
    return matched


def may_be_default(hashed: str) -> bool:
    """Tell, without running the KDF, whether ``hashed`` may be of the default.

    False is certain (the hash lacks the default's marker salt); True is to
    be confirmed with ``verify_password(DEFAULT_ADMIN_PASSWORD, hashed)``.
    """
    parsed = _parse(hashed)
    return parsed is not None and parsed[3] == _default_marker(len(parsed[3]))


def needs_rehash(hashed: str, policy: PasswordPolicy | None = None) -> bool:
    """Tell whether ``hashed`` was made with weaker parameters than the policy."""
    policy = policy or settings.password_policy
    parsed = _parse(hashed)
    if parsed is None:
        return True
    n, r, p, salt, key = parsed
    return (
        n < policy.n
        or r < policy.r
        or p < policy.p
        or len(salt) < policy.salt_bytes
        or len(key) < policy.key_bytes
    )


__all__ = [
    "decoy_hash",
    "hash_password",
    "may_be_default",
    "needs_rehash",
    "verify_at_policy_cost",
    "verify_password",
]
