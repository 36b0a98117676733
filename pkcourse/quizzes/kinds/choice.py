"""What the kinds that offer options to pick (single choice, multiple select, true/false) share:
options stored as rows, graded as a set of option ids, reviewed option by option."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from wtforms import Field, RadioField, SelectChoice
from wtforms.validators import InputRequired

from ...content.definitions import OptionDef, QuestionDef
from .base import (
    MIN_CHOICE_OPTIONS,
    SLUG,
    TEXT,
    GradedAnswer,
    InvalidResponse,
    QuestionKind,
    above_phrase_problems,
    duplicates,
    expect_sequence,
    missing_feedback_problems,
    normalize_space,
    object_schema,
    same_text,
)

OPTION_SCHEMA = object_schema(
    ("id", "text"),
    id=SLUG,
    text=TEXT,
    correct={"type": "boolean"},
    feedback=TEXT,
    misconception=SLUG,
)
OPTIONS_SCHEMA = {"type": "array", "minItems": 1, "maxItems": 8, "items": OPTION_SCHEMA}


@dataclass(frozen=True)
class ChoiceQuestion:
    """``option_ids``: every option offered; ``correct_ids``: the key(s)."""

    key: str
    kind: str
    option_ids: frozenset[str]
    correct_ids: frozenset[str]


class SingleChoiceField(RadioField):
    """A radio group that rejects a request carrying two values (no browser sends that)."""

    def process_formdata(self, valuelist):
        if len(valuelist) > 1:
            raise ValueError("Choose only one answer.")
        super().process_formdata(valuelist)


class ChoiceKind(QuestionKind):
    partial = "quizzes/kinds/_choice.html"
    has_option_counts = True
    keys: ClassVar[Mapping[str, Any]] = {"options": OPTIONS_SCHEMA}
    offers_options = True
    # More than one option may be chosen (checkboxes rather than radio buttons).
    many: ClassVar[bool] = False

    def options(self, raw) -> tuple[OptionDef, ...]:
        return tuple(
            OptionDef(
                o["id"],
                normalize_space(o["text"]),
                o.get("correct", False),
                o.get("feedback"),
                misconception=o.get("misconception"),
            )
            for o in raw["options"]
        )

    def problems(self, question: QuestionDef) -> list[str]:
        options = question.options
        problems = [
            f"two options have the same text {text!r}"
            for text in duplicates([same_text(o.text) for o in options])
        ]
        problems += self.key_problems(options)
        if len(options) < MIN_CHOICE_OPTIONS:
            problems.append(
                f"a {self.name} question needs at least {MIN_CHOICE_OPTIONS} options "
                f"(found {len(options)})"
            )
        return problems + above_phrase_problems(options) + missing_feedback_problems(options)

    def key_problems(self, options: tuple[OptionDef, ...]) -> list[str]:
        correct = sum(o.is_correct for o in options)
        if correct != 1:
            return [f"a {self.name} question needs exactly one correct option (found {correct})"]
        return []

    def gradable(self, version) -> ChoiceQuestion:
        options = version.options
        return ChoiceQuestion(
            key=str(version.id),
            kind=self.name,
            option_ids=frozenset(o.slug for o in options),
            correct_ids=frozenset(o.slug for o in options if o.is_correct),
        )

    def grade(self, question: ChoiceQuestion, response: Any) -> GradedAnswer:
        chosen = frozenset(expect_sequence(question.key, response, "a list of options"))
        if not chosen:
            raise InvalidResponse(f"question {question.key} has no answer")
        if not chosen <= question.option_ids:
            raise InvalidResponse(f"question {question.key} has an unknown option")
        if len(chosen) != 1 and not self.many:
            raise InvalidResponse(f"question {question.key} takes exactly one option")
        return GradedAnswer(question.key, chosen, round(self.points(question, chosen), 4), 1.0)

    def points(self, question: ChoiceQuestion, chosen: frozenset[str]) -> float:
        return 1.0 if chosen == question.correct_ids else 0.0

    def stored_response(self, response: Any, selected: frozenset[str]) -> list[str]:
        """Choices are stored as selected options only."""
        return sorted(selected)

    def right_response(self, question: ChoiceQuestion) -> list[str]:
        return sorted(question.correct_ids)

    def wrong_response(self, question: ChoiceQuestion, rng: random.Random) -> list[str]:
        return [rng.choice(sorted(question.option_ids - question.correct_ids))]

    def choices(self, version) -> list[SelectChoice]:
        return [SelectChoice(o.slug, o.text) for o in version.options]

    def field(self, version) -> Field:
        return SingleChoiceField(
            version.prompt,
            choices=self.choices(version),
            validators=[InputRequired("Choose an answer.")],
        )

    def arrange(self, field: Field, shuffle) -> None:
        field.choices = shuffle(field.choices, "options")

    def order(self, field: Field) -> tuple:
        return tuple(choice.value for choice in field.choices)

    def form_response(self, field: Field) -> list[str]:
        data = field.data
        return list(data) if isinstance(data, list) else [data]
