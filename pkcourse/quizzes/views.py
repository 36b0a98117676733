import random
from dataclasses import replace
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..certificates.services import issue_for as issue_certificate
from ..courses import services as courses
from ..courses.views import course_or_404
from ..extensions import db
from ..progress.rules import Lock
from ..progress.services import learner_path
from ..teaching.services import flag_state
from . import services
from .forms import build_quiz_form, is_valid_token, new_token, read_served, sign_served
from .grading import InvalidResponse
from .review import name_misconceptions, review_graded, review_items

bp = Blueprint("quizzes", __name__)


def replayed_submission():
    """On POST: a 400 for a form without valid hidden tokens, or the redirect to the result of a
    submission already stored under this token (a double click, a resent form)."""
    token = request.form.get("submission_token")
    if not is_valid_token(token) or not is_valid_token(request.form.get("order_seed")):
        abort(400, "This quiz form is incomplete. Reload the quiz and try again.")
    already = services.find_attempt_by_token(token)
    if already is None:
        return None
    if already.user_id != current_user.id:
        abort(400, "This quiz form is not valid. Reload the quiz and try again.")
    flash("This quiz was already submitted; here is its result.", "info")
    return redirect(url_for("quizzes.result", attempt_id=already.id))


def locked_page(course, module, state, path):
    """The page for a quiz that cannot be taken now: why, and the way back (403)."""
    return render_template(
        "quizzes/locked.html",
        course=course,
        module=module,
        state=state,
        previous=path.previous(module) if not module.is_final else None,
        passed=path.path.progress,
    ), 403


@bp.route("/modules/<slug>/quiz", methods=["GET", "POST"])
@login_required
def take_quiz(slug: str):
    course = course_or_404()
    module = courses.get_lesson(course, slug)
    if module is None:
        abort(404)
    if request.method == "POST" and (replay := replayed_submission()) is not None:
        return replay
    path = learner_path(current_user.id, course)
    state = path.state(module)
    if not state.is_open:
        return locked_page(course, module, state, path)
    versions = courses.current_questions(module)
    if request.method == "POST" and served_ids(module) != [v.id for v in versions]:
        return refuse_stale(course, module, path, versions)
    seed = request.form["order_seed"] if request.method == "POST" else new_token()
    return run_quiz(course, module, path, serve(build_quiz_form(versions, seed), module))


@bp.route("/final-assessment", methods=["GET", "POST"])
@login_required
def final_assessment():
    """A fresh stratified draw per attempt. The draw travels in the signed served record, so
    grading uses exactly the questions that were shown, and a draw can be submitted once."""
    course = course_or_404()
    path = learner_path(current_user.id, course)
    final = path.final
    if final is None:
        abort(404)
    if request.method == "POST" and (replay := replayed_submission()) is not None:
        return replay
    state = path.state(final)
    if not state.is_open:
        return locked_page(course, final, state, path)
    if request.method == "POST":
        ids = served_ids(final)
        versions = services.drawn_versions(ids, path.lessons) if ids else None
        if versions is None:
            fresh = services.draw_final(final, path.lessons, random.SystemRandom())
            return refuse_stale(course, final, path, fresh)
        form = build_quiz_form(versions, request.form["order_seed"], keep=False)
    else:
        versions = services.draw_final(final, path.lessons, random.SystemRandom())
        form = build_quiz_form(versions, new_token(), keep=False)
    return run_quiz(course, final, path, serve(form, final))


def serve(form, module):
    """Sign what this form shows (see ``forms.sign_served``), unless it is a submission."""
    if not form.served.data:
        versions = [version.id for version, _ in form.question_fields]
        form.served.data = sign_served(
            current_user.id,
            module.id,
            versions,
            form.order_seed.data,
            form.submission_token.data,
        )
    return form


def served_ids(module) -> list[int] | None:
    """The question versions the submitted form was served with, if it was served to this
    learner for this quiz with this order and token; else None."""
    return read_served(
        request.form.get("served"),
        current_user.id,
        module.id,
        request.form["order_seed"],
        request.form["submission_token"],
    )


def refuse_stale(course, module, path, versions):
    """A submission that does not match a quiz served to this learner (a page brought back with
    Back after submitting, another tab's leftovers, a forged form): store nothing, say so, and
    hand out a fresh quiz (409)."""
    flash(
        "This quiz page was out of date (perhaps opened again with the Back button), so nothing "
        "was saved. Here is a fresh copy of the quiz: please answer it again.",
        "error",
    )
    form = build_quiz_form(versions, new_token(), fresh=True, keep=not module.is_final)
    form = serve(form, module)
    state = path.state(module)
    return render_template(
        "quizzes/quiz.html", course=course, module=module, form=form, state=state
    ), 409


