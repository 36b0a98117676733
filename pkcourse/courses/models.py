from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..quizzes.models import Question


class Course(db.Model):
    __tablename__ = "course"
    __table_args__ = (CheckConstraint("pass_mark BETWEEN 1 AND 100", name="pass_mark_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    notice: Mapped[str] = mapped_column(Text)
    pass_mark: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )


class Module(db.Model):
    """A lesson built from the article, followed by its quiz. Retired modules keep their history."""

    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    is_active: Mapped[bool] = mapped_column(default=True)
    # Rendered and sanitized once at import; loaded only by the lesson page.
    lesson_html: Mapped[str] = mapped_column(Text, deferred=True)

    course: Mapped[Course] = relationship(back_populates="modules")
    questions: Mapped[list[Question]] = relationship(
        back_populates="module", order_by="Question.position"
    )
