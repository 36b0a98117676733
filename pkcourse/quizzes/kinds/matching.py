"""Matching: give each left-hand item its right-hand match; distractors match nothing.

Points: (rows matched right - rows matched wrong) / rows, floored at 0. A row left blank counts
neither way, so a guess costs as much as a right match earns.

Stored as one option per pair (``text`` on the left, ``match_text`` on the right, correct) and
one per distractor (a right-hand text, not correct); a pair's right-hand side is offered under
the pair's id. Right-hand choices go out shuffled, under their display position.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from wtforms import Field
from wtforms.validators import ValidationError

from ...content.definitions import OptionDef, QuestionDef
from .base import (
    FEEDBACK,
    MIN_CHOICE_OPTIONS,
    SLUG,
    TEXT,
    GradedAnswer,
    InvalidResponse,
    QuestionKind,
    ReviewRow,
    above_phrase_problems,
    duplicates,
    missing_feedback_problems,
    normalize_space,
    object_schema,
    same_text,
)
from .fields import SlotSelectField

MIN_PAIRS = 2
PAIR_SCHEMA = object_schema(("id", "left", "right"), id=SLUG, left=TEXT, right=TEXT)
DISTRACTOR_SCHEMA = object_schema(
    ("id", "text"), id=SLUG, text=TEXT, feedback=TEXT, misconception=SLUG
)


@dataclass(frozen=True)
class MatchingQuestion:
    """``pairs``: (left id, right id) per row; ``option_ids``: every right-hand choice."""

    key: str
    option_ids: frozenset[str]
    pairs: tuple[tuple[str, str], ...]
    kind: str = "matching"


class MatchingField(SlotSelectField):
    """``matches``: the right-hand (id, text) pairs, offered in every row in the order ``offer``
    gives, under their display position."""

    def __init__(self, label=None, validators=None, *, matches=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.matches: list[tuple[str, str]] = list(matches)
        self.offer(self.matches)

    def offer(self, matches: list[tuple[str, str]]) -> None:
        self.choices = [(str(n), text) for n, (_, text) in enumerate(matches, start=1)]
        # display value -> right-hand id
        self.choice_ids = {str(n): slug for n, (slug, _) in enumerate(matches, start=1)}

    def post_validate(self, form, validation_stopped):
        if not validation_stopped and not self.errors and not any(self.data):
            raise ValidationError("Match at least one item.")


class Matching(QuestionKind):
    name = "matching"
    label = "Matching"
    partial = "quizzes/kinds/_matching.html"
    keys: ClassVar[Mapping[str, Any]] = {
        "pairs": {"type": "array", "minItems": 1, "maxItems": 8, "items": PAIR_SCHEMA},
        "distractors": {"type": "array", "maxItems": 4, "items": DISTRACTOR_SCHEMA},
        **FEEDBACK,
    }
    required = ("pairs",)

    def options(self, raw) -> tuple[OptionDef, ...]:
        pairs = tuple(
            OptionDef(
                p["id"], normalize_space(p["left"]), True, match_text=normalize_space(p["right"])
            )
            for p in raw["pairs"]
        )
        distractors = tuple(
            OptionDef(
                d["id"],
                normalize_space(d["text"]),
                False,
                d.get("feedback"),
                misconception=d.get("misconception"),
            )
            for d in raw.get("distractors", ())
        )
        return pairs + distractors

    def problems(self, question: QuestionDef) -> list[str]:
        options = question.options
        pairs = [o for o in options if o.match_text is not None]
        right_hand = [o.match_text for o in pairs] + [o.text for o in options if not o.is_correct]
        problems = [
            f"two pairs have the same left-hand text {text!r}"
            for text in duplicates([same_text(o.text) for o in pairs])
        ]
        problems += [
            f"two right-hand choices have the same text {text!r}"
            for text in duplicates([same_text(t or "") for t in right_hand])
        ]
        if len(pairs) < MIN_PAIRS:
            problems.append(f"a matching question needs at least {MIN_PAIRS} pairs")
        if len(right_hand) < MIN_CHOICE_OPTIONS:
            problems.append(
                f"a matching question needs at least {MIN_CHOICE_OPTIONS} right-hand choices "
                f"(pairs plus distractors; found {len(right_hand)})"
            )
        return problems + above_phrase_problems(options) + missing_feedback_problems(options)

    def gradable(self, version) -> MatchingQuestion:
        options = version.options
        return MatchingQuestion(
            str(version.id),
            option_ids=frozenset(o.slug for o in options),
            pairs=tuple((o.slug, o.slug) for o in options if o.match_text is not None),
        )

    def grade(self, question: MatchingQuestion, response: Any) -> GradedAnswer:
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
        marks = tuple(matched[left] == rows[left] for left in rows)
        wrong = sum(v is not None and v != rows[left] for left, v in matched.items())
        points = max(0.0, (sum(marks) - wrong) / len(rows))
        return GradedAnswer(question.key, frozenset(), round(points, 4), 1.0, matched, marks)

    def right_response(self, question: MatchingQuestion) -> dict[str, str]:
        return dict(question.pairs)

    def wrong_response(self, question: MatchingQuestion, rng: random.Random) -> dict[str, str]:
        choices = sorted(question.option_ids)
        return {
            left: right if rng.random() < 0.5 else rng.choice(choices)
            for left, right in question.pairs
        }

    def field(self, version) -> Field:
        options = version.options
        return MatchingField(
            version.prompt,
            rows=[(o.slug, o.text) for o in options if o.match_text is not None],
            matches=[(o.slug, o.match_text or o.text) for o in options],
            description="Choose a match for each item. A wrong match cancels a right one; "
            "a row left blank counts neither way.",
        )

    def arrange(self, field: Field, shuffle) -> None:
        field.offer(shuffle(field.matches, "matches"))

    def order(self, field: Field) -> tuple:
        return tuple(field.choice_ids.values())

    def form_response(self, field: Field) -> dict[str, str | None]:
        return {
            row_id: field.choice_ids.get(value) if value else None
            for value, (row_id, _) in zip(field.data, field.rows, strict=True)
        }

    def review_rows(self, version, response: Any) -> list[ReviewRow]:
        options = {o.slug: o for o in version.options}
        chosen = dict(response or {})
        rows = []
        for pair in (o for o in version.options if o.match_text is not None):
            picked = options.get(chosen.get(pair.slug) or "")
            feedback = misconception = None
            if picked is not None and picked.slug != pair.slug:
                misconception = None if picked.is_correct else picked.misconception
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
