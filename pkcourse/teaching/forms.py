from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..names import VisibleName, name_filter
from .codes import is_plausible_code, normalise_code


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
        description="The eight-character code your teacher gave you, for example ABCD-EFGH.",
        filters=[lambda value: normalise_code(value) if isinstance(value, str) else value],
        validators=[DataRequired("Enter the join code your teacher gave you.")],
    )

    def validate_code(self, field) -> None:
        if not is_plausible_code(field.data):
            raise ValidationError(
                "That does not look like a join code: it has eight letters and digits, "
                "for example ABCD-EFGH."
            )
