"""The registry of question kinds: name -> the object that owns everything about that kind.

Adding a kind: write its module here (a ``QuestionKind`` subclass), its template partial under
``templates/quizzes/kinds/`` and add it to ``KINDS`` below. Nothing else names a kind: the YAML
schema, the loader, lint, grading, forms, review, the demo, the teacher's pages and the database's
check constraint all ask this registry.
"""

from enum import StrEnum

from .base import QuestionKind
from .gap_fill import GapFill
from .matching import Matching
from .multiple_select import MultipleSelect
from .ordering import Ordering
from .short_answer import ShortAnswer
from .single_choice import SingleChoice
from .true_false import TrueFalse

KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        SingleChoice(),
        MultipleSelect(),
        TrueFalse(),
        Ordering(),
        Matching(),
        ShortAnswer(),
        GapFill(),
    )
}

# The kind names as an enum, for typed code and the database's check constraint (one_of).
KindName = StrEnum("KindName", {name.upper(): name for name in KINDS})  # type: ignore[misc]


def kind_of(name: str) -> QuestionKind:
    """The kind registered under ``name``; ``KeyError`` for an unknown one."""
    return KINDS[name]


def names() -> tuple[str, ...]:
    return tuple(KINDS)
