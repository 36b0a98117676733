from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from ..progress import services as progress
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
    user_id = current_user.id if current_user.is_authenticated else None
    path = progress.learner_path(user_id, course)
    return render_template("courses/overview.html", course=course, path=path)


@bp.get("/modules/<slug>")
def lesson(slug: str):
    """Open to everyone: a visitor deciding whether to sign up reads the lessons too; the quiz
    asks them to log in and brings them back."""
    course = course_or_404()
    module = services.get_lesson(course, slug)
    if module is None:
        abort(404)
    user_id = current_user.id if current_user.is_authenticated else None
    path = progress.learner_path(user_id, course)
    modules = path.lessons
    previous, following = services.neighbours(modules, module)
    return render_template(
        "courses/lesson.html",
        course=course,
        module=module,
        position=modules.index(module) + 1,
        module_count=len(modules),
        previous=previous,
        following=following,
        state=path.state(module),
        final=path.final,
    )
