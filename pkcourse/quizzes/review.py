"""What a result page shows for each answer: the learner's response next to the key, with the
feedback that fits. Built from stored answers (result pages, a teacher's drill-down) or straight
from a grading result (practice, which stores nothing); rendered by ``quizzes/_review.html``.

No Flask and no queries: the question versions passed in must have their options (and their
question's module) loaded.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from .grading import GradedAnswer
from .models import Answer, Option, QuestionVersion


@dataclass(frozen=True)
class ReviewRow:
    """One line of an ordering or matching review.

    Ordering: ``text`` is the item the learner put at this place, ``expected`` the one that
    belongs there. Matching: ``text`` is the left-hand item, ``given`` the learner's match (None
    if left blank), ``expected`` the right match, ``misconception`` the sentence of the
    misconception a wrongly chosen distractor carries."""

    text: str
    given: str | None
    expected: str
    is_right: bool
    feedback: str | None = None
    misconception: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    version: QuestionVersion
    points: float
    max_points: float
    is_correct: bool
    chosen: frozenset[str]  # choice kinds: the option ids picked
    response: Any  # other kinds: see grading.GradedAnswer.response
    # The course's misconceptions, slug to sentence (see ``misconception_of``).
    misconceptions: Mapping[str, str] = field(default_factory=dict, compare=False)

    def misconception_of(self, option: Option) -> str | None:
        """The sentence of the misconception a wrongly chosen option carries, if any."""
        if option.is_correct or option.misconception is None:
            return None
        return self.misconceptions.get(option.misconception)

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
    def rows(self) -> list[ReviewRow]:
        if self.version.kind == "ordering":
            return self._ordering_rows()
        if self.version.kind == "matching":
            return self._matching_rows()
        return []

    @property
    def kept_pairs(self) -> tuple[int, int]:
        """Ordering: (neighbouring pairs kept together, pairs in all), the basis of the points."""
        order = [o.slug for o in self._items()]
        given = list(self.response or ())
        place = {slug: n for n, slug in enumerate(given)}
        kept = sum(place.get(b, -9) == place.get(a, -9) + 1 for a, b in pairwise(order))
        return kept, max(len(order) - 1, 0)

    @property
    def accepted(self) -> list[str]:
        """Short answer: the accepted answers, the one to show first."""
        return [o.text for o in self.version.options]

    def _items(self) -> list[Option]:
        return sorted(self.version.options, key=lambda o: o.position)

    def _ordering_rows(self) -> list[ReviewRow]:
        items = self._items()
        by_slug = {o.slug: o for o in items}
        given = [by_slug[s] for s in (self.response or ()) if s in by_slug]
        return [
            ReviewRow(mine.text, mine.text, right.text, mine.slug == right.slug)
            for mine, right in zip(given, items, strict=False)
        ]

    def _matching_rows(self) -> list[ReviewRow]:
        options = {o.slug: o for o in self.version.options}
        chosen = dict(self.response or {})
        rows = []
        for pair in (o for o in self.version.options if o.match_text is not None):
            picked = options.get(chosen.get(pair.slug) or "")
            feedback = misconception = None
            if picked is not None and picked.slug != pair.slug:
                misconception = self.misconception_of(picked)
                feedback = (
                    picked.feedback
                    if picked.match_text is None
                    else f"“{picked.match_text}” goes with “{picked.text}”."
                )
            given = None if picked is None else (picked.match_text or picked.text)
            rows.append(
                ReviewRow(
                    pair.text, given, pair.match_text or "", picked is pair, feedback, misconception
                )
            )
        return rows


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


def _wrong_choices(item: ReviewItem) -> list[Option]:
    """The wrong options the learner chose: choice kinds, and matching distractors."""
    if item.version.kind == "matching":
        picked = set((item.response or {}).values())
    else:
        picked = set(item.chosen)
    return [o for o in item.version.options if o.slug in picked and not o.is_correct]


def name_misconceptions(
    items: list[ReviewItem], texts: Callable[[set[str]], Mapping[str, str]]
) -> list[ReviewItem]:
    """The items, able to name the misconceptions behind their wrong choices. ``texts`` maps
    misconception slugs to sentences; it is asked once, and only if a wrong choice carries one, so
    a review without such choices costs no query."""
    wanted = {o.misconception for i in items for o in _wrong_choices(i) if o.misconception}
    if not wanted:
        return items
    found = texts(wanted)
    return [replace(item, misconceptions=found) for item in items]
