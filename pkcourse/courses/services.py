from collections.abc import Callable, Sequence
from typing import TypeVar

from flask import current_app
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from .models import Course, Misconception, Module, ModuleKind, Question, QuestionVersion

# What a cached course is checked against on every request: the settings that may be changed in
# place, and the import time, which every content import that changes anything sets (modules
# change only through an import).
_FINGERPRINT = select(
    Course.id,
    Course.imported_at,
    Course.title,
    Course.notice,
    Course.pass_mark,
    Course.max_attempts,
    Course.counts,
    Course.is_sequential,
).where(Course.slug == bindparam("slug"))


def get_course(slug: str) -> Course | None:
    """The course with its modules (lesson text included).

    Kept per app and process, and checked with one small query per request: a course and its
    modules change only when content is imported, so the work of loading them is done once per
    import, not per page. What is returned is a copy outside any session, shared by every request
    of this process: read it, never change it or attach it to a session (store ids instead).
    """
    fingerprint = db.session.connection().execute(_FINGERPRINT, {"slug": slug}).first()
    if fingerprint is None:
        return None
    cache: dict[str, tuple[tuple, Course]] = current_app.extensions.setdefault(
        "pkcourse.courses", {}
    )
    cached = cache.get(slug)
    if cached is not None and cached[0] == tuple(fingerprint):
        return cached[1]
    course = (
        db.session.execute(
            select(Course)
            .where(Course.slug == slug)
            .options(joinedload(Course.modules).undefer(Module.lesson_html))
        )
        .unique()
        .scalar_one()
    )
    copy = copy_row(course)
    copy.modules = [copy_row(module) for module in course.modules]  # sets each module's course
    cache[slug] = (tuple(fingerprint), copy)
    setattr(copy, _DERIVED, {})
    return copy


def copy_row(instance):
    """A transient copy of a loaded row's columns, for the per-process caches: outside any session,
    it never lazy-loads and never expires."""
    mapper = inspect(type(instance))
    return mapper.class_(**{c.key: getattr(instance, c.key) for c in mapper.column_attrs})


T = TypeVar("T")
# Content derived from a cached course (its question bank…), kept on the copy itself so that it
# goes with the copy when an import replaces it. (A WeakKeyDictionary keyed by the copy would
# never let go: the bank refers back to the course through its modules.)
_DERIVED = "_pkcourse_derived"


def derived(course: Course, key: str, build: Callable[[], T]) -> T | None:
    """``build()``, computed once per cached ``course`` (content that changes only at import);
    None for a course that did not come from ``get_course`` (the caller then reads the database)."""
    store: dict[str, object] | None = getattr(course, _DERIVED, None)
    if store is None:
        return None
    if key not in store:
        store[key] = build()
    return store[key]  # type: ignore[return-value]


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
    return next(
        (
            m
            for m in course.modules
            if m.slug == slug and m.is_active and m.kind == ModuleKind.LESSON
        ),
        None,
    )


def module_of(course: Course, module_id: int) -> Module | None:
    """One of the course's modules (retired ones included) by id, without a query."""
    return next((m for m in course.modules if m.id == module_id), None)


def neighbours(modules: list[Module], module: Module) -> tuple[Module | None, Module | None]:
    index = modules.index(module)
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, following


def current_questions_by_module(modules: Sequence[Module]) -> list[list[QuestionVersion]]:
    """Each module's active questions at their current version, in authored order, with their
    options and question loaded; modules in the order given. The one definition of "the
    questions a quiz asks now".

    For modules of a course from ``get_course`` (what the pages use), read once per import and
    process: question versions never change, and which version is current changes only at import.
    Otherwise two queries, whatever the number of modules."""
    if modules:
        course = modules[0].course
        bank = derived(course, "question bank", lambda: _question_bank(course))
        if bank is not None:
            return [bank.get(m.id, []) for m in modules]
    return _load_current_versions([m.id for m in modules])


def _load_current_versions(module_ids: list[int]) -> list[list[QuestionVersion]]:
    versions = db.session.scalars(
        db.select(QuestionVersion)
        .join(Question, QuestionVersion.question_id == Question.id)
        .where(
            Question.module_id.in_(module_ids),
            Question.is_active,
            QuestionVersion.number == Question.current_version,
        )
        .order_by(Question.position)
        .options(selectinload(QuestionVersion.options), joinedload(QuestionVersion.question))
    )
    by_module: dict[int, list[QuestionVersion]] = {m: [] for m in module_ids}
    for version in versions:
        by_module[version.question.module_id].append(version)
    return [by_module[m] for m in module_ids]


def _question_bank(course: Course) -> dict[int, list[QuestionVersion]]:
    """Transient copies of the current question versions of every module of the course (with
    their options, question and module), shared by the requests of this process."""
    modules = {m.id: m for m in course.modules}
    bank = {}
    for module_id, versions in zip(modules, _load_current_versions(list(modules)), strict=True):
        copies = []
        for version in versions:
            copy = copy_row(version)
            copy.options = [copy_row(o) for o in version.options]
            copy.question = copy_row(version.question)
            copy.question.module = modules[module_id]
            copies.append(copy)
        bank[module_id] = copies
    return bank


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
