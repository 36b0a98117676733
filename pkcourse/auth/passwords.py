"""Password hashing with Werkzeug's KDFs.

A stored hash the app cannot read is a failed check, never a crash.
"""

from werkzeug.security import check_password_hash, generate_password_hash

# Compared against when the account does not exist, so timing does not reveal which emails exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1")


def hash_password(password: str, method: str) -> str:
    return generate_password_hash(password, method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return check_password_hash(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (ValueError, TypeError):
        # Legacy or malformed hash (e.g. Werkzeug 2's plain "sha256"): treat as a wrong password.
        return False


def needs_rehash(stored_hash: str, method: str) -> bool:
    return not stored_hash.startswith(method + "$")
