from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..courses import services as courses
from ..courses.views import course_or_404
from ..extensions import db
from . import services
from .forms import build_quiz_form, is_valid_token, new_token
from .grading import InvalidResponse
from .review import review_items

bp = Blueprint("quizzes", __name__)


@bp.route("/modules/<slug>/quiz", methods=["GET", "POST"])
@login_required
def take_quiz(slug: str):
    course = course_or_404()
    module = courses.get_lesson(course, slug)
    if module is None:
        abort(404)
    versions = services.current_questions(module)

    if request.method == "POST":
        token = request.form.get("submission_token")
        if not is_valid_token(token) or not is_valid_token(request.form.get("order_seed")):
            abort(400, "This quiz form is incomplete. Reload the quiz and try again.")
        already = services.find_attempt_by_token(token)
        if already is not None:
            if already.user_id != current_user.id:
                abort(400, "This quiz form is not valid. Reload the quiz and try again.")
            flash("This quiz was already submitted; here is its result.", "info")
            return redirect(url_for("quizzes.result", attempt_id=already.id))
        form = build_quiz_form(versions, request.form["order_seed"])
    else:
        form = build_quiz_form(versions, new_token())

    if versions and form.validate_on_submit():
        try:
            attempt = services.submit_attempt(
                current_user.id,
                module,
                versions,
                form.responses(),
                form.submission_token.data,
                course.pass_mark,
            )
        except InvalidResponse:
            abort(400, "Some answers did not match this quiz. Reload the quiz and try again.")
        db.session.commit()
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))

    if form.errors:
        flash("Please answer every question; the ones still open are marked.", "error")
    return render_template(
        "quizzes/quiz.html", course=course, module=module, form=form
    ), 400 if form.errors else 200


@bp.get("/attempts/<int:attempt_id>")
@login_required
def result(attempt_id: int):
    attempt = services.get_attempt_for_user(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    return render_template(
        "quizzes/result.html",
        attempt=attempt,
        module=attempt.module,
        review=review_items(attempt.answers),
    )
