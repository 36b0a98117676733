from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required

from ..progress import services as progress
from ..progress.rules import course_progress
from . import services
from .models import Course

bp = Blueprint("courses", __name__)


def course_or_404() -> Course:
    course = services.get_course(current_app.config["COURSE_SLUG"])
    if course is None:
        abort(404)
    return course


@bp.get("/")
def overview():
    course = services.get_course(current_app.config["COURSE_SLUG"])
    if course is None:
        return render_template("courses/not_imported.html")
    modules = services.active_modules(course)
    rows = {}
    if current_user.is_authenticated:
        rows = progress.progress_by_module(current_user.id, [m.id for m in modules])
    statuses = {m.id: progress.status_of(rows.get(m.id)) for m in modules}
    return render_template(
        "courses/overview.html",
        course=course,
        modules=modules,
        progress_rows=rows,
        statuses=statuses,
        summary=course_progress(statuses.values()),
    )


@bp.get("/modules/<slug>")
@login_required
def lesson(slug: str):
    course = course_or_404()
    module = services.get_lesson(course, slug)
    if module is None:
        abort(404)
    modules = services.active_modules(course)
    previous, following = services.neighbours(modules, module)
    row = progress.progress_by_module(current_user.id, [module.id]).get(module.id)
    return render_template(
        "courses/lesson.html",
        course=course,
        module=module,
        position=modules.index(module) + 1,
        module_count=len(modules),
        previous=previous,
        following=following,
        progress_row=row,
        status=progress.status_of(row),
    )
