"""Teacher pages under /teach, and the learner's side of classes: joining by link or code.

Access: anonymous visitors are sent to log in; learners get 403 on every teacher page; a teacher
gets 404 for a class, learner or attempt that is not in one of their own classes.
"""

import secrets
from collections import Counter
from functools import partial, wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import select

from ..auth.models import User
from ..courses import services as courses
from ..courses.views import course_or_404
from ..extensions import db
from ..progress.services import learner_path
from ..quizzes.review import name_misconceptions, review_items
from ..quizzes.services import attempts_for_user, get_attempt_for_user
from ..regrading import services as regrading
from ..timeutil import utcnow
from ..urls import external_url_for
from . import exports, heatmap, reports, services, snapshots, stats
from .charts import histogram, stacked_rows
from .codes import display_code, is_plausible_code, normalise_code, qr_svg
from .forms import ClassForm, CoTeacherForm, DeleteClassForm, JoinCodeForm, QuestionFlagForm
from .models import Classroom, Membership

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


def _changeable_class(class_id: int) -> Classroom:
    """The teacher's class for a change; an archived class is read-only, so the request ends in a
    redirect that says so."""
    classroom = _own_class(class_id)
    if classroom.is_archived:
        flash(f"“{classroom.name}” is archived and read-only. Restore it to change it.", "error")
        abort(redirect(url_for("teaching.settings", class_id=class_id)))
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
    summaries = reports.class_summaries(services.class_ids_taught(current_user.id), course)
    return render_template(
        "teaching/dashboard.html",
        course=course,
        form=form,
        summaries=summaries,
        archived=services.archived_classes(current_user.id),
    ), 400 if form.errors else 200


