"""Ordering: put the items in the right order.

Points: the share of neighbouring pairs kept together. For each pair of items that follow each
other in the right order (A then B), the learner earns 1 / (items - 1) if B comes straight after
A in their order too. All in order earns 1; one item moved from the end to the front of five
still keeps 3 of 4 pairs (0.75); the reversed order earns 0.

The items are offered in a random order that does not depend on the key: the right order is as
likely a starting order as any other (a start that avoided it would give it away on reloads).
They go out under their display position, never under the author's ids.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from wtforms import Field
from wtforms.validators import ValidationError

from ...content.definitions import OptionDef, QuestionDef
from .base import (
    FEEDBACK,
    SLUG,
    TEXT,
    GradedAnswer,
    InvalidResponse,
    QuestionKind,
    ReviewRow,
    duplicates,
    expect_sequence,
    normalize_space,
    object_schema,
    same_text,
)
from .fields import SlotSelectField

MIN_ITEMS = 3
ITEM_SCHEMA = object_schema(("id", "text"), id=SLUG, text=TEXT)


@dataclass(frozen=True)
class OrderingQuestion:
    """``order``: the item ids in the right order."""

    key: str
    order: tuple[str, ...]
    kind: str = "ordering"


def kept_pairs(order: tuple[str, ...], given: list[str]) -> tuple[bool, ...]:
    """Per place after the first in ``given``: whether its item comes straight after the item
    before it in ``order``. The points are the share of these that hold."""
    successor = dict(pairwise(order))
    return tuple(successor.get(before) == after for before, after in pairwise(given))


class OrderingField(SlotSelectField):
    def post_validate(self, form, validation_stopped):
        if validation_stopped or self.errors:
            return
        if not all(self.data):
            raise ValidationError("Give every item a position.")
        if len(set(self.data)) != len(self.data):
            raise ValidationError(f"Use each position from 1 to {len(self.rows)} once.")


class Ordering(QuestionKind):
    name = "ordering"
    label = "Ordering"
    partial = "quizzes/kinds/_ordering.html"
    keys: ClassVar[Mapping[str, Any]] = {
        "items": {"type": "array", "minItems": 1, "maxItems": 8, "items": ITEM_SCHEMA},
        **FEEDBACK,
    }
    required = ("items",)

    def options(self, raw) -> tuple[OptionDef, ...]:
        return tuple(OptionDef(i["id"], normalize_space(i["text"]), True) for i in raw["items"])

    def problems(self, question: QuestionDef) -> list[str]:
        options = question.options
        problems = [
            f"two options have the same text {text!r}"
            for text in duplicates([same_text(o.text) for o in options])
        ]
        if len(options) < MIN_ITEMS:
            problems.append(
                f"an ordering question needs at least {MIN_ITEMS} items (found {len(options)})"
            )
        return problems

    def gradable(self, version) -> OrderingQuestion:
        items = sorted(version.options, key=lambda o: o.position)
        return OrderingQuestion(str(version.id), tuple(o.slug for o in items))

    def grade(self, question: OrderingQuestion, response: Any) -> GradedAnswer:
        given = expect_sequence(question.key, response, "the items in a sequence")
        if len(given) != len(set(given)):
            raise InvalidResponse(f"question {question.key} lists an item twice")
        if set(given) != set(question.order):
            raise InvalidResponse(f"question {question.key} has unknown or missing items")
        marks = kept_pairs(question.order, given)
        points = sum(marks) / len(marks) if marks else 1.0
        return GradedAnswer(question.key, frozenset(), round(points, 4), 1.0, given, marks)

    def right_response(self, question: OrderingQuestion) -> list[str]:
        return list(question.order)

    def wrong_response(self, question: OrderingQuestion, rng: random.Random) -> list[str]:
        """Two neighbours swapped: the slip a learner who half-remembers makes."""
        order = list(question.order)
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        return order

    def field(self, version) -> Field:
        items = [(o.slug, o.text) for o in sorted(version.options, key=lambda o: o.position)]
        return OrderingField(
            version.prompt,
            rows=items,
            choices=[(str(n), str(n)) for n in range(1, len(items) + 1)],
            description=f"Give each item its place: 1 for the first, {len(items)} for the last.",
        )

    def arrange(self, field: Field, shuffle) -> None:
        field.rows = shuffle(field.rows, "items")

    def order(self, field: Field) -> tuple:
        return tuple(row_id for row_id, _ in field.rows)

    def form_response(self, field: Field) -> list[str]:
        """Item ids in the learner's order."""
        ranked = sorted(zip(field.data, field.rows, strict=True), key=lambda pair: int(pair[0]))
        return [row_id for _, (row_id, _) in ranked]

    def review_rows(self, version, response: Any) -> list[ReviewRow]:
        """Place by place: the learner's item, the item that belongs there, and whether grading
        counted the learner's item as following the right one (the basis of the points)."""
        question = self.gradable(version)
        items = sorted(version.options, key=lambda o: o.position)
        by_slug = {o.slug: o for o in items}
        given = [s for s in (response or ()) if s in by_slug]
        marks = (False, *kept_pairs(question.order, given))
        return [
            ReviewRow(by_slug[mine].text, by_slug[mine].text, right.text, mark)
            for mine, right, mark in zip(given, items, marks, strict=False)
        ]

    def kept(self, version, response: Any) -> tuple[int, int]:
        """(neighbouring pairs kept together, pairs in all), as the caption of the review says."""
        marks = kept_pairs(self.gradable(version).order, list(response or ()))
        return sum(marks), max(len(version.options) - 1, 0)
