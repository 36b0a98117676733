"""Questions are versioned: editing one adds a version, so past attempts keep what they were graded
against. Attempts and answers are the learner's record and are never rewritten."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..auth.models import User
    from ..courses.models import Module


class Question(db.Model):
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


class QuestionVersion(db.Model):
    __tablename__ = "question_version"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        CheckConstraint(
            "kind IN ('single_choice', 'multiple_select', 'true_false', 'ordering', 'matching', "
            "'short_answer')",
            name="kind",
        ),
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
    # Shown when an ordering, matching or short-answer response is not fully right.
    feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question_version", order_by="Option.position"
    )


class Option(db.Model):
    """A row of a question, read by its kind (see ``content.definitions.OptionDef``): an option,
    an ordering item (``position`` is its place in the right order), a matching pair (with
    ``match_text``) or distractor, or an accepted short answer."""

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
    # A wrong option's misconception (slug of a ``courses.models.Misconception`` of its course).
    misconception: Mapped[str | None] = mapped_column(String(80))

    question_version: Mapped[QuestionVersion] = relationship(back_populates="options")


class QuizAttempt(db.Model):
    """One submitted quiz. Created graded, in the same transaction as its answers."""

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

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position"
    )


answer_selection = Table(
    "answer_selection",
    db.metadata,
    Column("answer_id", ForeignKey("answer.id"), primary_key=True),
    Column("option_id", ForeignKey("option.id"), primary_key=True),
)


class Answer(db.Model):
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

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
    question_version: Mapped[QuestionVersion] = relationship()
    selected_options: Mapped[list[Option]] = relationship(secondary=answer_selection)