def run_quiz(course, module, path, form):
    """Grade and store a valid submission (then redirect to its result), or show the form."""
    state = path.state(module)
    versions = [version for version, _ in form.question_fields]
    if versions and form.validate_on_submit():
        try:
            attempt = services.submit_attempt(
                current_user.id,
                module,
                versions,
                form.responses(),
                form.submission_token.data,
                course.pass_mark,
                max_attempts=course.max_attempts,
            )
        except InvalidResponse:
            abort(400, "Some answers did not match this quiz. Reload the quiz and try again.")
        except services.NoAttemptsLeft:
            db.session.rollback()
            return locked_page(course, module, replace(state, lock=Lock.NO_ATTEMPTS_LEFT), path)
        if attempt.earns_certificate:
            issue_certificate(
                current_user.id, course.id, attempt.id, attempt.score_percent, attempt.submitted_at
            )
        attempt_id = attempt.id  # read before the commit expires the attempt: no reload
        db.session.commit()
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))

    if form.errors:
        flash("Please answer every question; the ones still open are marked.", "error")
    return render_template(
        "quizzes/quiz.html", course=course, module=module, form=form, state=state
    ), 400 if form.errors else 200


@bp.get("/attempts/<int:attempt_id>")
@login_required
def result(attempt_id: int):
    course = course_or_404()
    attempt = services.get_attempt_for_user(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    path = learner_path(current_user.id, course)
    module = courses.module_of(course, attempt.module_id) or attempt.module
    is_current = module.is_active and (module.is_final or module.id in path.states)
    state = path.state(module) if is_current else None
    in_class, flagged = flag_state(
        current_user.id, [a.question_version_id for a in attempt.answers]
    )
    return render_template(
        "quizzes/result.html",
        attempt=attempt,
        module=module,
        course=course,
        state=state,
        next=path.next_step(focus=module),
        retake_url=quiz_url(module) if state and state.is_open else None,
        missed=sum(not a.is_correct for a in attempt.answers),
        review=name_misconceptions(
            review_items(attempt.answers), partial(courses.misconception_texts, course)
        ),
        # Learners in a class can report a problem with a question to their teacher.
        in_class=in_class,
        flagged=flagged,
    )


def quiz_url(module) -> str:
    if module.is_final:
        return url_for("quizzes.final_assessment")
    return url_for("quizzes.take_quiz", slug=module.slug)


@bp.route("/attempts/<int:attempt_id>/practice", methods=["GET", "POST"])
@login_required
def practice(attempt_id: int):
    """Review my mistakes: retake only the questions this attempt missed, graded with feedback
    but never stored or counted."""
    course = course_or_404()
    attempt = services.get_attempt_for_user(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    module = courses.module_of(course, attempt.module_id) or attempt.module
    versions = services.missed_versions(attempt)
    only = request.args.get("only", "")
    if only:
        # "Practise again" after a practice round: only what is still wrong, never more than
        # the attempt missed
        wanted = set(only.split("."))
        versions = [v for v in versions if str(v.id) in wanted] or versions
    if not versions:
        flash("Every answer in this attempt was right: there are no mistakes to review.", "info")
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    if request.method == "POST":
        seed = request.form.get("order_seed")
        if not is_valid_token(seed):
            abort(400, "This practice form is incomplete. Reload it and try again.")
    else:
        seed = new_token()
    # A practice form holds an attempt's mistakes, a set that seldom comes again: nothing kept.
    form = build_quiz_form(versions, seed, keep=False)
    if form.validate_on_submit():
        try:
            result = services.grade_practice(versions, form.responses(), course.pass_mark)
        except InvalidResponse:
            abort(400, "Some answers did not match these questions. Reload and try again.")
        still_wrong = [
            v.id for v, a in zip(versions, result.answers, strict=True) if not a.is_correct
        ]
        path = learner_path(current_user.id, course)
        state = path.state(module) if module.is_active and module.id in path.states else None
        return render_template(
            "quizzes/practice_result.html",
            attempt=attempt,
            module=module,
            result=result,
            review=name_misconceptions(
                review_graded(versions, result.answers),
                partial(courses.misconception_texts, course),
            ),
            still_wrong=".".join(map(str, still_wrong)),
            still_wrong_count=len(still_wrong),
            quiz_url=quiz_url(module) if state and state.is_open else None,
        )
    if form.errors:
        flash("Please answer every question; the ones still open are marked.", "error")
    return render_template(
        "quizzes/practice.html", attempt=attempt, module=module, form=form
    ), 400 if form.errors else 200
