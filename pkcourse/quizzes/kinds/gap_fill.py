"""Gap fill ("select the missing words"): a sentence of the lesson with one to three gaps, each a
drop-down of three to five choices, exactly one of them right.

YAML::

    type: gap_fill
    text: "Peacekeepers build [[first]] between the parties and support [[second]] reforms."
    gaps:
      - id: first
        choices:
          - {id: a, text: "trust", correct: true}
          - {id: b, text: "distance", feedback: "Why this is wrong, in the lesson's terms."}
          - {id: c, text: "leverage", feedback: "..."}
      - id: second
        choices: [...]

Each ``[[gap-id]]`` appears in ``text`` exactly once, in the order the gaps are listed.

Points: each gap is worth 1/gaps of the question's 1 point; a gap earns its share only if its
right choice is selected; a blank or wrong gap earns 0 (no negative marking). At least one gap
must be filled for an answer. A response naming an unknown gap or choice is invalid.

Stored as one option per choice, with the slug ``<gap-id>.<choice-id>`` (ids never contain a
dot), and the sentence as the version's ``body``. The response is ``{gap id: choice id or
None}``; the chosen options are also recorded as selected. Choices go out shuffled per gap and
per attempt, in an order independent of the key, under their display position ("1", "2", …).
"""

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
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
    above_phrase_problems,
    duplicates,
    missing_feedback_problems,
    normalize_space,
    object_schema,
    same_text,
)
from .fields import SlotSelectField

MAX_GAPS = 3
# Two ids and the dot joining them fit the option slug column (80).
GAP_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 39}
CHOICE_SCHEMA = object_schema(
    ("id", "text"),
    id=GAP_ID,
    text=TEXT,
    correct={"type": "boolean"},
    feedback=TEXT,
    misconception=SLUG,
)
GAP_SCHEMA = object_schema(
    ("id", "choices"),
    id=GAP_ID,
    choices={"type": "array", "minItems": 3, "maxItems": 5, "items": CHOICE_SCHEMA},
)
MARK = re.compile(r"\[\[([^\[\]]*)\]\]")
SEPARATOR = "."


def gap_of(slug: str) -> str:
    return slug.partition(SEPARATOR)[0]


def choice_of(slug: str) -> str:
    return slug.partition(SEPARATOR)[2]


@dataclass(frozen=True)
class Segment:
    """A piece of the sentence: ``text``, or the gap numbered ``gap`` (from 1)."""

    text: str = ""
    gap: int | None = None


