"""Grading rules. Pure: option ids in, points out; no Flask, no database.

Scoring, per question worth 1 point:
- single_choice and true_false: 1 for the correct option, else 0.
- multiple_select: partial credit, (correct options chosen - wrong options chosen) / correct
  options, floored at 0. Choosing everything therefore earns nothing, and leaving out one of two
  correct options earns half.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class InvalidResponse(ValueError):
    """A response that no honest form could have sent (unknown option, two radios...)."""


@dataclass(frozen=True)
class GradableQuestion:
    key: str
    kind: str
    option_ids: frozenset[str]
    correct_ids: frozenset[str]


@dataclass(frozen=True)
class GradedAnswer:
    key: str
    selected: frozenset[str]
    points: float
    max_points: float

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


def grade_answer(question: GradableQuestion, selected: Iterable[str]) -> GradedAnswer:
    chosen = frozenset(selected)
    if not chosen:
        raise InvalidResponse(f"question {question.key} has no answer")
    if not chosen <= question.option_ids:
        raise InvalidResponse(f"question {question.key} has an unknown option")
    if question.kind in ("single_choice", "true_false"):
        if len(chosen) != 1:
            raise InvalidResponse(f"question {question.key} takes exactly one option")
        points = 1.0 if chosen == question.correct_ids else 0.0
    elif question.kind == "multiple_select":
        right = len(chosen & question.correct_ids)
        wrong = len(chosen - question.correct_ids)
        points = max(0.0, (right - wrong) / len(question.correct_ids))
    else:
        raise InvalidResponse(f"question {question.key} has an unknown kind {question.kind!r}")
    return GradedAnswer(question.key, chosen, round(points, 4), 1.0)


def grade_quiz(
    questions: Iterable[GradableQuestion],
    responses: Mapping[str, Iterable[str]],
    pass_mark: int,
) -> QuizResult:
    """Grade every question; a missing response is an ``InvalidResponse``, not a zero."""
    answers = tuple(grade_answer(q, responses.get(q.key, ())) for q in questions)
    if not answers:
        raise InvalidResponse("the quiz has no questions")
    points = round(sum(a.points for a in answers), 4)
    max_points = sum(a.max_points for a in answers)
    score = round(100 * points / max_points, 2)
    return QuizResult(answers, points, max_points, score, is_passed(score, pass_mark))


def is_passed(score_percent: float, pass_mark: int) -> bool:
    return score_percent >= pass_mark
