"""Passwords: the rules a new password must meet, and hashing with Werkzeug's KDFs.

``password_problem`` is the one password policy: the registration form, the password change
form, ``flask users create`` and any reset all ask it. A stored hash the app cannot read is a
failed check, never a crash.
"""

import string
from functools import cache
from importlib.resources import files

from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_MIN_LENGTH = 10
# Hashing a megabyte-long password would be slow on purpose: there is no reason to accept one.
PASSWORD_MAX_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 5
PASSWORD_RULES = (
    f"At least {PASSWORD_MIN_LENGTH} characters, not one of the most common passwords. "
    "A few unrelated words make a good one."
)
_PADDING = string.digits + string.punctuation + string.whitespace


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords, lower case (see the file's header)."""
    text = files("pkcourse.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#"
    )


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why ``password`` may not be chosen (a sentence for the person choosing it), or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    folded = password.casefold()
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS:
        return f"Use at least {MIN_DISTINCT_CHARACTERS} different characters."
    # "password12" or "!!dragon2024" is the common password with a little padding.
    core = folded.strip(_PADDING)
    common = common_passwords()
    if folded in common or folded.strip() in common or core in common:
        return "This is one of the most commonly used passwords; choose one that is yours alone."
    if email and core in {email.casefold(), email.casefold().partition("@")[0]}:
        return "Do not use your email address as your password."
    return None


def hash_password(password: str, method: str) -> str:
    return generate_password_hash(password, method=method)


@cache
def _dummy_hash(method: str) -> str:
    # Same method, same cost as a real account's hash: checking it takes as long.
    return generate_password_hash("no account has this password", method=method)


def verify_password(stored_hash: str | None, password: str, method: str) -> bool:
    """True if ``password`` matches ``stored_hash``. With no stored hash (no such account) a dummy
    hash of ``method`` (the current hashing method) is checked instead, so the answer takes as
    long as for a real account and timing tells nobody which emails have one."""
    try:
        matches = check_password_hash(stored_hash or _dummy_hash(method), password)
    except (ValueError, TypeError):
        # Legacy or malformed hash (e.g. Werkzeug 2's plain "sha256"): treat as a wrong password.
        return False
    return matches and stored_hash is not None


def needs_rehash(stored_hash: str, method: str) -> bool:
    return not stored_hash.startswith(method + "$")
