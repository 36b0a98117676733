from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..courses import services as courses
from ..courses.views import course_or_404
from ..quizzes.services import attempts_for_user
from ..teaching.services import classes_joined
from . import services
from .rules import course_progress

bp = Blueprint("progress", __name__)


@bp.get("/progress")
@login_required
def overview():
    course = course_or_404()
    modules = courses.active_modules(course)
    rows = services.progress_by_module(current_user.id, [m.id for m in modules])
    statuses = {m.id: services.status_of(rows.get(m.id)) for m in modules}
    attempts = attempts_for_user(current_user.id, [m.id for m in course.modules])
    return render_template(
        "progress/overview.html",
        course=course,
        modules=modules,
        progress_rows=rows,
        statuses=statuses,
        summary=course_progress(statuses.values()),
        attempts=attempts,
        module_titles={m.id: m.title for m in course.modules},
        module_slugs={m.id: m.slug for m in course.modules},
        classes=classes_joined(current_user.id),
    )
