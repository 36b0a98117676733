"""The audit of regrades, and admins' decisions on certificates a regrade no longer supports.
Written once, never changed: they are the record of what was done to learners' grades."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, one_of
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..auth.models import User
    from ..courses.models import Question


class Regrade(Model):
    """One applied regrade of a question's answers on its current version: who (None: the
    system, from the command line), when, whose attempts (``scope``), and what changed."""

    __tablename__ = "regrade"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    # The versions the answers were graded on ("1" or "1, 2") and the one they are graded on now.
    from_versions: Mapped[str] = mapped_column(String(80))
    to_version: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    scope: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answers_regraded: Mapped[int]
    attempts_changed: Mapped[int]
    points_gained: Mapped[float]
    points_lost: Mapped[float]
    newly_passed: Mapped[int]
    newly_failed: Mapped[int]
    certificates_issued: Mapped[int]

    question: Mapped[Question] = relationship()
    actor: Mapped[User | None] = relationship()


class Decision(StrEnum):
    WITHDRAWN = "withdrawn"
    KEPT = "kept"


class CertificateReview(Model):
    """An admin's decision on a certificate whose holder, after a regrade, no longer has a passing
    final assessment: withdrawn (the certificate is deleted; its code and score stay here) or
    kept. Certificates are never withdrawn without one."""

    __tablename__ = "certificate_review"
    __table_args__ = (CheckConstraint(one_of("decision", Decision), name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_code: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    score_percent: Mapped[float]
    decision: Mapped[str] = mapped_column(String(16))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
