"""The quiz form, built from the questions: one field per question (made by its kind), its
choices shuffled per form.

Nothing in the page tells a learner the key. Shuffles are keyed with the app's secret, so the
order seed that travels in the form does not let anyone recompute which option came first in the
file; kinds whose ids could give the answer away (ordering items, matching and gap-fill choices)
send their choices under their display position ("1", "2", …).
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
from wtforms import Field, HiddenField
from wtforms.validators import InputRequired, Regexp

from ..courses.models import QuestionVersion
from .kinds import KINDS

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class QuizForm(FlaskForm):
    submission_token = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])
    order_seed = HiddenField(validators=[InputRequired(), Regexp(TOKEN_PATTERN)])
    # what the server served: signed, see ``sign_served`` (practice, which stores nothing, has none)
    served = HiddenField()

    question_fields: list[tuple[QuestionVersion, Field]]
    keep_markup: bool = True  # see build_quiz_form

    def responses(self) -> dict[str, Any]:
        """Question version id -> the response the grader expects for its kind."""
        return {
            str(version.id): KINDS[version.kind].form_response(field)
            for version, field in self.question_fields
        }


SERVED_SALT = "pkcourse.served-quiz"


def _served_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt=SERVED_SALT)


def sign_served(
    user_id: int, module_id: int, version_ids: Sequence[int], seed: str, token: str
) -> str:
    """A tamper-proof record of a quiz as served: to whom, which quiz, which question versions
    (the final assessment's draw) in which order (the seed), under which submission token. A
    submission is graded only against what it says, so a stale, refilled or borrowed form is
    refused instead of storing answers the learner never saw. Readable, but it names question
    versions, not answers."""
    return _served_serializer().dumps(
        {"u": user_id, "m": module_id, "q": list(version_ids), "s": seed, "t": token}
    )


def read_served(
    value: str | None, user_id: int, module_id: int, seed: str, token: str
) -> list[int] | None:
    """The question version ids of a quiz served to this learner, quiz, seed and token, or None
    for anything else (forged, altered, someone else's, or another form's)."""
    if not value:
        return None
    try:
        data = _served_serializer().loads(value)
    except BadSignature:
        return None
    if not isinstance(data, dict) or (
        data.get("u"),
        data.get("m"),
        data.get("s"),
        data.get("t"),
    ) != (user_id, module_id, seed, token):
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


def _shuffler(seed: str, version: QuestionVersion):
    """``shuffle(items, purpose)`` for one question: a uniformly random order fixed by the seed,
    the question and the purpose, unpredictable without the app's secret key. The order never
    depends on which item is the key (any start, the right one included, is equally likely)."""
    key = str(current_app.config["SECRET_KEY"]).encode()

    def shuffle(items: list, purpose: str) -> list:
        message = f"{purpose}:{seed}:{version.question_id}".encode()
        shuffled = list(items)
        random.Random(hmac.new(key, message, hashlib.sha256).digest()).shuffle(shuffled)
        return shuffled

    return shuffle


# Form classes kept per app (about 30 KB each); when full, the store starts again (a class is
# cheap to build again). Only the lesson quizzes' are kept: a course has a few dozen at most.
MAX_FORM_CLASSES = 64


def quiz_form_class(versions: Sequence[QuestionVersion], *, keep: bool = True) -> type[QuizForm]:
    """The form class for these questions: one field per question, made by its kind, its choices
    in the authored order. Built once per app unless ``keep`` is False (a final-assessment draw,
    which hardly ever comes again): a question version never changes (an edit makes a new one).
    The key holds the content hash too, so a database rebuilt under a running app cannot meet a
    class made for another question under the same id."""
    if not keep:
        return _new_form_class(versions)
    classes: dict[tuple, type[QuizForm]] = current_app.extensions.setdefault(
        "pkcourse.quiz_form_classes", {}
    )
    key = tuple((version.id, version.content_hash) for version in versions)
    form_class = classes.get(key)
    if form_class is None:
        form_class = _new_form_class(versions)
        if len(classes) >= MAX_FORM_CLASSES:
            classes.clear()
        classes[key] = form_class
    return form_class


def _new_form_class(versions: Sequence[QuestionVersion]) -> type[QuizForm]:
    # A class of its own per quiz, built with its metaclass, so the fields are this quiz's.
    form_class = types.new_class("_QuizForm", (QuizForm,))
    for version in versions:
        setattr(form_class, field_name(version), KINDS[version.kind].field(version))
    return form_class


def build_quiz_form(
    versions: Sequence[QuestionVersion], seed: str, *, fresh: bool = False, keep: bool = True
) -> QuizForm:
    """A form for these questions in the order ``seed`` gives. The seed travels with the form, so
    a form re-rendered after an error keeps the order the learner saw. ``fresh`` ignores what
    the request sent (a new quiz in answer to a refused submission). ``keep`` False: neither its
    class nor its questions' markup is kept for the next form (a final-assessment draw)."""
    form_class = quiz_form_class(versions, keep=keep)
    form = form_class(formdata=None) if fresh else form_class()
    form.keep_markup = keep
    form.question_fields = [(v, form[field_name(v)]) for v in versions]
    # Binding read the answers by value or by row position, which the order leaves alone: it only
    # has to be set before the fields are rendered, validated or read.
    for version, field in form.question_fields:
        KINDS[version.kind].arrange(field, _shuffler(seed, version))
    if fresh or not form.is_submitted():
        form.submission_token.data = new_token()
        form.order_seed.data = seed
    return form
