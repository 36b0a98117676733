from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from ..names import VisibleName, name_filter
from .passwords import PASSWORD_MAX_LENGTH, PASSWORD_RULES, password_problem


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class PasswordPolicy:
    """WTForms validator applying ``passwords.password_problem``. The account's email is the
    form's ``email`` field, or the form's ``account_email`` attribute when it has no such field."""

    def __call__(self, form, field) -> None:
        email = getattr(form, "account_email", None)
        if email is None and "email" in form:
            email = form["email"].data
        if problem := password_problem(field.data or "", email=email):
            raise ValidationError(problem)


def new_password_validators() -> list:
    """The rules for every new password, at registration and at a password change."""
    return [InputRequired("Choose a password."), PasswordPolicy()]


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Email(message="Enter a valid email address, like name@example.com."),
            Length(max=254),
        ],
        filters=[strip],
    )
    display_name = StringField(
        "Display name",
        description="Shown on your progress and to your teacher.",
        validators=[
            DataRequired("Enter the name you want to be shown."),
            Length(max=80, message="Use at most 80 characters."),
            VisibleName(),
        ],
        filters=[name_filter],
    )
    password = PasswordField(
        "Password",
        description=PASSWORD_RULES,
        validators=new_password_validators(),
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[
            InputRequired("Repeat your password."),
            EqualTo("password", message="The passwords do not match."),
        ],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        filters=[strip],
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password."), Length(max=PASSWORD_MAX_LENGTH)],
    )
    remember = BooleanField("Keep me signed in on this device")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[
            InputRequired("Enter your current password."),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
    )
    new_password = PasswordField(
        "New password",
        description=PASSWORD_RULES,
        validators=new_password_validators(),
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[
            InputRequired("Repeat your new password."),
            EqualTo("new_password", message="The passwords do not match."),
        ],
    )