def segments(body: str) -> list[Segment]:
    """The sentence as text and numbered gaps, for display."""
    pieces = MARK.split(body or "")
    out: list[Segment] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(Segment(gap=index // 2 + 1))
        elif piece:
            out.append(Segment(text=piece))
    return out


@dataclass(frozen=True)
class GapFillQuestion:
    """``gaps``: per gap in the sentence's order, (gap id, its choice ids, the right one)."""

    key: str
    gaps: tuple[tuple[str, frozenset[str], str], ...]
    kind: str = "gap_fill"


def _gaps(options) -> dict[str, list]:
    """The options grouped by gap, gaps in the order they come (the sentence's order)."""
    gaps: dict[str, list] = {}
    for option in sorted(options, key=lambda o: getattr(o, "position", 0)):
        gaps.setdefault(gap_of(option.slug), []).append(option)
    return gaps


class GapFillField(SlotSelectField):
    """One ``<select>`` per gap, each with its own choices: ``gaps`` holds each gap's (choice id,
    text) pairs, offered in the order ``offer`` gives, under their display position;
    ``segments`` is the sentence to show."""

    def __init__(self, label=None, validators=None, *, gaps=(), segments=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.gaps: list[list[tuple[str, str]]] = [list(choices) for choices in gaps]
        self.segments: list[Segment] = list(segments)
        self.offer(self.gaps)

    def offer(self, gaps: list[list[tuple[str, str]]]) -> None:
        # per gap: [(display value, text, choice id)]
        self.gap_choices = [
            [(str(n), text, cid) for n, (cid, text) in enumerate(choices, start=1)]
            for choices in gaps
        ]

    def row_choices(self, index: int) -> list[tuple[str, str]]:
        return [(value, text) for value, text, _ in self.gap_choices[index]]

    def post_validate(self, form, validation_stopped):
        if not validation_stopped and not self.errors and not any(self.data):
            raise ValidationError("Choose a word for at least one gap.")


class GapFill(QuestionKind):
    name = "gap_fill"
    label = "Gap-fill"
    partial = "quizzes/kinds/_gap_fill.html"
    keys: ClassVar[Mapping[str, Any]] = {
        "text": {**TEXT, "maxLength": 1000},
        "gaps": {"type": "array", "minItems": 1, "maxItems": MAX_GAPS, "items": GAP_SCHEMA},
        **FEEDBACK,
    }
    required = ("text", "gaps")

    def options(self, raw) -> tuple[OptionDef, ...]:
        return tuple(
            OptionDef(
                f"{gap['id']}{SEPARATOR}{choice['id']}",
                normalize_space(choice["text"]),
                choice.get("correct", False),
                choice.get("feedback"),
                misconception=choice.get("misconception"),
            )
            for gap in raw["gaps"]
            for choice in gap["choices"]
        )

    def body(self, raw) -> str:
        return normalize_space(raw["text"])

    def problems(self, question: QuestionDef) -> list[str]:
        problems: list[str] = []
        gaps = _gaps(question.options)
        marked = MARK.findall(question.body or "")
        for gap_id in duplicates(marked):
            problems.append(f"`text` marks [[{gap_id}]] more than once")
        for gap_id in gaps:
            if gap_id not in marked:
                problems.append(f"gap {gap_id!r} has no [[{gap_id}]] in `text`")
        for gap_id in dict.fromkeys(marked):
            if gap_id not in gaps:
                problems.append(f"`text` marks [[{gap_id}]], but no gap has that id")
        if not problems and list(gaps) != marked:
            problems.append("list the gaps in the order `text` marks them")
        for gap_id, choices in gaps.items():
            correct = sum(c.is_correct for c in choices)
            if correct != 1:
                problems.append(
                    f"gap {gap_id!r} needs exactly one correct choice (found {correct})"
                )
            for text in duplicates([same_text(c.text) for c in choices]):
                problems.append(f"gap {gap_id!r} has two choices with the same text {text!r}")
        options = question.options
        return problems + above_phrase_problems(options) + missing_feedback_problems(options)

    def gradable(self, version) -> GapFillQuestion:
        return GapFillQuestion(
            str(version.id),
            tuple(
                (
                    gap_id,
                    frozenset(choice_of(c.slug) for c in choices),
                    next((choice_of(c.slug) for c in choices if c.is_correct), ""),
                )
                for gap_id, choices in _gaps(version.options).items()
            ),
        )

    def grade(self, question: GapFillQuestion, response: Any) -> GradedAnswer:
        if not isinstance(response, Mapping):
            raise InvalidResponse(f"question {question.key} expects a choice per gap")
        choices = {gap_id: ids for gap_id, ids, _ in question.gaps}
        if not set(response) <= set(choices):
            raise InvalidResponse(f"question {question.key} has an unknown gap")
        chosen = {gap_id: response.get(gap_id) for gap_id in choices}
        if any(c is not None and c not in choices[g] for g, c in chosen.items()):
            raise InvalidResponse(f"question {question.key} has an unknown choice")
        if all(c is None for c in chosen.values()):
            raise InvalidResponse(f"question {question.key} has no answer")
        marks = tuple(chosen[gap_id] == right for gap_id, _, right in question.gaps)
        selected = frozenset(f"{g}{SEPARATOR}{c}" for g, c in chosen.items() if c is not None)
        points = round(sum(marks) / len(marks), 4)
        return GradedAnswer(question.key, selected, points, 1.0, chosen, marks)

    def right_response(self, question: GapFillQuestion) -> dict[str, str]:
        return {gap_id: right for gap_id, _, right in question.gaps}

    def wrong_response(self, question: GapFillQuestion, rng: random.Random) -> dict[str, str]:
        return {gap_id: rng.choice(sorted(ids)) for gap_id, ids, _ in question.gaps}

    def field(self, version) -> Field:
        gaps = _gaps(version.options)
        return GapFillField(
            version.prompt,
            rows=[(gap_id, f"Gap {n} of {len(gaps)}") for n, gap_id in enumerate(gaps, start=1)],
            gaps=[[(choice_of(c.slug), c.text) for c in choices] for choices in gaps.values()],
            segments=segments(version.body),
            description="Choose the missing word or words for each gap. A wrong or empty gap "
            "earns nothing for that gap.",
        )

    def arrange(self, field: Field, shuffle) -> None:
        field.offer(
            [
                shuffle(choices, f"gap:{gap_id}")
                for (gap_id, _), choices in zip(field.rows, field.gaps, strict=True)
            ]
        )

    def order(self, field: Field) -> tuple:
        return tuple(tuple(cid for _, _, cid in choices) for choices in field.gap_choices)

    def form_response(self, field: Field) -> dict[str, str | None]:
        return {
            gap_id: next((cid for v, _, cid in field.gap_choices[n] if v == value), None)
            for n, (value, (gap_id, _)) in enumerate(zip(field.data, field.rows, strict=True))
        }

    def segments(self, body: str) -> list[Segment]:
        return segments(body)

    def review_rows(self, version, response: Any) -> list[ReviewRow]:
        gaps = _gaps(version.options)
        graded = self.grade(self.gradable(version), response) if response else None
        marks = graded.marks if graded else (False,) * len(gaps)
        chosen = dict(response or {})
        rows = []
        for n, ((gap_id, choices), mark) in enumerate(zip(gaps.items(), marks, strict=True), 1):
            by_id = {choice_of(c.slug): c for c in choices}
            picked = by_id.get(chosen.get(gap_id) or "")
            right = next((c for c in choices if c.is_correct), choices[0])
            wrong = picked if picked is not None and not mark else None
            rows.append(
                ReviewRow(
                    f"Gap {n}",
                    picked.text if picked else None,
                    right.text,
                    mark,
                    wrong.feedback if wrong else None,
                    wrong.misconception if wrong else None,
                )
            )
        return rows
