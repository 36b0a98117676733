"""Join codes: short enough to read out in class, long enough not to be guessed. Pure."""

import re
import secrets

import segno

# No 0/O, 1/I/L or 5/S, which are confused when a code is read aloud or copied from a board.
ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed (any case, with spaces or dashes) as the stored form."""
    return _SEPARATORS.sub("", raw).upper()


def is_plausible_code(code: str) -> bool:
    return len(code) == LENGTH and all(character in ALPHABET for character in code)


def display_code(code: str) -> str:
    """ABCD-EFGH: easier to read out than eight letters in a row."""
    return f"{code[:4]}-{code[4:]}"


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code, for a projector or a printed sheet. Drawn with one
    path and no inline styles, so the page's CSP needs no exception."""
    return segno.make(url, error="m").svg_inline(
        scale=4, omitsize=True, svgclass="qr", lineclass="qr-path", title="QR code of the join link"
    )
