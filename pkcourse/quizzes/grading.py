"""Grading a quiz. Pure: plain responses in, points out; no Flask, no database.

Every question is worth 1 point; how a response earns it is its kind's rule, documented and
implemented in the kind's module (``quizzes/kinds/<kind>.py``). A response no honest form could
send (an unknown option or item, an item twice or missing, a value of the wrong shape, an empty
or over-long answer) raises ``InvalidResponse``: it is rejected as a whole, never stored and never
half-graded.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .kinds import KINDS
from .kinds.base import Gradable, GradedAnswer, InvalidResponse

__all__ = ["Gradable", "GradedAnswer", "InvalidResponse", "QuizResult", "grade_answer"]


@dataclass(frozen=True)
class QuizResult:
    answers: tuple[GradedAnswer, ...]
    points: float
    max_points: float
    score_percent: float
    is_passed: bool


def grade_answer(question: Gradable, response: Any) -> GradedAnswer:
    """Grade one response in the shape its kind takes (see the kind's ``grade``)."""
    kind = KINDS.get(question.kind)
    if kind is None:
        raise InvalidResponse(f"question {question.key} has an unknown kind {question.kind!r}")
    if response is None:
        raise InvalidResponse(f"question {question.key} has no answer")
    return kind.grade(question, response)


def grade_quiz(
    questions: Iterable[Gradable],
    responses: Mapping[str, Any],
    pass_mark: int,
) -> QuizResult:
    """Grade every question; a missing response is an ``InvalidResponse``, not a zero."""
    answers = tuple(grade_answer(q, responses.get(q.key)) for q in questions)
    if not answers:
        raise InvalidResponse("the quiz has no questions")
    points = total_points(a.points for a in answers)
    max_points = sum(a.max_points for a in answers)
    score = score_percent(points, max_points)
    return QuizResult(answers, points, max_points, score, is_passed(score, pass_mark))


def total_points(points: Iterable[float]) -> float:
    """An attempt's points: the sum of its answers' points, rounded to drop float noise."""
    return round(sum(points), 4)


def score_percent(points: float, max_points: float) -> float:
    # Kept unrounded, so a course score averaged from it is rounded once, when shown.
    return 100 * points / max_points


def is_passed(score_percent: float, pass_mark: int) -> bool:
    # Rounded far below anything shown only to drop float noise: 100 * 2.1 / 3 must pass 70.
    return round(score_percent, 9) >= pass_mark


def gradable(version: Any) -> Gradable:
    """The grading view of a stored question version, from its kind."""
    return KINDS[version.kind].gradable(version)
