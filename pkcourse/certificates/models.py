from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import UTCDateTime, utcnow
from .codes import new_code

if TYPE_CHECKING:
    from ..auth.models import User
    from ..courses.models import Course
    from ..quizzes.models import QuizAttempt


class Certificate(Model):
    """Proof of completing a course: issued once, by the first passing final-assessment attempt.
    Name, course title and score are copied at issue, so the certificate reads the same later."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        CheckConstraint("score_percent >= 0 AND score_percent <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # a short code (codes.py); certificates issued before it keep their longer codes
    code: Mapped[str] = mapped_column(String(32), unique=True, default=new_code)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"), unique=True)
    learner_name: Mapped[str] = mapped_column(String(80))
    course_title: Mapped[str] = mapped_column(String(200))
    score_percent: Mapped[float]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()
    attempt: Mapped[QuizAttempt] = relationship()
