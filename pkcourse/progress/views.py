from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..courses.views import course_or_404
from ..quizzes.services import attempts_for_user
from ..teaching.services import classes_joined
from . import services

bp = Blueprint("progress", __name__)


@bp.get("/progress")
@login_required
def overview():
    course = course_or_404()
    path = services.learner_path(current_user.id, course)
    attempts = attempts_for_user(current_user.id, [m.id for m in course.modules])
    return render_template(
        "progress/overview.html",
        course=course,
        path=path,
        attempts=attempts,
        module_titles={m.id: m.title for m in course.modules},
        classes=classes_joined(current_user.id),
    )
