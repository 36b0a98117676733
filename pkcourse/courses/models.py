from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db, one_of
from ..progress.rules import Counts
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..quizzes.models import Question


class ModuleKind(StrEnum):
    LESSON = "lesson"
    FINAL = "final"


class Course(db.Model):
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


class Module(db.Model):
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
