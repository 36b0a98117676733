"""Grading rules. Pure: plain responses in, points out; no Flask, no database.

Every question is worth 1 point:
- single_choice and true_false: 1 for the correct option, else 0.
- multiple_select: (correct options chosen - wrong options chosen) / correct options, floored at 0.
  Choosing everything therefore earns nothing, and leaving out one of two correct options earns
  half.
- ordering: the share of neighbouring pairs kept together. For each pair of items that follow each
  other in the right order (A then B), the learner earns 1 / (items - 1) if B comes straight after
  A in their order too. All in order earns 1; one item moved from the end to the front of five
  still keeps 3 of 4 pairs (0.75); the reversed order earns 0.
- matching: (rows matched right - rows matched wrong) / rows, floored at 0. A row left blank counts
  neither way, so a guess costs as much as a right match earns.
- short_answer: 1 if the answer equals one of the accepted answers once case, spaces and
  punctuation are ignored ("U.N. Charter" = "un charter" = "UN-Charter"), else 0.

A response no honest form could send (an unknown option or item, an item twice or missing, a
value of the wrong shape, an empty or over-long answer) raises ``InvalidResponse``: it is
rejected as a whole, never stored and never half-graded.
"""

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

MAX_SHORT_ANSWER = 200


class InvalidResponse(ValueError):
    """A response that no honest form could have sent (unknown option, two radios...)."""


@dataclass(frozen=True)
class GradableQuestion:
    """What grading needs to know about a question, and nothing a learner should not see.

    ``option_ids``: choice kinds, the options; matching, the right-hand choices; ordering, the
    items. ``correct_ids``: choice kinds, the key(s). ``order``: ordering, the items in the right
    order. ``pairs``: matching, (left id, right id) per row. ``accepted``: short_answer, the
    accepted answers as written.
    """

    key: str
    kind: str
    option_ids: frozenset[str] = frozenset()
    correct_ids: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradedAnswer:
    """One graded response. ``selected`` holds the chosen options of choice kinds; ``response``
    the learner's answer to the other kinds, as plain JSON-ready values: a list of item ids in
    the learner's order, a {left id: right id or None} mapping, or the text typed."""

    key: str
    selected: frozenset[str]
    points: float
    max_points: float
    response: Any = field(default=None, compare=False)

    @property
    def is_correct(self) -> bool:
        return self.points == self.max_points


@dataclass(frozen=True)
class QuizResult:
    answers: tuple[GradedAnswer, ...]
    points: float
    max_points: float
    score_percent: float
    is_passed: bool


def normalize_answer(text: str) -> str:
    """The comparable form of a short answer: Unicode-normalized, case-folded, with every space
    and punctuation mark removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        ch
        for ch in folded
        if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "Z"))
    )


def _grade_choice(question: GradableQuestion, response: Any) -> GradedAnswer:
    if isinstance(response, str) or not isinstance(response, Iterable):
        raise InvalidResponse(f"question {question.key} expects a list of options")
    chosen = frozenset(response)
    if not chosen:
        raise InvalidResponse(f"question {question.key} has no answer")
    if not chosen <= question.option_ids:
        raise InvalidResponse(f"question {question.key} has an unknown option")
    if question.kind in ("single_choice", "true_false"):
        if len(chosen) != 1:
            raise InvalidResponse(f"question {question.key} takes exactly one option")
        points = 1.0 if chosen == question.correct_ids else 0.0
    else:
        right = len(chosen & question.correct_ids)
        wrong = len(chosen - question.correct_ids)
        points = max(0.0, (right - wrong) / len(question.correct_ids))
    return GradedAnswer(question.key, chosen, round(points, 4), 1.0)


def _grade_ordering(question: GradableQuestion, response: Any) -> GradedAnswer:
    if isinstance(response, str | Mapping) or not isinstance(response, Sequence):
        raise InvalidResponse(f"question {question.key} expects the items in a sequence")
    given = list(response)
    if len(given) != len(set(given)):
        raise InvalidResponse(f"question {question.key} lists an item twice")
    if set(given) != set(question.order):
        raise InvalidResponse(f"question {question.key} has unknown or missing items")
    place = {item: index for index, item in enumerate(given)}
    kept = sum(place[after] == place[before] + 1 for before, after in pairwise(question.order))
    points = kept / (len(question.order) - 1) if len(question.order) > 1 else 1.0
    return GradedAnswer(question.key, frozenset(), round(points, 4), 1.0, given)


def _grade_matching(question: GradableQuestion, response: Any) -> GradedAnswer:
    if not isinstance(response, Mapping):
        raise InvalidResponse(f"question {question.key} expects a match per row")
    rows = dict(question.pairs)
    if not set(response) <= set(rows):
        raise InvalidResponse(f"question {question.key} has an unknown row")
    matched = {left: response.get(left) for left in rows}
    if any(v is not None and v not in question.option_ids for v in matched.values()):
        raise InvalidResponse(f"question {question.key} has an unknown match")
    if all(v is None for v in matched.values()):
        raise InvalidResponse(f"question {question.key} has no answer")
    right = sum(matched[left] == rows[left] for left in rows)
    wrong = sum(v is not None and v != rows[left] for left, v in matched.items())
    points = max(0.0, (right - wrong) / len(rows))
    return GradedAnswer(question.key, frozenset(), round(points, 4), 1.0, matched)


def _grade_short_answer(question: GradableQuestion, response: Any) -> GradedAnswer:
    if not isinstance(response, str):
        raise InvalidResponse(f"question {question.key} expects text")
    text = " ".join(response.split())
    if not text:
        raise InvalidResponse(f"question {question.key} has no answer")
    if len(text) > MAX_SHORT_ANSWER:
        raise InvalidResponse(f"question {question.key} has an over-long answer")
    accepted = {normalize_answer(a) for a in question.accepted}
    points = 1.0 if normalize_answer(text) in accepted else 0.0
    return GradedAnswer(question.key, frozenset(), points, 1.0, text)


GRADERS = {
    "single_choice": _grade_choice,
    "multiple_select": _grade_choice,
    "true_false": _grade_choice,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "short_answer": _grade_short_answer,
}


def grade_answer(question: GradableQuestion, response: Any) -> GradedAnswer:
    """Grade one response: a list of option ids (choice kinds), a list of item ids (ordering), a
    {left id: right id or None} mapping (matching) or a string (short_answer)."""
    grader = GRADERS.get(question.kind)
    if grader is None:
        raise InvalidResponse(f"question {question.key} has an unknown kind {question.kind!r}")
    if response is None:
        raise InvalidResponse(f"question {question.key} has no answer")
    return grader(question, response)


def grade_quiz(
    questions: Iterable[GradableQuestion],
    responses: Mapping[str, Any],
    pass_mark: int,
) -> QuizResult:
    """Grade every question; a missing response is an ``InvalidResponse``, not a zero."""
    answers = tuple(grade_answer(q, responses.get(q.key)) for q in questions)
    if not answers:
        raise InvalidResponse("the quiz has no questions")
    points = round(sum(a.points for a in answers), 4)
    max_points = sum(a.max_points for a in answers)
    # Kept unrounded, so a course score averaged from it is rounded once, when shown.
    score = 100 * points / max_points
    return QuizResult(answers, points, max_points, score, is_passed(score, pass_mark))


def is_passed(score_percent: float, pass_mark: int) -> bool:
    # Rounded far below anything shown only to drop float noise: 100 * 2.1 / 3 must pass 70.
    return round(score_percent, 9) >= pass_mark
