from sqlalchemy.orm import joinedload, undefer

from ..extensions import db
from .models import Course, Misconception, Module, ModuleKind


def get_course(slug: str) -> Course | None:
    """The course with its modules, in one query whatever the number of learners."""
    statement = db.select(Course).where(Course.slug == slug).options(joinedload(Course.modules))
    return db.session.execute(statement).unique().scalar_one_or_none()


def active_modules(course: Course) -> list[Module]:
    """The course's lessons in order (the final assessment is not one)."""
    return [m for m in course.modules if m.is_active and not m.is_final]


def final_module(course: Course) -> Module | None:
    return next((m for m in course.modules if m.is_active and m.is_final), None)


def quiz_modules(course: Course) -> list[Module]:
    """Every module with a quiz: the lessons in order, then the final assessment if any."""
    final = final_module(course)
    return [*active_modules(course), *([final] if final else [])]


def get_lesson(course: Course, slug: str) -> Module | None:
    return db.session.scalar(
        db.select(Module)
        .where(
            Module.course_id == course.id,
            Module.slug == slug,
            Module.is_active,
            Module.kind == ModuleKind.LESSON,
        )
        .options(undefer(Module.lesson_html))
    )


def neighbours(modules: list[Module], module: Module) -> tuple[Module | None, Module | None]:
    index = modules.index(module)
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, following


def misconception_texts(course: Course, slugs: set[str]) -> dict[str, str]:
    """Some of the course's misconceptions, slug to sentence, for the review of wrong answers."""
    rows = db.session.execute(
        db.select(Misconception.slug, Misconception.text).where(
            Misconception.course_id == course.id, Misconception.slug.in_(sorted(slugs))
        )
    )
    return dict(rows.tuples().all())
