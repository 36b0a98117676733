"""What every question kind provides, and the plain values they share.

A kind is one object (see ``QuestionKind``) that owns everything about one type of question: the
keys its YAML takes, how they become definitions, its authoring checks, the grading view of a
stored version, the grading rule (pure: plain values in, points out), its form field, its review
rows and its template partial. ``kinds/__init__.py`` registers them; nothing else branches on a
kind's name.

Stored versions are read duck-typed (``prompt``, ``options`` with ``slug``, ``text``,
``is_correct``, ``feedback``, ``position``, ``match_text``; ``body``), so this package imports no
models and no Flask.
"""

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from wtforms import Field

from ...content.definitions import OptionDef, QuestionDef

SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
FEEDBACK = {"feedback": TEXT}


def object_schema(required: tuple[str, ...], **properties: Any) -> dict[str, Any]:
    """A YAML mapping with exactly these keys, ``required`` among them."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": properties,
    }


MIN_CHOICE_OPTIONS = 3
# "All/none of the above" (and their cousins) reward test-wise guessing and break when options
# are shuffled, which this app always does.
ABOVE_PHRASE = re.compile(
    r"\b(all|none|both|neither|any)\s+of\s+the\s+(above|options|answers|previous)\b", re.I
)

# ``shuffle(items, purpose)``: the items in an order fixed by the form's seed, the question and
# ``purpose``, unpredictable without the app's secret (see ``quizzes.forms``).
Shuffle = Callable[[list, str], list]


class InvalidResponse(ValueError):
    """A response that no honest form could have sent (unknown option, two radios...)."""


class Gradable(Protocol):
    """What grading needs to know about a question: each kind adds its own fields. Read-only
    (properties), so the kinds' frozen dataclasses satisfy it."""

    @property
    def key(self) -> str: ...

    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class GradedAnswer:
    """One graded response. ``selected`` holds the options the learner chose (choice kinds, and
    the choices of gap fill); ``response`` the learner's answer to the other kinds as plain
    JSON-ready values (see each kind). ``marks``: per row of the review, whether the grading rule
    counted it right (ordering: per place after the first, whether the item follows its right
    predecessor), so the review never re-derives the rule."""

    key: str
    selected: frozenset[str]
    points: float
    max_points: float
    response: Any = field(default=None, compare=False)
    marks: tuple[bool, ...] = field(default=(), compare=False)

    @property
    def is_correct(self) -> bool:
        return self.points == self.max_points


@dataclass(frozen=True)
class ReviewRow:
    """One line of a row-by-row review (ordering, matching, gap fill): ``text`` names the row,
    ``given`` is the learner's answer in it (None if blank), ``expected`` the right one;
    ``misconception``: the misconception a wrongly chosen option carries (the kind gives its
    slug; the review, ``quizzes.review.ReviewItem.rows``, its sentence)."""

    text: str
    given: str | None
    expected: str
    is_right: bool
    feedback: str | None = None
    misconception: str | None = None


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def same_text(text: str) -> str:
    return normalize_space(text).casefold()


def duplicates(values: Sequence[str]) -> list[str]:
    return sorted({v for v in values if values.count(v) > 1})


def above_phrase_problems(options: Sequence[OptionDef]) -> list[str]:
    problems = []
    for option in options:
        texts = [option.text, option.match_text or ""]
        if match := next(filter(None, map(ABOVE_PHRASE.search, texts)), None):
            problems.append(
                f"option {option.slug!r} says {match.group(0)!r}; write a real option instead"
            )
    return problems


def missing_feedback_problems(options: Sequence[OptionDef]) -> list[str]:
    return [
        f"wrong option {o.slug!r} has no `feedback` (why it is wrong)"
        for o in options
        if not o.is_correct and not o.feedback
    ]


def expect_sequence(key: str, response: Any, what: str) -> list:
    if isinstance(response, str | Mapping) or not isinstance(response, Sequence | frozenset | set):
        raise InvalidResponse(f"question {key} expects {what}")
    return list(response)


class QuestionKind:
    """The behaviour of one question kind. Subclasses set the class attributes and override the
    methods their kind needs; one instance of each is registered in ``kinds/__init__.py``."""

    name: ClassVar[str]
    # How the teacher's pages name the kind ("Ordering questions are marked as a whole...").
    label: ClassVar[str]
    # The template with this kind's ``field`` and ``review`` macros.
    partial: ClassVar[str]
    # The keys a question of this kind has beyond the common ones, with their JSON Schemas;
    # ``required`` lists the ones it must have.
    keys: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    # Options chosen side by side, where length and position can cue the key (module lint).
    offers_options: ClassVar[bool] = False
    # The key is one option of a list whose authored position can become a pattern (module lint).
    has_key_position: ClassVar[bool] = False
    # Item analysis counts how often each option was chosen.
    has_option_counts: ClassVar[bool] = False

    # --- content: YAML -> definition, authoring checks ---------------------------------------

    def options(self, raw: Mapping[str, Any]) -> tuple[OptionDef, ...]:
        """The question's rows as ``OptionDef``s."""
        raise NotImplementedError

    def body(self, raw: Mapping[str, Any]) -> str | None:
        """Text shown with the prompt that is part of the question itself (gap fill's sentence)."""
        return None

    def question_feedback(self, raw: Mapping[str, Any]) -> str | None:
        """Shown when the answer is not fully right."""
        return normalize_space(raw["feedback"]) if "feedback" in raw else None

    def problems(self, question: QuestionDef) -> list[str]:
        """What is wrong with one question of this kind, as messages for its author."""
        return []

    # --- grading -----------------------------------------------------------------------------

    def gradable(self, version: Any) -> Gradable:
        """The grading view of a stored question version (nothing a learner should not see
        leaves the server through it)."""
        raise NotImplementedError

    def grade(self, question: Any, response: Any) -> GradedAnswer:
        """Points for one response; ``InvalidResponse`` for one no honest form could send."""
        raise NotImplementedError

    def stored_response(self, response: Any, selected: frozenset[str]) -> Any:
        """The response in the shape ``grade`` takes, rebuilt from what an answer stored (its
        ``response`` and the slugs of its selected options), to grade it again on a newer version
        of the question."""
        return response

    def right_response(self, question: Any) -> Any:
        """A response worth full points, in the shape ``grade`` takes (demo data, tests)."""
        raise NotImplementedError

    def wrong_response(self, question: Any, rng: random.Random) -> Any:
        """A plausible response worth less than full points (demo data)."""
        raise NotImplementedError

    # --- the form and the review -------------------------------------------------------------

    def field(self, version: Any) -> Field:
        """An unbound form field for the question (its label is the prompt), its choices in the
        authored order: a quiz's form class is built once and serves every learner (see
        ``quizzes.forms``), so the order of one form is set by ``arrange``."""
        raise NotImplementedError

    def arrange(self, field: Field, shuffle: Shuffle) -> None:
        """Put the bound ``field``'s choices in this form's order (``shuffle``), before it is
        rendered or validated. Kinds with nothing to shuffle leave it as it is."""

    def order(self, field: Field) -> tuple:
        """The order ``arrange`` gave the bound field, as plain values: with the version, all that
        the field's markup depends on while it has no answer (see ``quizzes.fieldsets``)."""
        return ()

    def form_response(self, field: Field) -> Any:
        """The validated field's data as the response ``grade`` takes."""
        raise NotImplementedError

    def review_rows(self, version: Any, response: Any) -> list[ReviewRow]:
        """Row-by-row review of a stored response (empty for kinds reviewed option by option)."""
        return []
