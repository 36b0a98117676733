"""The quiz form, built from the questions: one field per question, its choices shuffled.

Nothing in the page tells a learner the key. Shuffles are keyed with the app's secret, so the
order seed that travels in the form does not let anyone recompute which option came first in the
file; ordering items and matching choices go out under their display position ("1", "2", …),
never under the ids the author gave them (ids like a, b, c in the right order would give the
answer away).
"""

import hashlib
import hmac
import random
import re
import secrets
import types
from collections.abc import Sequence
from typing import Any, TypeGuard

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import Field, HiddenField, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .grading import MAX_SHORT_ANSWER
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


class SlotSelectField(Field):
    """One ``<select>`` per row, named ``<name>-1`` … ``<name>-n`` in display order, all answering
    one question. ``rows`` are (id, text) pairs; ``choices`` are (value, text) pairs offered in
    every row; ``data`` is the chosen value per row ("" for none)."""

    def __init__(self, label=None, validators=None, *, rows=(), choices=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.rows: list[tuple[str, str]] = list(rows)
        self.choices: list[tuple[str, str]] = list(choices)

    def row_name(self, index: int) -> str:
        return f"{self.name}-{index + 1}"

    def row_id(self, index: int) -> str:
        return f"{self.id}-{index + 1}"

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.data = [""] * len(self.rows)
        self.raw_data = []
        if formdata is None:
            return
        for index in range(len(self.rows)):
            values = formdata.getlist(self.row_name(index))
            self.raw_data.extend(values)
            if len(values) > 1:
                self.process_errors.append("Choose one value per row.")
            self.data[index] = values[0] if values else ""

    def pre_validate(self, form):
        allowed = {value for value, _ in self.choices}
        if any(value and value not in allowed for value in self.data):
            raise ValidationError("Not a valid choice.")


class OrderingField(SlotSelectField):
    def post_validate(self, form, validation_stopped):
        if validation_stopped or self.errors:
            return
        if not all(self.data):
            raise ValidationError("Give every item a position.")
        if len(set(self.data)) != len(self.data):
            raise ValidationError(f"Use each position from 1 to {len(self.rows)} once.")

    def response(self) -> list[str]:
        """Item ids in the learner's order."""
        ranked = sorted(zip(self.data, self.rows, strict=True), key=lambda pair: int(pair[0]))
        return [row_id for _, (row_id, _) in ranked]


class MatchingField(SlotSelectField):
    def __init__(self, label=None, validators=None, *, choice_ids=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choice_ids: dict[str, str] = dict(choice_ids)  # display value -> right-hand id

    def post_validate(self, form, validation_stopped):
        if not validation_stopped and not self.errors and not any(self.data):
            raise ValidationError("Match at least one item.")

    def response(self) -> dict[str, str | None]:
        return {
            row_id: self.choice_ids.get(value) if value else None
            for value, (row_id, _) in zip(self.data, self.rows, strict=True)
        }


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class QuizForm(FlaskForm):
    submission_token = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])
    order_seed = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])

    question_fields: list[tuple[QuestionVersion, Field]]

    def responses(self) -> dict[str, Any]:
        """Question version id -> the response the grader expects for its kind."""
        result: dict[str, Any] = {}
        for version, field in self.question_fields:
            if isinstance(field, SlotSelectField):
                result[str(version.id)] = field.response()
            elif isinstance(field, StringField):
                result[str(version.id)] = field.data
            else:
                data = field.data
                result[str(version.id)] = list(data) if isinstance(data, list) else [data]
        return result


class FinalForm(QuizForm):
    """The final assessment: also carries the signed draw (which question versions this attempt
    asks), so grading uses exactly the questions shown, whatever the client sends."""

    draw = HiddenField(validators=[InputRequired()])


DRAW_SALT = "pkcourse.final-draw"


def _draw_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt=DRAW_SALT)


def sign_draw(user_id: int, module_id: int, version_ids: Sequence[int], token: str) -> str:
    """A tamper-proof record of a draw, bound to the learner, the assessment and the submission
    token (one draw, one submission). Readable, but it names question versions, not answers."""
    return _draw_serializer().dumps(
        {"u": user_id, "m": module_id, "q": list(version_ids), "t": token}
    )


