"""Teacher pages under /teach, and the learner's side of classes: joining by link or code.

Access: anonymous visitors are sent to log in; learners get 403 on every teacher page; a teacher
gets 404 for a class, learner or attempt that is not in one of their own classes.
"""

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.models import User
from ..courses import services as courses
from ..courses.views import course_or_404
from ..extensions import db
from ..progress.services import learner_path
from ..quizzes.review import review_items
from ..quizzes.services import attempts_for_user, get_attempt_for_user
from ..timeutil import utcnow
from . import exports, reports, services, stats
from .charts import histogram, stacked_rows
from .codes import display_code, is_plausible_code, normalise_code
from .forms import ClassForm, JoinCodeForm
from .models import Classroom

bp = Blueprint("teaching", __name__)


def teacher_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not services.can_teach(current_user):
            abort(403, "This page is for teachers.")
        return view(*args, **kwargs)

    return wrapped


def _own_class(class_id: int) -> Classroom:
    classroom = services.class_for_teacher(class_id, current_user.id)
    if classroom is None:
        abort(404)
    return classroom


def _own_learner(class_id: int, user_id: int) -> tuple[Classroom, User]:
    """The teacher's class and a learner in it, or 404 for anything else."""
    classroom = _own_class(class_id)
    learner = services.learner_in_class(classroom, user_id)
    if learner is None:
        abort(404)
    return classroom, learner


@bp.app_template_filter("join_code")
def _join_code_filter(code: str) -> str:
    return display_code(code)


@bp.route("/teach", methods=["GET", "POST"])
@teacher_required
def dashboard():
    course = course_or_404()
    form = ClassForm()
    if form.validate_on_submit():
        classroom = services.create_class(current_user.id, form.name.data)
        db.session.commit()
        flash(
            f"Class “{classroom.name}” created. Share its join link with your learners.",
            "success",
        )
        return redirect(url_for("teaching.gradebook", class_id=classroom.id))
    summaries = reports.class_summaries(current_user.id, course)
    return render_template(
        "teaching/dashboard.html", course=course, form=form, summaries=summaries
    ), 400 if form.errors else 200


