"""Multiple select: choose every right option.

Points: (right options chosen - wrong options chosen) / right options, floored at 0. Choosing
everything therefore earns nothing, and leaving out one of two right options earns half.
"""

import random

from wtforms import Field, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from ...content.definitions import OptionDef
from .choice import ChoiceKind, ChoiceQuestion


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MultipleSelect(ChoiceKind):
    name = "multiple_select"
    label = "Multiple-select"
    required = ("options",)
    many = True

    def key_problems(self, options: tuple[OptionDef, ...]) -> list[str]:
        correct = sum(o.is_correct for o in options)
        if not (1 <= correct < len(options)):
            return ["a multiple_select question needs at least one correct and one wrong option"]
        return []

    def points(self, question: ChoiceQuestion, chosen: frozenset[str]) -> float:
        right = len(chosen & question.correct_ids)
        wrong = len(chosen - question.correct_ids)
        return max(0.0, (right - wrong) / len(question.correct_ids))

    def wrong_response(self, question: ChoiceQuestion, rng: random.Random) -> list[str]:
        """Some of the keys, sometimes with a wrong option: partial credit, as learners get."""
        keys = sorted(question.correct_ids)
        wrong = sorted(question.option_ids - question.correct_ids)
        partial = keys[: max(1, len(keys) - 1)]
        return partial if rng.random() < 0.5 else [*partial, rng.choice(wrong)]

    def field(self, version) -> Field:
        return CheckboxesField(
            version.prompt,
            choices=self.choices(version),
            validators=[DataRequired("Choose at least one option.")],
            description="Select all that apply.",
        )
