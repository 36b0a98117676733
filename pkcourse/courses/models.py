from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, one_of
from ..progress.rules import Counts
from ..quizzes.kinds import KindName
from ..timeutil import UTCDateTime, utcnow


class ModuleKind(StrEnum):
    LESSON = "lesson"
    FINAL = "final"


class Course(Model):
    """The course and its settings from ``course.yaml`` (see ``content.definitions.CourseDef``)."""

    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("pass_mark BETWEEN 1 AND 100", name="pass_mark_range"),
        CheckConstraint("max_attempts IS NULL OR max_attempts >= 1", name="max_attempts_positive"),
        CheckConstraint(one_of("counts", Counts), name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    notice: Mapped[str] = mapped_column(Text)
    pass_mark: Mapped[int]
    max_attempts: Mapped[int | None]  # per quiz; None is unlimited
    counts: Mapped[str] = mapped_column(
        String(8), default=Counts.BEST.value, server_default=Counts.BEST.value
    )
    is_sequential: Mapped[bool] = mapped_column(default=True, server_default=true())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )
    misconceptions: Mapped[list[Misconception]] = relationship(
        back_populates="course", order_by="Misconception.id"
    )


class Misconception(Model):
    """A mistaken belief the course corrects, from ``course.yaml``. Wrong options name it by slug
    (``Option.misconception``); a slug that left the file keeps its row, so old answers still
    read."""

    __tablename__ = "misconception"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)

    course: Mapped[Course] = relationship(back_populates="misconceptions")


class Module(Model):
    """A lesson built from the article, followed by its quiz; or (kind "final") the course's final
    assessment, whose questions are drawn from the lessons' quizzes. Retired modules keep their
    history."""

    __tablename__ = "module"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        CheckConstraint(one_of("kind", ModuleKind), name="kind"),
        CheckConstraint(
            f"(kind = '{ModuleKind.FINAL}' AND draw_per_module >= 1) "
            f"OR (kind = '{ModuleKind.LESSON}' AND draw_per_module IS NULL)",
            name="draw_only_for_final",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    is_active: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[str] = mapped_column(
        String(16), default=ModuleKind.LESSON.value, server_default=ModuleKind.LESSON.value
    )
    # Final assessment only: how many questions each attempt draws from every lesson's quiz.
    draw_per_module: Mapped[int | None]
    # Rendered and sanitized once at import; loaded only by the lesson page.
    lesson_html: Mapped[str] = mapped_column(Text, deferred=True)

    course: Mapped[Course] = relationship(back_populates="modules")
    questions: Mapped[list[Question]] = relationship(
        back_populates="module", order_by="Question.position"
    )

    @property
    def is_final(self) -> bool:
        return self.kind == ModuleKind.FINAL


# The question bank: content, written only by ``content import``. Questions are versioned: editing
# one adds a version, so past attempts keep what they were graded against.


class Question(Model):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    is_active: Mapped[bool] = mapped_column(default=True)
    current_version: Mapped[int] = mapped_column(default=1)

    module: Mapped[Module] = relationship(back_populates="questions")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.number"
    )


class QuestionVersion(Model):
    __tablename__ = "question_version"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        CheckConstraint(one_of("kind", KindName), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_anchor: Mapped[str] = mapped_column(String(120))
    # Shown when a response is not fully right (kinds answered as a whole: ordering, matching...).
    feedback: Mapped[str | None] = mapped_column(Text)
    # Part of the question beside the prompt (gap fill: the sentence with its [[gap]] marks).
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question_version", order_by="Option.position"
    )


class Option(Model):
    """A row of a question, read by its kind (see ``quizzes/kinds``): an option, an ordering item
    (``position`` is its place in the right order), a matching pair (with ``match_text``) or
    distractor, an accepted short answer, a gap's choice."""

    __tablename__ = "option"
    __table_args__ = (UniqueConstraint("question_version_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool]
    feedback: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int]
    match_text: Mapped[str | None] = mapped_column(Text)
    # A wrong option's misconception (slug of a ``Misconception`` of its course).
    misconception: Mapped[str | None] = mapped_column(String(80))

    question_version: Mapped[QuestionVersion] = relationship(back_populates="options")
