from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from . import services
from .forms import LoginForm, PasswordChangeForm, RegisterForm
from .redirects import safe_next_path
from .throttling import record_password_failure

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to continue."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(login_id: str):
    return services.load_user_from_session(login_id)


def _next_or_home() -> str:
    return safe_next_path(request.args.get("next")) or url_for("courses.overview")


def _start_session(user, remember: bool) -> None:
    # A fresh session at login: nothing from before (e.g. a planted session) carries over.
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("courses.overview"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                form.email.data,
                form.display_name.data,
                form.password.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.EmailTaken:
            form.email.errors.append("An account with this email already exists. Log in instead?")
        else:
            db.session.commit()
            _start_session(user, remember=False)
            flash(
                f"Welcome, {user.display_name}! Your progress will be saved as you go.", "success"
            )
            return redirect(_next_or_home())
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_next_or_home())
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data,
                form.password.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.AccountDisabled:
            form.email.errors.append(
                "This account has been deactivated. Ask your teacher or the site administrator "
                "to reactivate it."
            )
        else:
            if user is None:
                record_password_failure()
                form.password.errors.append("That email and password do not match an account.")
            else:
                db.session.commit()
                _start_session(user, remember=form.remember.data)
                flash(f"Welcome back, {user.display_name}.", "success")
                return redirect(_next_or_home())
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    # Rotating the token invalidates this and every other session or remember-me cookie.
    services.account(current_user).end_all_sessions()
    db.session.commit()
    logout_user()
    flash("You have been logged out.", "info")
    return redirect(url_for("courses.overview"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    # The current password is asked for, so a session restored from a remember-me cookie (not
    # "fresh") needs no separate re-login first.
    form = PasswordChangeForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        user = services.account(current_user)
        try:
            services.change_password(
                user,
                form.current_password.data,
                form.new_password.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.WrongPassword:
            record_password_failure()
            form.current_password.errors.append("That is not your current password.")
        else:
            db.session.commit()
            # The new token ended every session, this one too: start this one again with it,
            # renewing this browser's remember-me cookie if it had one.
            remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            _start_session(user, remember=remember_cookie in request.cookies)
            flash(
                "Your password has been changed. You have been logged out on every other device.",
                "success",
            )
            return redirect(url_for("courses.overview"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200
