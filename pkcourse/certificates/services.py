"""Issuing and finding certificates."""

from ..auth.models import User
from ..courses.models import Course
from ..extensions import db
from ..quizzes.models import QuizAttempt
from . import codes
from .models import Certificate


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


def find_by_code(raw: str) -> Certificate | None:
    """The certificate with this verification code as typed (a short code in any case, with or
    without dashes, or an old code exactly); None for any other string."""
    code = codes.normalise(raw)
    if code is None:
        raw = raw.strip()
        if not codes.is_legacy(raw):
            return None
        code = raw
    return db.session.scalar(db.select(Certificate).where(Certificate.code == code))
