"""True or false: a statement and its truth value; 1 point for the right one, else 0.

YAML: ``answer: true|false``, ``feedback`` (why the wrong value is wrong) and optionally
``misconception`` (the course misconception the wrong value stands for), stored as two options,
True and False, the wrong one carrying the feedback and the misconception."""

from collections.abc import Mapping
from typing import Any, ClassVar

from wtforms import Field

from ...content.definitions import OptionDef, QuestionDef
from .base import FEEDBACK, SLUG
from .choice import ChoiceKind


class TrueFalse(ChoiceKind):
    name = "true_false"
    label = "True/false"
    keys: ClassVar[Mapping[str, Any]] = {
        "answer": {"type": "boolean"},
        **FEEDBACK,
        "misconception": SLUG,
    }
    required = ("answer",)
    offers_options = False  # two fixed options: no length or position to cue the key

    def options(self, raw) -> tuple[OptionDef, ...]:
        answer = raw["answer"]
        wrong = {"feedback": raw.get("feedback"), "misconception": raw.get("misconception")}
        return (
            OptionDef("true", "True", answer is True, **({} if answer else wrong)),
            OptionDef("false", "False", answer is False, **(wrong if answer else {})),
        )

    def question_feedback(self, raw) -> str | None:
        return None  # carried by the wrong option, shown next to it

    def problems(self, question: QuestionDef) -> list[str]:
        problems = self.key_problems(question.options)
        if not any(o.feedback for o in question.options):
            problems.append("a true_false question needs `feedback`: why the wrong answer is wrong")
        return problems

    def arrange(self, field: Field, shuffle) -> None:
        pass  # True before False reads naturally, and says nothing about the key
