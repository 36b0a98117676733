"""Regrading from the teacher's question analysis (GET preview, POST apply), and the admin's list
of certificates a regrade no longer supports (POST to withdraw or keep each)."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.models import Role
from ..courses.views import course_or_404
from ..extensions import db
from ..teaching.services import class_for_teacher
from ..teaching.views import teacher_required
from . import services
from .models import Decision

bp = Blueprint("regrading", __name__)


def _question_or_404(question_id: int):
    question = services.find_question(question_id)
    if question is None or question.module.course_id != course_or_404().id:
        abort(404)
    return question


@bp.route(
    "/teach/classes/<int:class_id>/questions/<int:question_id>/regrade", methods=["GET", "POST"]
)
@teacher_required
def regrade(class_id: int, question_id: int):
    """The preview of regrading the question's answers on its current version; POST applies it
    (then back here, where the audit entry shows)."""
    classroom = class_for_teacher(class_id, current_user.id)
    if classroom is None:
        abort(404)
    question = _question_or_404(question_id)
    scope = services.scope_for(current_user)
    if request.method == "POST":
        applied = services.apply(question, scope, current_user.id)
        db.session.commit()
        if applied.regrade is None:
            flash("Nothing to regrade: every answer is already graded on this version.", "info")
        else:
            flash(
                f"Regraded: {applied.regrade.attempts_changed} attempt(s) changed, "
                f"{applied.certificates_issued} certificate(s) issued.",
                "success",
            )
        return redirect(url_for(".regrade", class_id=class_id, question_id=question_id))
    prepared = services.prepare(question, scope)
    is_admin = current_user.role == Role.ADMIN
    return render_template(
        "regrading/preview.html",
        classroom=classroom,
        prepared=prepared,
        plan=prepared.plan,
        history=services.history(question),
        is_admin=is_admin,
        pending_withdrawals=services.count_pending_withdrawals() if is_admin else 0,
    )


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role != Role.ADMIN:
            abort(403, "This page is for admins.")
        return view(*args, **kwargs)

    return wrapped


@bp.get("/admin/certificates/withdrawals")
@admin_required
def withdrawals():
    return render_template(
        "regrading/withdrawals.html", certificates=services.pending_withdrawals()
    )


@bp.post("/admin/certificates/<int:certificate_id>/review")
@admin_required
def review(certificate_id: int):
    try:
        decision = Decision(request.form.get("decision", ""))
    except ValueError:
        abort(400)
    reviewed = services.decide(certificate_id, decision, current_user.id)
    if reviewed is None:
        abort(404)
    db.session.commit()
    if decision is Decision.WITHDRAWN:
        flash(f"Certificate {reviewed.certificate_code} withdrawn.", "success")
    else:
        flash(f"Certificate {reviewed.certificate_code} kept.", "success")
    return redirect(url_for(".withdrawals"))
