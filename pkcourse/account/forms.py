from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, InputRequired, Length

from ..auth.forms import PasswordChangeForm, RegisterForm, strip

# The same fields, with the same rules, as registration and a password change: one policy.
_current_password = PasswordField(
    "Your password", validators=[InputRequired("Enter your password."), Length(max=200)]
)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        filters=[strip],
    )


class ResetPasswordForm(FlaskForm):
    new_password = PasswordChangeForm.new_password
    confirm = PasswordChangeForm.confirm


class DisplayNameForm(FlaskForm):
    display_name = RegisterForm.display_name


class EmailForm(FlaskForm):
    email = RegisterForm.email
    password = _current_password


class DeleteAccountForm(FlaskForm):
    password = _current_password
