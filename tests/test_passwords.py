"""stalker.passwords: salted scrypt hashes, checked exactly and in constant time."""

from __future__ import annotations

import hashlib

import pytest

from stalker import config, passwords
from stalker.passwords import (
    decoy_hash,
    hash_password,
    needs_rehash,
    verify_at_policy_cost,
    verify_password,
)

CHEAP = config.PasswordPolicy(n=2**4, r=1, p=1)


def test_default_policy_meets_owasp():
    """The default policy is scrypt N=2^17, r=8, p=1 with a 16-byte salt."""
    policy = config.PasswordPolicy()
    assert (policy.n, policy.r, policy.p) == (2**17, 8, 1)
    assert policy.salt_bytes >= 16
    assert policy.key_bytes >= 32


def test_a_real_hash_under_the_default_policy():
    """One hash made with the real default parameters verifies (and says them)."""
    hashed = hash_password("correct horse", config.PasswordPolicy())
    scheme, n, r, p, salt, key = hashed.split("$")
    assert (scheme, n, r, p) == ("scrypt", "131072", "8", "1")
    assert len(passwords._unb64(salt)) == 16
    assert len(passwords._unb64(key)) == 32
    assert verify_password("correct horse", hashed)
    assert not needs_rehash(hashed, config.PasswordPolicy())


def test_the_hash_is_the_standard_scrypt():
    """The stored key is hashlib.scrypt of the UTF-8 password with the salt."""
    hashed = hash_password("pässword", CHEAP)
    _, n, r, p, salt, key = hashed.split("$")
    expected = hashlib.scrypt(
        "pässword".encode(),
        salt=passwords._unb64(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
    )
    assert passwords._unb64(key) == expected


def test_long_passwords_are_not_truncated():
    """Two long passwords differing only in their last character differ."""
    long = "x" * 10_000
    hashed = hash_password(long + "a", CHEAP)
    assert verify_password(long + "a", hashed)
    assert not verify_password(long + "b", hashed)
    assert not verify_password(long, hashed)


@pytest.mark.parametrize(
    "raw",
    ["şifre ğüı 🔑", "\x00nul inside", "\ud800 lone surrogate", "e\u0301", " "],
    ids=["turkish-emoji", "nul", "surrogate", "combining", "space"],
)
def test_any_unicode_password_is_checked_exactly(raw):
    """Any Unicode text hashes and verifies; a close variant does not match."""
    hashed = hash_password(raw, CHEAP)
    assert verify_password(raw, hashed)
    assert not verify_password(raw + " ", hashed)
    assert not verify_password(raw[:-1], hashed)


def test_composed_and_decomposed_forms_are_different_passwords():
    """Passwords are compared exactly: no Unicode normalization."""
    assert not verify_password("\u00e9", hash_password("e\u0301", CHEAP))


@pytest.mark.parametrize(
    "stored",
    ["", "plain text", "bcrypt$1$2$3$abc$def", "scrypt$x$8$1$abc$def", "scrypt$16$1"],
)
def test_unreadable_hashes_match_nothing_and_need_rehash(stored):
    """A stored value that is not our format never verifies and asks for a rehash."""
    assert not verify_password("plain text", stored)
    assert needs_rehash(stored, CHEAP)


@pytest.mark.parametrize(
    ("weaker", "rehash"),
    [
        (config.PasswordPolicy(n=2**4, r=1, p=1), False),
        (config.PasswordPolicy(n=2**3, r=1, p=1), True),
        (config.PasswordPolicy(n=2**4, r=1, p=1, salt_bytes=8), True),
        (config.PasswordPolicy(n=2**4, r=1, p=1, key_bytes=16), True),
    ],
    ids=["same", "smaller-n", "shorter-salt", "shorter-key"],
)
def test_needs_rehash_compares_with_the_policy(weaker, rehash):
    """A hash made with weaker parameters than the policy needs a rehash."""
    assert needs_rehash(hash_password("pw", weaker), CHEAP) is rehash


@pytest.mark.parametrize(
    "policy",
    [
        config.PasswordPolicy(n=2**4, r=2, p=1),
        config.PasswordPolicy(n=2**4, r=1, p=2),
    ],
    ids=["bigger-r", "bigger-p"],
)
def test_stronger_r_or_p_in_the_policy_asks_for_a_rehash(policy):
    """A policy raising r or p makes older hashes weaker."""
    assert needs_rehash(hash_password("pw", CHEAP), policy)


@pytest.fixture
def kdf_runs(monkeypatch) -> list[tuple[int, int, int, int, int]]:
    """The parameters (n, r, p, salt bytes, key bytes) of each KDF run."""
    calls: list[tuple[int, int, int, int, int]] = []
    derive = passwords._derive

    def counting(raw, salt, n, r, p, length):
        calls.append((n, r, p, len(salt), length))
        return derive(raw, salt, n, r, p, length)

    monkeypatch.setattr(passwords, "_derive", counting)
    return calls


def test_decoy_hash_costs_one_policy_check_and_matches_nothing(kdf_runs):
    """Checking against the decoy runs the KDF once with the policy's parameters."""
    calls = kdf_runs
    decoy = decoy_hash(CHEAP)
    assert calls == []
    assert not verify_password("", decoy)
    assert calls == [(16, 1, 1, 16, 32)]
    assert decoy != decoy_hash(CHEAP)


def test_hashes_use_the_configured_policy(monkeypatch):
    """Without an explicit policy, settings.password_policy is used."""
    monkeypatch.setattr(
        config.settings, "password_policy", config.PasswordPolicy(n=2**5, r=2, p=1)
    )
    assert hash_password("pw").startswith("scrypt$32$2$1$")
    assert decoy_hash().startswith("scrypt$32$2$1$")


WEAK = config.PasswordPolicy(n=2**2, r=1, p=1, salt_bytes=8, key_bytes=16)
AT_POLICY = (16, 1, 1, 16, 32)


@pytest.mark.parametrize(
    ("hashed", "runs"),
    [
        (lambda: hash_password("right", CHEAP), [AT_POLICY]),
        (lambda: hash_password("right", WEAK), [(4, 1, 1, 8, 16), AT_POLICY]),
        (lambda: None, [AT_POLICY]),
        (lambda: "not a hash", [AT_POLICY]),
    ],
    ids=["at-policy", "weaker", "no-hash", "unreadable"],
)
def test_a_failed_check_always_costs_one_policy_run(kdf_runs, hashed, runs):
    """Whatever the stored hash, a wrong password runs the policy's KDF once."""
    stored = hashed()
    kdf_runs.clear()
    assert not verify_at_policy_cost("wrong", stored, CHEAP)
    assert kdf_runs == runs


def test_a_matching_weaker_hash_costs_only_its_own_check(kdf_runs):
    """A right password is not checked twice (the login then re-hashes it)."""
    stored = hash_password("right", WEAK)
    kdf_runs.clear()
    assert verify_at_policy_cost("right", stored, CHEAP)
    assert kdf_runs == [(4, 1, 1, 8, 16)]


def test_the_default_password_is_told_by_its_marker_alone(kdf_runs):
    """Hashes of the default admin password share a marker salt; others never."""
    default = hash_password(config.DEFAULT_ADMIN_PASSWORD, CHEAP)
    assert verify_password(config.DEFAULT_ADMIN_PASSWORD, default)
    kdf_runs.clear()
    assert passwords.may_be_default(default)
    assert not passwords.may_be_default(hash_password("admin2", CHEAP))
    assert not passwords.may_be_default("not a hash")
    assert kdf_runs == [(16, 1, 1, 16, 32)]  # the hash of 'admin2' only
