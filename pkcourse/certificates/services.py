"""Issuing and finding certificates."""

import re

from ..auth.models import User
from ..courses.models import Course
from ..extensions import db
from ..quizzes.models import QuizAttempt
from .models import Certificate

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def issue_for(attempt: QuizAttempt, user: User, course: Course) -> Certificate | None:
    """The learner's certificate for ``course``, created by this attempt if it is the first
    passing final assessment; None if the attempt earns none. Flushes; the caller commits (in the
    transaction that stored the attempt, under the learner's submission lock)."""
    if not (attempt.is_passed and attempt.module.is_final):
        return None
    existing = certificate_of(user.id, course.id)
    if existing is not None:
        return existing
    certificate = Certificate(
        user_id=user.id,
        course_id=course.id,
        attempt_id=attempt.id,
        learner_name=user.display_name,
        course_title=course.title,
        score_percent=attempt.score_percent,
        issued_at=attempt.submitted_at,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def certificate_of(user_id: int, course_id: int) -> Certificate | None:
    return db.session.scalar(
        db.select(Certificate).where(
            Certificate.user_id == user_id, Certificate.course_id == course_id
        )
    )


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code; None for any other string."""
    if not CODE_PATTERN.match(code):
        return None
    return db.session.scalar(db.select(Certificate).where(Certificate.code == code))
