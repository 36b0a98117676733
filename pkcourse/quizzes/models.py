"""Attempts and answers: the learner's record. Each answer points at the question version it was
graded against (the question bank itself is content: ``courses.models``); a regrade after a key is
fixed moves it to the newer version and keeps the original grading beside the new one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..auth.models import User
    from ..courses.models import Module, Option, QuestionVersion


class QuizAttempt(Model):
    """One submitted quiz. Created graded, in the same transaction as its answers; a regrade
    (after a key is fixed) may change its score, keeping the original beside it."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", "number"),
        CheckConstraint("points >= 0 AND points <= max_points", name="points_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    number: Mapped[int]
    # From the quiz form: a replayed or double-clicked submission finds the attempt it created.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    points: Mapped[float]
    max_points: Mapped[float]
    score_percent: Mapped[float]
    pass_mark: Mapped[int]
    is_passed: Mapped[bool]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The grading as submitted, kept by the first regrade that changes the score (``regrading``);
    # None while the attempt stands as first graded.
    original_points: Mapped[float | None]
    original_score_percent: Mapped[float | None]
    original_is_passed: Mapped[bool | None]
    regraded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position"
    )

    @property
    def earns_certificate(self) -> bool:
        """A passing final assessment completes the course (the first one issues the
        certificate: ``certificates.services.issue_for``)."""
        return self.is_passed and self.module.is_final


answer_selection = Table(
    "answer_selection",
    db.metadata,
    Column("answer_id", ForeignKey("answer.id"), primary_key=True),
    Column("option_id", ForeignKey("option.id"), primary_key=True),
)


class Answer(Model):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"), index=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"), index=True)
    position: Mapped[int]
    points: Mapped[float]
    max_points: Mapped[float]
    is_correct: Mapped[bool]
    # Ordering, matching and short answer: the response as graded (choice kinds use
    # selected_options). See ``grading.GradedAnswer.response``.
    response: Mapped[Any | None] = mapped_column(JSON)
    # Set by the first regrade that moves the answer to a newer version of its question: the
    # version it was first graded on and what it earned there (``regrading``).
    original_question_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id")
    )
    original_points: Mapped[float | None]
    original_is_correct: Mapped[bool | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
    question_version: Mapped[QuestionVersion] = relationship(foreign_keys=[question_version_id])
    selected_options: Mapped[list[Option]] = relationship(secondary=answer_selection)
