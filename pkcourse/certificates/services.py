"""Issuing and finding certificates."""

from datetime import datetime

from ..auth.models import User
from ..courses.models import Course
from ..extensions import db
from . import codes
from .models import Certificate


def issue_for(
    user_id: int, course_id: int, attempt_id: int, score_percent: float, passed_at: datetime
) -> Certificate:
    """The learner's certificate for the course, earned by the passing final-assessment attempt
    ``attempt_id`` (the caller has decided that it earns one: ``QuizAttempt.earns_certificate``).
    Issued once: the first call creates it with the learner's name, the course title and this
    score copied; later calls return it unchanged. Flushes; the caller commits, in the
    transaction that stored the attempt, under the learner's submission lock."""
    existing = certificate_of(user_id, course_id)
    if existing is not None:
        return existing
    certificate = Certificate(
        user_id=user_id,
        course_id=course_id,
        attempt_id=attempt_id,
        learner_name=db.session.get_one(User, user_id).display_name,
        course_title=db.session.get_one(Course, course_id).title,
        score_percent=score_percent,
        issued_at=passed_at,
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
