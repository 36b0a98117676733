"""Names people see: display names and class names.

A name is shown to others (gradebook, certificate, class list), so it must look like what it is:
it is normalised to NFC with runs of white space made one space, and it may not hold control
characters, bidirectional overrides or isolates, or zero-width and other invisible formatting
characters, which let "Lea" look like someone else's name or reverse the text around it.
"""

import unicodedata

from wtforms.validators import ValidationError

# Unicode categories refused: controls, formatting (bidi marks, overrides and isolates, zero-width
# space/joiners, BOM, soft hyphen…), surrogates, private use, unassigned, line/paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def normalise_name(value: str) -> str:
    """NFC, trimmed, inner white space collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def name_problem(value: str) -> str | None:
    """Why ``value`` (already normalised) cannot be a name, or None if it can."""
    for char in value:
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            return (
                "Use letters, digits, spaces and punctuation only: invisible or text-direction "
                f"characters (such as U+{ord(char):04X}) are not allowed in names."
            )
    return None


def name_filter(value: str | None) -> str | None:
    """WTForms filter: normalise a submitted name (None stays None)."""
    return normalise_name(value) if isinstance(value, str) else value


class VisibleName:
    """WTForms validator for every form field that takes a name; use with ``name_filter``."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and (problem := name_problem(field.data)):
            raise ValidationError(problem)
