from collections.abc import Sequence

from sqlalchemy.orm import joinedload, selectinload, undefer

from ..extensions import db
from .models import Course, Misconception, Module, ModuleKind, Question, QuestionVersion


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


def current_questions_by_module(modules: Sequence[Module]) -> list[list[QuestionVersion]]:
    """Each module's active questions at their current version, in authored order, with their
    options and question loaded; modules in the order given. Two queries whatever the number of
    modules. The one definition of "the questions a quiz asks now"."""
    versions = db.session.scalars(
        db.select(QuestionVersion)
        .join(Question, QuestionVersion.question_id == Question.id)
        .where(
            Question.module_id.in_([m.id for m in modules]),
            Question.is_active,
            QuestionVersion.number == Question.current_version,
        )
        .order_by(Question.position)
        .options(selectinload(QuestionVersion.options), joinedload(QuestionVersion.question))
    )
    by_module: dict[int, list[QuestionVersion]] = {m.id: [] for m in modules}
    for version in versions:
        by_module[version.question.module_id].append(version)
    return [by_module[m.id] for m in modules]


def current_questions(module: Module) -> list[QuestionVersion]:
    """One module's questions as ``current_questions_by_module`` gives them."""
    return current_questions_by_module([module])[0]


def misconception_texts(course: Course, slugs: set[str]) -> dict[str, str]:
    """Some of the course's misconceptions, slug to sentence, for the review of wrong answers."""
    rows = db.session.execute(
        db.select(Misconception.slug, Misconception.text).where(
            Misconception.course_id == course.id, Misconception.slug.in_(sorted(slugs))
        )
    )
    return dict(rows.tuples().all())
