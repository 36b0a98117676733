from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

PASSWORD_MIN_LENGTH = 10


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def new_password_validators() -> list:
    """The rules for every new password, at registration and at a password change."""
    return [
        InputRequired("Choose a password."),
        Length(
            min=PASSWORD_MIN_LENGTH,
            max=200,
            message=f"Use at least {PASSWORD_MIN_LENGTH} characters.",
        ),
    ]


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
        ],
        filters=[strip],
    )
    password = PasswordField(
        "Password",
        description=f"At least {PASSWORD_MIN_LENGTH} characters.",
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
        "Password", validators=[InputRequired("Enter your password."), Length(max=200)]
    )
    remember = BooleanField("Keep me signed in on this device")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), Length(max=200)],
    )
    new_password = PasswordField(
        "New password",
        description=f"At least {PASSWORD_MIN_LENGTH} characters.",
        validators=new_password_validators(),
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[
            InputRequired("Repeat your new password."),
            EqualTo("new_password", message="The passwords do not match."),
        ],
    )