@bp.get("/teach/classes/<int:class_id>")
@teacher_required
def gradebook(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()
    book = reports.gradebook(
        classroom,
        course,
        sort=request.args.get("sort", "name"),
        descending=request.args.get("dir") == "desc",
    )
    return render_template(
        "teaching/gradebook.html",
        course=course,
        classroom=classroom,
        modules=[column.module for column in book.columns],
        lesson_count=len(courses.active_modules(course)),
        book=book,
        completion=_completion_chart(book),
        distributions=_distribution_charts(book),
        bands=reports.SCORE_BANDS,
        join_url=url_for("teaching.join", code=classroom.join_code, _external=True),
    )


CHART_WIDTH = 480
ROW_PITCH = 44
COMPLETION_KINDS = ("passed", "in_progress", "not_started")


def _completion_chart(book: reports.Gradebook):
    size = book.summary.size
    rows = [
        (c.module.title, (c.passed, c.attempted - c.passed, size - c.attempted))
        for c in book.columns
    ]
    return stacked_rows(rows, COMPLETION_KINDS, size, width=CHART_WIDTH, pitch=ROW_PITCH)


def _distribution_charts(book: reports.Gradebook):
    labels = [label for label, _ in reports.SCORE_BANDS]
    return [
        (column, histogram(column.bands, labels, width=200, height=90, gap=6))
        for column in book.columns
    ]


@bp.post("/teach/classes/<int:class_id>/code")
@teacher_required
def rotate_code(class_id: int):
    classroom = _own_class(class_id)
    code = services.rotate_code(classroom)
    db.session.commit()
    flash(
        f"New join code {display_code(code)}. The old code and link no longer work; "
        "learners already in the class stay in it.",
        "success",
    )
    return redirect(url_for("teaching.gradebook", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/learners/<int:user_id>/remove")
@teacher_required
def remove_learner(class_id: int, user_id: int):
    classroom, learner = _own_learner(class_id, user_id)
    services.remove_learner(classroom, user_id)
    db.session.commit()
    flash(
        f"{learner.display_name} was removed from “{classroom.name}”. Their attempts are kept.",
        "success",
    )
    return redirect(url_for("teaching.gradebook", class_id=class_id))


@bp.get("/teach/classes/<int:class_id>/learners/<int:user_id>")
@teacher_required
def learner(class_id: int, user_id: int):
    classroom, learner = _own_learner(class_id, user_id)
    course = course_or_404()
    modules = courses.quiz_modules(course)
    attempts = attempts_for_user(user_id, [m.id for m in modules])
    by_module = {m.id: [a for a in attempts if a.module_id == m.id] for m in modules}
    return render_template(
        "teaching/learner.html",
        classroom=classroom,
        learner=learner,
        course=course,
        modules=modules,
        path=learner_path(user_id, course),
        attempts_by_module=by_module,
    )


@bp.get("/teach/classes/<int:class_id>/learners/<int:user_id>/attempts/<int:attempt_id>")
@teacher_required
def attempt(class_id: int, user_id: int, attempt_id: int):
    classroom, learner = _own_learner(class_id, user_id)
    attempt = get_attempt_for_user(attempt_id, user_id)
    if attempt is None:
        abort(404)
    return render_template(
        "teaching/attempt.html",
        classroom=classroom,
        learner=learner,
        attempt=attempt,
        module=courses.module_of(course_or_404(), attempt.module_id) or attempt.module,
        review=review_items(attempt.answers),
    )


@bp.get("/teach/classes/<int:class_id>/questions")
@teacher_required
def questions(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()
    modules = courses.active_modules(course)
    question_reports = reports.question_analysis(classroom, course)
    flagged = sorted(
        (r for r in question_reports if stats.needs_a_look(r.analysis)),
        key=lambda r: stats.severity(r.analysis),
    )
    return render_template(
        "teaching/questions.html",
        classroom=classroom,
        modules=modules,
        reports=question_reports,
        flagged=flagged,
        answered=any(r.analysis.respondents for r in question_reports),
    )


@bp.get("/teach/classes/<int:class_id>/gradebook.csv")
@teacher_required
def gradebook_csv(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()
    book = reports.gradebook(classroom, course)
    header, rows = exports.gradebook_table(book)
    return _csv_response(exports.to_csv(header, rows), classroom, "gradebook")


@bp.get("/teach/classes/<int:class_id>/attempts.csv")
@teacher_required
def attempts_csv(class_id: int):
    classroom = _own_class(class_id)
    modules = courses.quiz_modules(course_or_404())
    header, rows = exports.attempts_table(reports.class_attempts(classroom, modules))
    return _csv_response(exports.to_csv(header, rows), classroom, "attempts")


def _csv_response(text: str, classroom: Classroom, what: str) -> Response:
    filename = f"class-{classroom.id}-{what}-{utcnow().date().isoformat()}.csv"
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# The learner's side: joining a class.


@bp.get("/classes/join")
@login_required
def enter_code():
    form = JoinCodeForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("teaching.join", code=form.code.data))
    return render_template("teaching/enter_code.html", form=form), 400 if form.errors else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join(code: str):
    normalised = normalise_code(code)
    classroom = services.class_by_code(normalised) if is_plausible_code(normalised) else None
    if classroom is None:
        abort(404, "This join code is not valid (any more). Ask your teacher for the current link.")
    if request.method == "POST":
        if classroom.teacher_id == current_user.id:
            flash("This is your own class; learners join it with this link.", "info")
            return redirect(url_for("teaching.gradebook", class_id=classroom.id))
        if services.join(classroom, current_user.id):
            flash(
                f"You joined “{classroom.name}”. Your teacher can now see your progress.", "success"
            )
        else:
            flash(f"You are already in “{classroom.name}”.", "info")
        db.session.commit()
        return redirect(url_for("courses.overview"))
    return render_template(
        "teaching/join.html",
        classroom=classroom,
        already=services.is_member(classroom.id, current_user.id),
        is_owner=classroom.teacher_id == current_user.id,
    )
