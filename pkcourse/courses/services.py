from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from flask import current_app
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Course, Module, ModuleKind

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
    _derived[copy] = {}
    return copy


def copy_row(instance):
    """A transient copy of a loaded row's columns, for the per-process caches: outside any session,
    it never lazy-loads and never expires."""
    mapper = inspect(type(instance))
    return mapper.class_(**{c.key: getattr(instance, c.key) for c in mapper.column_attrs})


T = TypeVar("T")
# Content derived from a cached course (its question bank…), dropped with the course copy when an
# import replaces it.
_derived: WeakKeyDictionary[Course, dict[str, object]] = WeakKeyDictionary()


def derived(course: Course, key: str, build: Callable[[], T]) -> T | None:
    """``build()``, computed once per cached ``course`` (content that changes only at import);
    None for a course that did not come from ``get_course`` (the caller then reads the database)."""
    store = _derived.get(course)
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
