"""Write a validated course into the database, keeping every learner's history intact."""

from dataclasses import dataclass, field

from ..courses.models import (
    Course,
    Misconception,
    Module,
    ModuleKind,
    Option,
    Question,
    QuestionVersion,
)
from ..extensions import db
from ..timeutil import utcnow
from .definitions import CourseDef, ModuleDef, QuestionDef


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def import_course(course_def: CourseDef) -> ImportSummary:
    """Create or update the course. Unchanged content writes nothing; an edited question gets a new
    version (old attempts keep pointing at the version they were graded against); modules and
    questions that left the files are retired, not deleted. Flushes; the caller commits."""
    summary = ImportSummary()
    course = db.session.scalar(db.select(Course).where(Course.slug == course_def.slug))
    if course is None:
        course = Course(slug=course_def.slug)
        db.session.add(course)
        summary.created.append(f"course {course_def.slug}")
    if (
        _assign(
            course,
            title=course_def.title,
            notice=course_def.notice,
            pass_mark=course_def.pass_mark,
            max_attempts=course_def.max_attempts,
            counts=course_def.counts,
            is_sequential=course_def.is_sequential,
        )
        and course.id is not None
    ):
        summary.updated.append(f"course {course_def.slug}")

    _import_misconceptions(course, course_def, summary)
    existing = {m.slug: m for m in course.modules}
    for position, module_def in enumerate(course_def.modules, start=1):
        module = existing.pop(module_def.slug, None)
        if module is None:
            module = Module(slug=module_def.slug, course=course)
            db.session.add(module)
            summary.created.append(f"module {module_def.slug}")
            _assign(
                module,
                title=module_def.title,
                position=position,
                is_active=True,
                lesson_html=module_def.lesson_html,
            )
        elif _assign(
            module,
            title=module_def.title,
            position=position,
            is_active=True,
            lesson_html=module_def.lesson_html,
        ):
            summary.updated.append(f"module {module_def.slug}")
        _import_questions(module, module_def, summary)
    if course_def.final is not None:
        _import_final(course, existing, course_def, summary)
    for module in existing.values():
        if module.is_active:
            module.is_active = False
            summary.retired.append(f"module {module.slug}")
    if summary.changed:
        course.imported_at = utcnow()
    db.session.flush()
    return summary


def _import_misconceptions(course: Course, course_def: CourseDef, summary: ImportSummary) -> None:
    """Create or update the course's misconceptions; ones that left the file stay, since stored
    options may still name them."""
    existing = {m.slug: m for m in course.misconceptions} if course.id is not None else {}
    for misconception_def in course_def.misconceptions:
        row = existing.get(misconception_def.slug)
        if row is None:
            db.session.add(
                Misconception(
                    course=course, slug=misconception_def.slug, text=misconception_def.text
                )
            )
            summary.created.append(f"misconception {misconception_def.slug}")
        elif _assign(row, text=misconception_def.text):
            summary.updated.append(f"misconception {misconception_def.slug}")


def _import_final(
    course: Course, existing: dict[str, Module], course_def: CourseDef, summary: ImportSummary
) -> None:
    """The final assessment: a module of kind "final" after the lessons, without questions of its
    own (each attempt draws from the lessons' quizzes)."""
    final = course_def.final
    assert final is not None, "called only for a course with a final assessment"
    values = dict(
        title=final.title,
        position=len(course_def.modules) + 1,
        is_active=True,
        kind=ModuleKind.FINAL.value,
        draw_per_module=final.questions_per_module,
        lesson_html="",
    )
    module = existing.pop(final.slug, None)
    if module is None:
        module = Module(slug=final.slug, course=course)
        db.session.add(module)
        _assign(module, **values)
        summary.created.append(f"module {final.slug}")
    elif _assign(module, **values):
        summary.updated.append(f"module {final.slug}")


def _assign(obj, **values) -> bool:
    """Set only the attributes that differ, so an unchanged import leaves rows untouched."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name, None) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _import_questions(module: Module, module_def: ModuleDef, summary: ImportSummary) -> None:
    existing = {q.slug: q for q in module.questions} if module.id is not None else {}
    for position, question_def in enumerate(module_def.questions, start=1):
        question = existing.pop(question_def.slug, None)
        if question is None:
            question = Question(
                slug=question_def.slug, module=module, position=position, current_version=1
            )
            db.session.add(question)
            _add_version(question, question_def, number=1)
            summary.created.append(f"question {question_def.slug}")
            continue
        current = question.versions[-1]
        edited = current.content_hash != question_def.content_hash
        if edited:
            question.current_version = current.number + 1
            _add_version(question, question_def, number=current.number + 1)
        moved = _assign(question, position=position, is_active=True)
        if edited or moved:
            summary.updated.append(f"question {question_def.slug}")
    for question in existing.values():
        if question.is_active:
            question.is_active = False
            summary.retired.append(f"question {question.slug}")


def _add_version(question: Question, question_def: QuestionDef, number: int) -> None:
    version = QuestionVersion(
        question=question,
        number=number,
        content_hash=question_def.content_hash,
        kind=question_def.kind,
        prompt=question_def.prompt,
        explanation=question_def.explanation,
        source=question_def.source,
        source_anchor=question_def.source_anchor,
        feedback=question_def.feedback,
        body=question_def.body,
    )
    db.session.add(version)
    for position, option_def in enumerate(question_def.options, start=1):
        db.session.add(
            Option(
                question_version=version,
                slug=option_def.slug,
                text=option_def.text,
                is_correct=option_def.is_correct,
                feedback=option_def.feedback,
                position=position,
                match_text=option_def.match_text,
                misconception=option_def.misconception,
            )
        )