@bp.get("/teach/classes/<int:class_id>")
@teacher_required
def gradebook(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()
    book = _gradebook(
        classroom, course, request.args.get("sort", "name"), request.args.get("dir") == "desc"
    )
    # The page's content shows nothing about who is looking, so it is rendered once per class,
    # order and key, and kept with the reports (teaching/snapshots.py).
    body = _kept(
        classroom,
        course,
        ("gradebook page", book.sort, book.descending, classroom.name, classroom.is_archived),
        lambda: Markup(
            render_template(
                "teaching/_gradebook.html",
                course=course,
                classroom=classroom,
                modules=[column.module for column in book.columns],
                lesson_count=len(courses.active_modules(course)),
                book=book,
            )
        ),
        names=True,
    )
    return render_template("teaching/gradebook.html", classroom=classroom, body=body)


def _kept(classroom: Classroom, course, name, build, *, names: bool = False):
    """A report of the class, computed once per process for what it is computed from (see
    teaching/snapshots.py); ``names`` for one that shows the learners' names or emails. The keys
    are read once per request."""
    keys = request_keys = g.get("class_report_keys")
    if keys is None or keys[0] != classroom.id:
        keys = (classroom.id, snapshots.class_key(classroom.id), None)
    if names and keys[2] is None:
        keys = (keys[0], keys[1], snapshots.names_key(classroom.id))
    if keys is not request_keys:
        g.class_report_keys = keys
    return snapshots.report(course, classroom, keys[1], name, build, keys[2] if names else None)


def _gradebook(classroom: Classroom, course, sort: str = "name", descending: bool = False):
    book = _kept(
        classroom, course, "gradebook", lambda: reports.gradebook(classroom, course), names=True
    )
    sort = reports.sort_used(book, sort)
    if (sort, descending) == (book.sort, book.descending):
        return book
    return _kept(
        classroom,
        course,
        ("gradebook", sort, descending),
        lambda: reports.sorted_by(book, sort, descending),
        names=True,
    )


@bp.get("/teach/classes/<int:class_id>/charts")
@teacher_required
def charts(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()
    book = _gradebook(classroom, course)
    bands = stats.score_bands(course.pass_mark)
    return render_template(
        "teaching/charts.html",
        course=course,
        classroom=classroom,
        book=book,
        completion=_completion_chart(book),
        distributions=_distribution_charts(book, bands),
        bands=bands,
    )


@bp.get("/teach/classes/<int:class_id>/invite")
@teacher_required
def invite(class_id: int):
    classroom = _own_class(class_id)
    join_url = external_url_for("teaching.join", code=classroom.join_code)
    return render_template(
        "teaching/invite.html",
        classroom=classroom,
        join_url=join_url,
        qr_svg=Markup(qr_svg(join_url)),
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


def _distribution_charts(book: reports.Gradebook, bands):
    labels = [label for label, _ in bands]
    return [
        (column, histogram(column.bands, labels, width=200, height=90, gap=6))
        for column in book.columns
    ]


def _confirmed() -> bool:
    """Destructive actions take two POSTs: the first shows a confirm page, whose form posts again
    with `confirmed`. Works without JavaScript, and a stray click changes nothing."""
    return request.form.get("confirmed") == "yes"


def _confirm_page(heading: str, explanation: list[str], button: str, cancel: str, **extra):
    return render_template(
        "teaching/confirm.html",
        heading=heading,
        explanation=explanation,
        button=button,
        cancel=cancel,
        action=request.path,
        **extra,
    )


@bp.post("/teach/classes/<int:class_id>/code")
@teacher_required
def rotate_code(class_id: int):
    classroom = _changeable_class(class_id)
    if not _confirmed():
        return _confirm_page(
            f"Make a new join code for “{classroom.name}”?",
            [
                f"The code {display_code(classroom.join_code)} and its link stop working at once. "
                "Learners already in the class stay in it; anyone still to join needs the new "
                "link or code."
            ],
            "Make a new code",
            url_for("teaching.invite", class_id=class_id),
        )
    code = services.rotate_code(classroom)
    db.session.commit()
    flash(
        f"New join code {display_code(code)}. The old code and link no longer work; "
        "learners already in the class stay in it.",
        "success",
    )
    return redirect(url_for("teaching.invite", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/learners/<int:user_id>/remove")
@teacher_required
def remove_learner(class_id: int, user_id: int):
    classroom, learner = _own_learner(class_id, user_id)
    if classroom.is_archived:
        _changeable_class(class_id)
    if not _confirmed():
        return _confirm_page(
            f"Remove {learner.display_name} from “{classroom.name}”?",
            [
                f"{learner.display_name} leaves the class and disappears from its gradebook. "
                "Their account, attempts and progress are kept, and they can join again with "
                "the class's join link."
            ],
            f"Remove {learner.display_name}",
            url_for("teaching.learner", class_id=class_id, user_id=user_id),
            danger=True,
        )
    services.remove_learner(classroom, user_id)
    db.session.commit()
    flash(
        f"{learner.display_name} was removed from “{classroom.name}”. Their attempts are kept.",
        "success",
    )
    return redirect(url_for("teaching.gradebook", class_id=class_id))


def _settings_page(classroom: Classroom, *, rename=None, co_teacher=None, status: int = 200):
    return render_template(
        "teaching/settings.html",
        classroom=classroom,
        rename_form=rename or ClassForm(name=classroom.name),
        co_teacher_form=co_teacher or CoTeacherForm(),
        co_teachers=services.co_teachers(classroom),
        is_owner=classroom.teacher_id == current_user.id,
    ), status


@bp.get("/teach/classes/<int:class_id>/settings")
@teacher_required
def settings(class_id: int):
    return _settings_page(_own_class(class_id))


@bp.post("/teach/classes/<int:class_id>/rename")
@teacher_required
def rename(class_id: int):
    classroom = _changeable_class(class_id)
    form = ClassForm()
    if not form.validate_on_submit():
        return _settings_page(classroom, rename=form, status=400)
    services.rename(classroom, form.name.data)
    db.session.commit()
    flash(f"The class is now called “{classroom.name}”.", "success")
    return redirect(url_for("teaching.settings", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/archive")
@teacher_required
def archive(class_id: int):
    classroom = _own_class(class_id)
    services.archive(classroom)
    db.session.commit()
    flash(
        f"“{classroom.name}” is archived: read-only, off your list of classes, and closed to new "
        "learners. You can restore it from here or from the foot of your classes page.",
        "success",
    )
    return redirect(url_for("teaching.settings", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/restore")
@teacher_required
def restore(class_id: int):
    classroom = _own_class(class_id)
    services.restore(classroom)
    db.session.commit()
    flash(f"“{classroom.name}” is restored and back on your list of classes.", "success")
    return redirect(url_for("teaching.gradebook", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/delete")
@teacher_required
def delete(class_id: int):
    classroom = _own_class(class_id)
    if classroom.teacher_id != current_user.id:
        abort(403, "Only the teacher who created the class can delete it.")
    form = DeleteClassForm(classroom.name)
    if not (_confirmed() and form.validate_on_submit()):
        if not _confirmed():
            form = DeleteClassForm(classroom.name, formdata=None)
        return _confirm_page(
            f"Delete “{classroom.name}”?",
            [
                "The class, its join code and its list of learners are deleted for good. The "
                "learners keep their accounts, attempts, progress and certificates.",
                "To keep the class's records but close it, archive it instead.",
            ],
            "Delete the class",
            url_for("teaching.settings", class_id=class_id),
            danger=True,
            form=form,
        ), 400 if form.errors else 200
    name = classroom.name
    services.delete_class(classroom)
    db.session.commit()
    flash(f"“{name}” was deleted. Its learners keep their own progress.", "success")
    return redirect(url_for("teaching.dashboard"))


@bp.post("/teach/classes/<int:class_id>/teachers")
@teacher_required
def add_co_teacher(class_id: int):
    classroom = _changeable_class(class_id)
    form = CoTeacherForm()
    if form.validate_on_submit():
        try:
            teacher = services.add_co_teacher(classroom, form.email.data)
        except services.CoTeacherError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{teacher.display_name} now teaches “{classroom.name}” with you.", "success")
            return redirect(url_for("teaching.settings", class_id=class_id))
    return _settings_page(classroom, co_teacher=form, status=400)


@bp.post("/teach/classes/<int:class_id>/teachers/<int:user_id>/remove")
@teacher_required
def remove_co_teacher(class_id: int, user_id: int):
    classroom = _own_class(class_id)
    if classroom.teacher_id != current_user.id and user_id != current_user.id:
        abort(403, "Only the teacher who created the class can remove other teachers.")
    teacher = next((t for t in services.co_teachers(classroom) if t.id == user_id), None)
    if teacher is None:
        abort(404)
    leaving = user_id == current_user.id
    if not _confirmed():
        return _confirm_page(
            "Stop teaching this class?" if leaving else f"Remove {teacher.display_name}?",
            [
                f"{'You' if leaving else teacher.display_name} will no longer see "
                f"“{classroom.name}”, its gradebook or its learners' answers. Nothing else "
                "changes."
            ],
            "Stop teaching it" if leaving else f"Remove {teacher.display_name}",
            url_for("teaching.settings", class_id=class_id),
            danger=True,
        )
    services.remove_co_teacher(classroom, user_id)
    db.session.commit()
    if leaving:
        flash(f"You no longer teach “{classroom.name}”.", "success")
        return redirect(url_for("teaching.dashboard"))
    flash(f"{teacher.display_name} no longer teaches “{classroom.name}”.", "success")
    return redirect(url_for("teaching.settings", class_id=class_id))


@bp.get("/teach/classes/<int:class_id>/article")
@teacher_required
def article(class_id: int):
    """The lesson text shaded by the share of the class's wrong first answers per passage."""
    classroom = _own_class(class_id)
    members = select(Membership.user_id).where(Membership.classroom_id == classroom.id)
    return _article_page(classroom, members)


@bp.get("/teach/classes/<int:class_id>/learners/<int:user_id>/article")
@teacher_required
def learner_article(class_id: int, user_id: int):
    """The same, for one learner of the class."""
    classroom, learner = _own_learner(class_id, user_id)
    return _article_page(classroom, select(User.id).where(User.id == learner.id), learner)


def _article_page(classroom: Classroom, learners, learner: User | None = None):
    course = course_or_404()
    lessons = courses.active_modules(course)
    slug = request.args.get("lesson") or (lessons[0].slug if lessons else "")
    lesson = courses.get_lesson(course, slug) if any(m.slug == slug for m in lessons) else None
    if lesson is None:
        abort(404)
    heats = heatmap.passage_heat(lesson, learners)
    return render_template(
        "teaching/article.html",
        classroom=classroom,
        learner=learner,
        lessons=lessons,
        lesson=lesson,
        heats=heats,
        shaded=heatmap.shade(lesson.lesson_html, heats),
        excerpts={h.anchor: heatmap.excerpt(lesson.lesson_html, h.anchor) for h in heats},
    )


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
    course = course_or_404()
    return render_template(
        "teaching/attempt.html",
        classroom=classroom,
        learner=learner,
        attempt=attempt,
        module=courses.module_of(course, attempt.module_id) or attempt.module,
        review=name_misconceptions(
            review_items(attempt.answers), partial(courses.misconception_texts, course)
        ),
    )


# Names for the kinds of flag, most serious first (stats.FLAG_ORDER).
FLAG_LABELS = {
    "likely_miskeyed": "Likely miskeyed",
    "negative_discrimination": "Negative discrimination",
    "too_hard": "Too hard",
    "low_discrimination": "Low discrimination",
    "too_easy": "Too easy",
}


@bp.get("/teach/classes/<int:class_id>/questions")
@teacher_required
def questions(class_id: int):
    """Questions to look at first, most serious first; filters by module and kind of flag
    (GET parameters, so a filtered view can be bookmarked and works without JavaScript)."""
    classroom = _own_class(class_id)
    course = course_or_404()
    modules = courses.active_modules(course)
    module = next((m for m in modules if m.id == request.args.get("module", type=int)), None)
    kind = request.args.get("flag", "")
    if kind not in FLAG_LABELS and kind not in ("all", "learners"):
        kind = ""
    learner_flags = services.open_flags(classroom)
    # Answers graded on an older version, among the learners this teacher may regrade.
    regradable = regrading.pending_by_question(course, regrading.scope_for(current_user))
    # The content shows nothing about who is looking but the CSRF token of its forms and what
    # they may regrade, so it is rendered once per class, key, filter, open flags and regradable
    # answers, with a placeholder for the token.
    content = _kept(
        classroom,
        course,
        (
            "questions page",
            module.id if module else None,
            kind,
            classroom.name,
            classroom.is_archived,
            tuple((question_id, tuple(notes)) for question_id, notes in learner_flags.items()),
            tuple(sorted(regradable.items())),
        ),
        lambda: Markup(
            render_template(
                "teaching/_questions.html",
                csrf_token=lambda: _CSRF_PLACEHOLDER,
                **_questions_page(classroom, course, modules, module, kind, learner_flags),
                regradable=regradable,
            )
        ),
    )
    if _CSRF_PLACEHOLDER in content:
        content = Markup(str(content).replace(_CSRF_PLACEHOLDER, generate_csrf()))
    return render_template("teaching/questions.html", classroom=classroom, body=content)


# Stands for the CSRF token in kept markup: random, so no text a learner writes can be it.
_CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"


def _questions_page(classroom, course, modules, module, kind, learner_flags) -> dict[str, Any]:
    every = _kept(
        classroom, course, "questions", lambda: reports.question_analysis(classroom, course)
    )
    in_scope = [r for r in every if module is None or r.module.id == module.id]
    unjudged = [r for r in in_scope if _has_flag(r, "too_few_responses")]
    listed = Counter(stats.listed_as(r.analysis) for r in in_scope)
    flagged_by_learners = [r for r in in_scope if r.version.question_id in learner_flags]

    def severity(report: reports.QuestionReport):
        # A question learners flagged is listed with the statistical flags, before the merely
        # low-discrimination or too easy ones, even when too few learners answered to judge it.
        rank, d = stats.severity(report.analysis)
        if report.version.question_id in learner_flags:
            rank = min(rank, stats.FLAG_ORDER.index("too_hard"))
        return rank, d

    if kind == "all":
        shown = [r for r in in_scope if r not in unjudged or r in flagged_by_learners]
    elif kind == "learners":
        shown = sorted(flagged_by_learners, key=severity)
    elif kind:
        shown = sorted((r for r in in_scope if _has_flag(r, kind)), key=severity)
    else:
        shown = sorted(
            (r for r in in_scope if stats.needs_a_look(r.analysis) or r in flagged_by_learners),
            key=severity,
        )
    return dict(
        classroom=classroom,
        modules=modules,
        module=module,
        kind=kind,
        flag_labels=FLAG_LABELS,
        listed=listed,
        to_look_at=sum(listed[code] for code in FLAG_LABELS if code not in stats.SUMMARY_ONLY),
        shown=shown,
        unjudged=[r for r in unjudged if r not in flagged_by_learners],
        learner_flags=learner_flags,
        flagged_by_learners=len(flagged_by_learners),
        reasons=services.FLAG_REASONS,
        in_scope=in_scope,
        answered=any(r.analysis.respondents for r in every),
        misconceptions=_kept(
            classroom,
            course,
            "misconceptions",
            lambda: reports.misconception_report(classroom, course),
        ),
        prompts={r.version.question_id: r.version.prompt for r in every},
    )


def _has_flag(report: reports.QuestionReport, code: str) -> bool:
    return any(flag.code == code for flag in report.analysis.flags)


@bp.post("/teach/classes/<int:class_id>/flags/<int:flag_id>/resolve")
@teacher_required
def resolve_flag(class_id: int, flag_id: int):
    classroom = _own_class(class_id)
    flag = services.resolve_flag(classroom, flag_id, current_user.id)
    if flag is None:
        abort(404)
    db.session.commit()
    flash("Marked resolved. The learner's note no longer shows here.", "success")
    # Back to the same filtered view; questions() ignores values it does not know.
    filters: dict[str, Any] = {
        k: request.form.get(k, "")[:40] for k in ("module", "flag") if request.form.get(k)
    }
    return redirect(url_for("teaching.questions", class_id=class_id, **filters))


@bp.get("/teach/classes/<int:class_id>/gradebook.csv")
@teacher_required
def gradebook_csv(class_id: int):
    classroom = _own_class(class_id)
    course = course_or_404()

    def build() -> str:
        header, rows = exports.gradebook_table(_gradebook(classroom, course))
        return exports.to_csv(header, rows)

    return _csv_response(
        _kept(classroom, course, "gradebook.csv", build, names=True), classroom, "gradebook"
    )


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
        if services.class_by_code(form.code.data) is not None:
            return redirect(url_for("teaching.join", code=form.code.data))
        form.code.errors.append(NO_SUCH_CLASS)
    return render_template("teaching/enter_code.html", form=form), 400 if form.errors else 200


NO_SUCH_CLASS = (
    "No class has this code. Check it with your teacher: the code may have been replaced by a "
    "new one, or the class closed."
)


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    normalised = normalise_code(code)
    classroom = services.class_by_code(normalised) if is_plausible_code(normalised) else None
    if classroom is None:
        form = JoinCodeForm(formdata=None, code=normalised[:20])
        form.code.errors = [NO_SUCH_CLASS]
        return render_template("teaching/enter_code.html", form=form), 404
    if not current_user.is_authenticated:
        if request.method == "POST":
            return redirect(url_for("auth.login", next=request.path))
        return render_template(
            "teaching/join_visitor.html", classroom=classroom, next_path=request.path
        )
    if request.method == "POST":
        if services.can_teach(current_user) and services.class_for_teacher(
            classroom.id, current_user.id
        ):
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
        is_owner=services.class_for_teacher(classroom.id, current_user.id) is not None,
    )


@bp.post("/classes/<int:class_id>/leave")
@login_required
def leave(class_id: int):
    classroom = services.class_joined(class_id, current_user.id)
    if classroom is None:
        abort(404)
    if not _confirmed():
        return _confirm_page(
            f"Leave “{classroom.name}”?",
            [
                f"{classroom.teacher.display_name} will no longer see your scores and answers. "
                "Your own progress, attempts and certificate stay with you. To come back, you "
                "need the class's join link or code again."
            ],
            "Leave the class",
            url_for("progress.overview"),
            danger=True,
        )
    services.remove_learner(classroom, current_user.id)
    db.session.commit()
    flash(f"You left “{classroom.name}”. Your progress is still yours.", "success")
    return redirect(url_for("progress.overview"))


@bp.post("/attempts/<int:attempt_id>/flag")
@login_required
def flag_question(attempt_id: int):
    """A learner reports a problem with a question of their own submitted attempt."""
    attempt = get_attempt_for_user(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    form = QuestionFlagForm()
    result_url = url_for("quizzes.result", attempt_id=attempt_id)
    if not form.validate_on_submit():
        flash("Choose whether the question seems wrong or is unclear, then send it again.", "error")
        return redirect(result_url)
    version_id = form.question_version_id.data
    flag = services.flag_question(attempt, version_id, form.reason.data, form.comment.data or "")
    if flag is None:
        abort(404)
    db.session.commit()
    flash("Thank you. Your teacher sees your note next to the question's statistics.", "success")
    return redirect(f"{result_url}#question-{version_id}")
