from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

PASSWORD_MIN_LENGTH = 10


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email", validators=[InputRequired(), Email(message="Enter a valid email address."),
                             Length(max=254)]
    )
    display_name = StringField(
        "Display name",
        description="Shown on your progress and to your teacher.",
        validators=[InputRequired(), Length(min=1, max=80)],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField(
        "Password",
        description=f"At least {PASSWORD_MIN_LENGTH} characters.",
        validators=[
            InputRequired(),
            Length(min=PASSWORD_MIN_LENGTH, max=200,
                   message=f"Use at least {PASSWORD_MIN_LENGTH} characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this device")


