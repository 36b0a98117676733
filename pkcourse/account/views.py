import json
import smtplib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from .. import mail
from ..auth.services import EmailTaken, WrongPassword, account, find_user_by_email
from ..extensions import db
from ..teaching.services import can_teach, class_for_teacher, learner_in_class
from ..urls import external_url_for
from . import reset, services
from .forms import (
    DeleteAccountForm,
    DisplayNameForm,
    EmailForm,
    ForgotPasswordForm,
    ResetPasswordForm,
)

bp = Blueprint("account", __name__, url_prefix="/account")

SENT = (
    "If an account uses that address, a message with a link to choose a new password is on its "
    "way. The link works once, for an hour. Nothing arrived? Check the spam folder, or ask your "
    "teacher for a reset link."
)


def _reset_link(user, kind: str) -> str:
    """The link, absolute when the site's host is known (``urls.external_url_for``); a forged
    Host header only ever gets a site-relative path, which is never e-mailed."""
    return external_url_for("account.reset_password", token=reset.reset_token(user, kind))


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """The same answer whether or not the address has an account, so the page cannot be used to
    find out who is registered."""
    if not mail.is_configured():
        return render_template("account/forgot_password.html", form=None)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        link = _reset_link(user, reset.BY_EMAIL) if user is not None and user.is_active else None
        if link is not None and not link.startswith(("http://", "https://")):
            current_app.logger.error(
                "password reset e-mail not sent: set PKCOURSE_SERVER_NAME or PKCOURSE_TRUSTED_HOSTS"
            )
        elif link is not None and user is not None:
            try:
                mail.send(
                    user.email,
                    "Choose a new password",
                    render_template("account/reset_email.txt", user=user, link=link),
                )
            except (OSError, smtplib.SMTPException):
                current_app.logger.exception("password reset e-mail to user %s failed", user.id)
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("account/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = reset.user_for_reset_token(token)
    if user is None:
        return render_template("account/reset_invalid.html"), 400
    form = ResetPasswordForm()
    form.account_email = user.email  # the password policy refuses a password made of it
    if form.validate_on_submit():
        services.reset_password(
            user, form.new_password.data, hash_method=current_app.config["PASSWORD_HASH_METHOD"]
        )
        db.session.commit()
        # every other session of the account ended with the new token; this one starts afresh
        session.clear()
        login_user(user)
        flash("Your password has been changed, and you are logged in.", "success")
        return redirect(url_for("courses.overview"))
    return render_template("account/reset_password.html", form=form, user=user), (
        400 if form.errors else 200
    )


@bp.post("/reset-links/<int:class_id>/<int:user_id>")
@login_required
def issue_reset_link(class_id: int, user_id: int):
    """A teacher hands a learner of their class a single-use link (for schools without e-mail)."""
    if not can_teach(current_user):
        abort(403, "This page is for teachers.")
    classroom = class_for_teacher(class_id, current_user.id)
    learner = learner_in_class(classroom, user_id) if classroom else None
    if learner is None or learner.id == current_user.id:
        abort(404)
    return render_template(
        "account/reset_link.html",
        classroom=classroom,
        learner=learner,
        link=_reset_link(learner, reset.BY_HAND),
        days=current_app.config["PASSWORD_RESET_ISSUED_MAX_AGE"] // 86400,
    )


@bp.get("")
@login_required
def profile():
    return _profile_page(DisplayNameForm(formdata=None, obj=current_user), _email_form())


def _email_form() -> EmailForm:
    form = EmailForm(formdata=None)
    form.email.data = current_user.email
    return form


def _profile_page(name_form, email_form, status: int = 200):
    return render_template(
        "account/profile.html", name_form=name_form, email_form=email_form
    ), status


@bp.post("/name")
@login_required
def change_name():
    form = DisplayNameForm()
    if form.validate_on_submit():
        services.change_display_name(account(current_user), form.display_name.data)
        db.session.commit()
        flash("Your name has been changed.", "success")
        return redirect(url_for("account.profile"))
    return _profile_page(form, _email_form(), 400)


@bp.post("/email")
@login_required
def change_email():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            services.change_email(
                account(current_user),
                form.password.data,
                form.email.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except WrongPassword:
            form.password.errors.append("That is not your password.")
        except EmailTaken:
            form.email.errors.append("Another account already uses this email.")
        else:
            db.session.commit()
            flash("Your email has been changed; use it to log in from now on.", "success")
            return redirect(url_for("account.profile"))
    name_form = DisplayNameForm(formdata=None, obj=current_user)
    return _profile_page(name_form, form, 400)


def _download(body: str, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="my-data.{extension}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/data.json")
@login_required
def data_json():
    data = services.learner_data(account(current_user))
    return _download(json.dumps(data, indent=2, ensure_ascii=False), "application/json", "json")


@bp.get("/data.csv")
@login_required
def data_csv():
    data = services.learner_data(account(current_user))
    return _download(services.learner_data_csv(data), "text/csv; charset=utf-8", "csv")


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(
                account(current_user),
                form.password.data,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except WrongPassword:
            form.password.errors.append("That is not your password.")
        except services.OwnsClasses:
            form.password.errors.append(
                "Your account has classes. Ask an administrator to hand them over first."
            )
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash("Your account and everything recorded about you have been deleted.", "info")
            return redirect(url_for("courses.overview"))
    return render_template("account/delete.html", form=form), 400 if form.errors else 200
