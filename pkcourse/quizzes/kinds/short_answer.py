"""Short answer: type a word or a short phrase.

Points: 1 if the answer equals one of the accepted answers once case, spaces and punctuation are
ignored ("U.N. Charter" = "un charter" = "UN-Charter"), else 0. The first accepted answer is the
one shown as the answer.
"""

import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length

from ...content.definitions import OptionDef, QuestionDef
from .base import (
    FEEDBACK,
    TEXT,
    GradedAnswer,
    InvalidResponse,
    QuestionKind,
    duplicates,
    normalize_space,
)

MAX_LENGTH = 200


def normalize_answer(text: str) -> str:
    """The comparable form of a short answer: Unicode-normalized, case-folded, with every space
    and punctuation mark removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        ch
        for ch in folded
        if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "Z"))
    )


@dataclass(frozen=True)
class ShortAnswerQuestion:
    """``accepted``: the accepted answers as written."""

    key: str
    accepted: tuple[str, ...]
    kind: str = "short_answer"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ShortAnswer(QuestionKind):
    name = "short_answer"
    label = "Short-answer"
    partial = "quizzes/kinds/_short_answer.html"
    keys: ClassVar[Mapping[str, Any]] = {
        "accepted": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {**TEXT, "maxLength": MAX_LENGTH},
        },
        **FEEDBACK,
    }
    required = ("accepted",)

    def options(self, raw) -> tuple[OptionDef, ...]:
        return tuple(
            OptionDef(f"accepted-{n}", normalize_space(text), True)
            for n, text in enumerate(raw["accepted"], start=1)
        )

    def problems(self, question: QuestionDef) -> list[str]:
        options = question.options
        normalized = [normalize_answer(o.text) for o in options]
        problems = [
            f"accepted answer {option.text!r} has no letters or digits"
            for option, norm in zip(options, normalized, strict=True)
            if not norm
        ]
        for norm in duplicates([n for n in normalized if n]):
            same = [o.text for o, n in zip(options, normalized, strict=True) if n == norm]
            problems.append(
                f"accepted answers {' and '.join(map(repr, same))} are the same once case, "
                "spaces and punctuation are ignored"
            )
        return problems

    def gradable(self, version) -> ShortAnswerQuestion:
        return ShortAnswerQuestion(str(version.id), tuple(o.text for o in version.options))

    def grade(self, question: ShortAnswerQuestion, response: Any) -> GradedAnswer:
        if not isinstance(response, str):
            raise InvalidResponse(f"question {question.key} expects text")
        text = normalize_space(response)
        if not text:
            raise InvalidResponse(f"question {question.key} has no answer")
        if len(text) > MAX_LENGTH:
            raise InvalidResponse(f"question {question.key} has an over-long answer")
        accepted = {normalize_answer(a) for a in question.accepted}
        points = 1.0 if normalize_answer(text) in accepted else 0.0
        return GradedAnswer(question.key, frozenset(), points, 1.0, text)

    def right_response(self, question: ShortAnswerQuestion) -> str:
        return question.accepted[0]

    def wrong_response(self, question: ShortAnswerQuestion, rng: random.Random) -> str:
        return "not sure"

    def field(self, version) -> Field:
        return StringField(
            version.prompt,
            validators=[
                DataRequired("Type an answer."),
                Length(max=MAX_LENGTH, message=f"Keep your answer under {MAX_LENGTH} characters."),
            ],
            filters=[_strip],
            description="Type a word or a short phrase. Capitals and punctuation do not matter.",
        )

    def form_response(self, field: Field) -> str:
        return field.data
