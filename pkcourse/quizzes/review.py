"""What a result page shows for each answer: the learner's response next to the key, with the
feedback that fits. Built from stored answers (result pages, a teacher's drill-down) or straight
from a grading result (practice, which stores nothing); rendered by ``quizzes/_review.html`` and
each kind's partial. Row-by-row reviews come from the kind, which asks its grading rule.

No Flask and no queries: the question versions passed in must have their options (and their
question's module) loaded.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..courses.models import QuestionVersion
from .grading import GradedAnswer
from .kinds import KINDS
from .kinds.base import QuestionKind, ReviewRow
from .models import Answer

__all__ = ["ReviewItem", "ReviewRow", "review_graded", "review_items"]


@dataclass(frozen=True)
class ReviewItem:
    version: QuestionVersion
    points: float
    max_points: float
    is_correct: bool
    chosen: frozenset[str]  # the option ids picked (choice kinds, gap fill)
    response: Any  # see the kind's module

    @property
    def verdict(self) -> str:
        if self.is_correct:
            return "right"
        return "partial" if self.points > 0 else "wrong"

    @property
    def lesson_slug(self) -> str:
        """The module whose lesson holds the question's source passage."""
        return self.version.question.module.slug

    @property
    def kind(self) -> QuestionKind:
        return KINDS[self.version.kind]

    @cached_property
    def rows(self) -> list[ReviewRow]:
        return self.kind.review_rows(self.version, self.response)


def review_items(answers: Iterable[Answer]) -> list[ReviewItem]:
    """The review of a stored attempt, in the order the questions were asked."""
    return [
        ReviewItem(
            version=answer.question_version,
            points=answer.points,
            max_points=answer.max_points,
            is_correct=answer.is_correct,
            chosen=frozenset(o.slug for o in answer.selected_options),
            response=answer.response,
        )
        for answer in answers
    ]


def review_graded(
    versions: Sequence[QuestionVersion], graded: Sequence[GradedAnswer]
) -> list[ReviewItem]:
    """The review of a graded but unstored response (practice)."""
    return [
        ReviewItem(v, g.points, g.max_points, g.is_correct, g.selected, g.response)
        for v, g in zip(versions, graded, strict=True)
    ]
