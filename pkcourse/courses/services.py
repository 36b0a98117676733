from sqlalchemy.orm import selectinload, undefer

from ..extensions import db
from .models import Course, Module


def get_course(slug: str) -> Course | None:
    """The course with its modules (two queries, whatever the number of learners)."""
    return db.session.scalar(
        db.select(Course).where(Course.slug == slug).options(selectinload(Course.modules))
    )


def active_modules(course: Course) -> list[Module]:
    return [m for m in course.modules if m.is_active]


def get_lesson(course: Course, slug: str) -> Module | None:
    return db.session.scalar(
        db.select(Module)
        .where(Module.course_id == course.id, Module.slug == slug, Module.is_active)
        .options(undefer(Module.lesson_html))
    )


def neighbours(modules: list[Module], module: Module) -> tuple[Module | None, Module | None]:
    index = modules.index(module)
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, following
