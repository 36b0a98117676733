"""What a result page shows for each answer: the learner's response next to the key, with the
feedback that fits. Built from stored answers (result pages, a teacher's drill-down) or straight
from a grading result (practice, which stores nothing); rendered by ``quizzes/_review.html`` and
each kind's partial. Row-by-row reviews come from the kind, which asks its grading rule.

No Flask and no queries: the question versions passed in must have their options (and their
question's module) loaded.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ..courses.models import Option, QuestionVersion
from .grading import GradedAnswer
from .kinds import KINDS
from .kinds.base import QuestionKind, ReviewRow
from .models import Answer

__all__ = ["ReviewItem", "ReviewRow", "name_misconceptions", "review_graded", "review_items"]


@dataclass(frozen=True)
class ReviewItem:
    version: QuestionVersion
    points: float
    max_points: float
    is_correct: bool
    chosen: frozenset[str]  # the option ids picked (choice kinds, gap fill)
    response: Any  # see the kind's module
    # The course's misconceptions behind this review's wrong choices, slug to sentence (see
    # ``name_misconceptions``).
    misconceptions: Mapping[str, str] = field(default_factory=dict, compare=False)

    def misconception_of(self, option: Option) -> str | None:
        """The sentence of the misconception a wrongly chosen option carries, if any."""
        if option.is_correct or option.misconception is None:
            return None
        return self.misconceptions.get(option.misconception)

    @property
    def misconception_slugs(self) -> set[str]:
        """The misconceptions carried by the wrong options the learner chose (in any row)."""
        picked = {
            o.misconception
            for o in self.version.options
            if o.slug in self.chosen and not o.is_correct and o.misconception
        }
        return picked | {
            r.misconception
            for r in self.kind.review_rows(self.version, self.response)
            if r.misconception
        }

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
        """The kind's rows, a wrongly chosen option's misconception given as its sentence."""
        return [
            replace(row, misconception=self.misconceptions.get(row.misconception))
            if row.misconception
            else row
            for row in self.kind.review_rows(self.version, self.response)
        ]


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


def name_misconceptions(
    items: list[ReviewItem], texts: Callable[[set[str]], Mapping[str, str]]
) -> list[ReviewItem]:
    """The items, able to name the misconceptions behind their wrong choices. ``texts`` maps
    misconception slugs to sentences; it is asked once, and only if a wrong choice carries one, so
    a review without such choices costs no query."""
    wanted = set().union(*(item.misconception_slugs for item in items))
    if not wanted:
        return items
    found = texts(wanted)
    return [replace(item, misconceptions=found) for item in items]
