"""Certificate verification codes. Pure.

A code is 12 characters from Crockford's base32 alphabet (60 random bits), shown in groups of
four: K7QM-4XPD-9TRW. The alphabet has no I, L, O or U, and a typed O, I or L is read as the 0 or
1 it looks like, so a code copied from paper by eye still matches; case, spaces and dashes do not
matter. Codes issued before (22 case-sensitive URL-safe characters) are still looked up as they
are.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.]+")
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_LEGACY = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str | None:
    """The stored form of a short code as a person typed it, or None if it cannot be one."""
    code = _SEPARATORS.sub("", raw).upper().translate(_LOOK_ALIKES)
    if len(code) == LENGTH and all(character in ALPHABET for character in code):
        return code
    return None


def is_legacy(raw: str) -> bool:
    return bool(_LEGACY.match(raw)) and normalise(raw) is None


def display(code: str) -> str:
    """K7QM-4XPD-9TRW for a short code; an old code unchanged."""
    if len(code) != LENGTH:
        return code
    return "-".join(code[i : i + GROUP] for i in range(0, LENGTH, GROUP))
