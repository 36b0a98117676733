"""Single choice: one right option among at least three; 1 point for it, else 0."""

from .choice import ChoiceKind


class SingleChoice(ChoiceKind):
    name = "single_choice"
    label = "Single-choice"
    required = ("options",)
    has_key_position = True
