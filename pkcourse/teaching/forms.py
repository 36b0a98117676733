from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..names import VisibleName, name_filter
from .codes import is_plausible_code, normalise_code


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ClassForm(FlaskForm):
    name = StringField(
        "Class name",
        filters=[name_filter],
        validators=[
            DataRequired("Give the class a name, for example “Year 11 History”."),
            Length(max=120, message="Keep the name under 120 characters."),
            VisibleName(),
        ],
    )


class JoinCodeForm(FlaskForm):
    """Typed in by a learner; read from the query string, so it needs no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(
        "Join code",
        description=(
            "The eight-character code your teacher gave you, for example ABCD-EFGH. Codes use "
            "capital letters and digits, but never 0, 1, 5, I, L, O or S, which are easily "
            "mixed up."
        ),
        filters=[lambda value: normalise_code(value) if isinstance(value, str) else value],
        validators=[DataRequired("Enter the join code your teacher gave you.")],
    )

    def validate_code(self, field) -> None:
        if not is_plausible_code(field.data):
            raise ValidationError(
                "That does not look like a join code: it has eight letters and digits, "
                "for example ABCD-EFGH."
            )


class CoTeacherForm(FlaskForm):
    email = EmailField(
        "Colleague's e-mail address",
        description="They need a teacher account here already.",
        filters=[_strip],
        validators=[
            DataRequired("Enter your colleague's e-mail address."),
            Length(max=254, message="That is too long for an e-mail address."),
        ],
    )


class DeleteClassForm(FlaskForm):
    """Typed confirmation: the class's name, so that a class is never deleted by a slip."""

    typed = StringField("Type the class's name to confirm", filters=[name_filter])

    def __init__(self, class_name: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.class_name = class_name

    def validate_typed(self, field) -> None:
        if (field.data or "") != self.class_name:
            raise ValidationError(f"Type the name exactly as shown: {self.class_name}")


class QuestionFlagForm(FlaskForm):
    """A learner's note on one question of their result page."""

    question_version_id = IntegerField(validators=[InputRequired()])
    reason = RadioField(
        "What is the problem?",
        choices=[
            SelectChoice("wrong", "The question or its answer seems wrong"),
            SelectChoice("unclear", "The question is unclear"),
        ],
        validators=[InputRequired("Choose what the problem is.")],
    )
    comment = TextAreaField(
        "Comment (optional)",
        filters=[_strip],
        validators=[Length(max=1000, message="Keep the comment under 1,000 characters.")],
    )