def read_draw(value: str | None, user_id: int, module_id: int, token: str) -> list[int] | None:
    """The question version ids of a draw signed for this learner, assessment and token, or None
    for anything else (forged, altered, someone else's, or another form's)."""
    if not value:
        return None
    try:
        data = _draw_serializer().loads(value)
    except BadSignature:
        return None
    if not isinstance(data, dict) or (data.get("u"), data.get("m"), data.get("t")) != (
        user_id,
        module_id,
        token,
    ):
        return None
    ids = data.get("q")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
        return None
    return ids


def field_name(version: QuestionVersion) -> str:
    return f"q{version.id}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_valid_token(value: str | None) -> TypeGuard[str]:
    return bool(value and re.fullmatch(TOKEN_PATTERN, value))


def _shuffled(items: list, seed: str, version: QuestionVersion, purpose: str) -> list:
    """``items`` in an order fixed by the seed and the question, unpredictable without the
    app's secret key."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{purpose}:{seed}:{version.question_id}".encode()
    shuffled = list(items)
    random.Random(hmac.new(key, message, hashlib.sha256).digest()).shuffle(shuffled)
    return shuffled


def shuffled_choices(version: QuestionVersion, seed: str) -> list[SelectChoice]:
    choices = [SelectChoice(o.slug, o.text) for o in version.options]
    if version.kind == "true_false":  # True before False reads naturally; keep it
        return choices
    return _shuffled(choices, seed, version, "options")


def _question_field(version: QuestionVersion, seed: str) -> Field:
    options = version.options
    if version.kind == "multiple_select":
        return CheckboxesField(
            version.prompt,
            choices=shuffled_choices(version, seed),
            validators=[DataRequired("Choose at least one option.")],
            description="Select all that apply.",
        )
    if version.kind == "ordering":
        items = [(o.slug, o.text) for o in sorted(options, key=lambda o: o.position)]
        rows = _shuffled(items, seed, version, "items")
        if rows == items and len(rows) > 1:  # never hand out the answer as the starting order
            rows = rows[1:] + rows[:1]
        return OrderingField(
            version.prompt,
            rows=rows,
            choices=[(str(n), str(n)) for n in range(1, len(rows) + 1)],
            description=f"Give each item its place: 1 for the first, {len(rows)} for the last.",
        )
    if version.kind == "matching":
        right = [(o.slug, o.match_text or o.text) for o in options]
        offered = _shuffled(right, seed, version, "matches")
        return MatchingField(
            version.prompt,
            rows=[(o.slug, o.text) for o in options if o.match_text is not None],
            choices=[(str(n), text) for n, (_, text) in enumerate(offered, start=1)],
            choice_ids=[(str(n), slug) for n, (slug, _) in enumerate(offered, start=1)],
            description="Choose a match for each item. A wrong match cancels a right one; "
            "a row left blank counts neither way.",
        )
    if version.kind == "short_answer":
        return StringField(
            version.prompt,
            validators=[
                DataRequired("Type an answer."),
                Length(max=MAX_SHORT_ANSWER, message="Keep your answer under 200 characters."),
            ],
            filters=[_strip],
            description="Type a word or a short phrase. Capitals and punctuation do not matter.",
        )
    return SingleChoiceField(
        version.prompt,
        choices=shuffled_choices(version, seed),
        validators=[InputRequired("Choose an answer.")],
    )


def build_quiz_form(
    versions: Sequence[QuestionVersion], seed: str, form_class: type[QuizForm] = QuizForm
) -> QuizForm:
    """A form for these questions in the order ``seed`` gives. The seed travels with the form, so
    a form re-rendered after an error keeps the order the learner saw."""

    # A class of its own per form, built with its metaclass, so the fields are this form's alone.
    _QuizForm = types.new_class("_QuizForm", (form_class,))
    for version in versions:
        setattr(_QuizForm, field_name(version), _question_field(version, seed))

    form = _QuizForm()
    form.question_fields = [(v, form[field_name(v)]) for v in versions]
    if not form.is_submitted():
        form.submission_token.data = new_token()
        form.order_seed.data = seed
    return form
