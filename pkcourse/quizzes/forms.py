"""The quiz form, built from the quiz definition: one field per question, options shuffled."""

import random
import re
import secrets
from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from .models import QuestionVersion

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SingleChoiceField(RadioField):
    """A radio group that rejects a request carrying two values (no browser sends that)."""

    def process_formdata(self, valuelist):
        if len(valuelist) > 1:
            raise ValueError("Choose only one answer.")
        super().process_formdata(valuelist)


class QuizForm(FlaskForm):
    submission_token = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])
    order_seed = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])

    question_fields: list[tuple[QuestionVersion, object]]

    def responses(self) -> dict[str, list[str]]:
        """Question version id -> chosen option slugs, as the grader expects."""
        result = {}
        for version, field in self.question_fields:
            data = field.data
            result[str(version.id)] = list(data) if isinstance(data, list) else [data]
        return result


def field_name(version: QuestionVersion) -> str:
    return f"q{version.id}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def shuffled_choices(version: QuestionVersion, seed: str) -> list[SelectChoice]:
    choices = [SelectChoice(o.slug, o.text) for o in version.options]
    if version.kind != "true_false":  # True before False reads naturally; keep it
        random.Random(f"{seed}:{version.question_id}").shuffle(choices)
    return choices


def is_valid_token(value: str | None) -> bool:
    return bool(value and re.fullmatch(TOKEN_PATTERN, value))


def build_quiz_form(versions: Sequence[QuestionVersion], seed: str) -> QuizForm:
    """A form for these questions with options in the order ``seed`` gives. The seed travels with
    the form, so a form re-rendered after an error keeps the order the learner saw."""

    class _QuizForm(QuizForm):
        pass

    for version in versions:
        choices = shuffled_choices(version, seed)
        if version.kind == "multiple_select":
            field = CheckboxesField(
                version.prompt,
                choices=choices,
                validators=[DataRequired("Choose at least one option.")],
                description="Select all that apply.",
            )
        else:
            field = SingleChoiceField(
                version.prompt, choices=choices, validators=[InputRequired("Choose an answer.")]
            )
        setattr(_QuizForm, field_name(version), field)

    form = _QuizForm()
    form.question_fields = [(v, form[field_name(v)]) for v in versions]
    if not form.is_submitted():
        form.submission_token.data = new_token()
        form.order_seed.data = seed
    return form
