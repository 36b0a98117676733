"""Quiz use-cases: draw the final assessment, submit (grade + store) an attempt, read it back."""

import random
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, select
from sqlalchemy.orm import joinedload, make_transient_to_detached, selectinload

from ..auth.models import User
from ..courses.models import Module, Question, QuestionVersion
from ..courses.services import current_questions_by_module
from ..database import lock_for_write
from ..extensions import db
from ..progress.services import record_attempt
from ..timeutil import utcnow
from .draw import stratified_draw
from .grading import GradedAnswer, QuizResult, gradable, grade_quiz
from .models import Answer, QuizAttempt, answer_selection


def draw_final(
    final: Module, lessons: Sequence[Module], rng: random.Random
) -> list[QuestionVersion]:
    """A fresh stratified draw for the final assessment (``draw.stratified_draw``)."""
    pools = current_questions_by_module(lessons)
    return stratified_draw([p for p in pools if p], final.draw_per_module or 1, rng)


def drawn_versions(
    version_ids: Sequence[int], lessons: Sequence[Module]
) -> list[QuestionVersion] | None:
    """The question versions of a signed draw, in its order, or None if any of them is unknown or
    not from one of these lessons (a draw from before the course changed shape)."""
    versions = db.session.scalars(
        db.select(QuestionVersion)
        .where(QuestionVersion.id.in_(version_ids))
        .options(selectinload(QuestionVersion.options), joinedload(QuestionVersion.question))
    ).all()
    by_id = {v.id: v for v in versions}
    lesson_ids = {m.id for m in lessons}
    if len(set(version_ids)) != len(version_ids) or set(by_id) != set(version_ids):
        return None
    if any(by_id[i].question.module_id not in lesson_ids for i in version_ids):
        return None
    return [by_id[i] for i in version_ids]


class NoAttemptsLeft(Exception):
    """The learner has used every attempt the course allows for this quiz."""


_BY_TOKEN = select(QuizAttempt.id, QuizAttempt.user_id).where(
    QuizAttempt.submission_token == bindparam("token")
)
# Read under the lock, in one round trip: an attempt already stored under the token, and the
# learner's last attempt number at this quiz.
_AFTER_LOCK = select(
    select(QuizAttempt.id)
    .where(QuizAttempt.submission_token == bindparam("token"))
    .scalar_subquery()
    .label("replayed"),
    select(func.max(QuizAttempt.number))
    .where(
        QuizAttempt.user_id == bindparam("user_id"),
        QuizAttempt.module_id == bindparam("module_id"),
    )
    .scalar_subquery()
    .label("last_number"),
)
_INSERT_ATTEMPT = insert(QuizAttempt.__table__).returning(QuizAttempt.__table__.c.id)
_LOCK_LEARNER = select(User.id).where(User.id == bindparam("user_id")).with_for_update()


def find_attempt_by_token(token: str) -> Row[tuple[int, int]] | None:
    """The id and learner of the attempt stored under this submission token, if any (a plain
    row: every submission asks, and almost always for nothing)."""
    return db.session.connection().execute(_BY_TOKEN, {"token": token}).first()


def submit_attempt(
    user_id: int,
    module: Module,
    versions: Sequence[QuestionVersion],
    responses: Mapping[str, Any],
    submission_token: str,
    pass_mark: int,
    max_attempts: int | None = None,
    submitted_at: datetime | None = None,
) -> QuizAttempt:
    """Grade ``responses`` (question version id -> response, see ``grading.grade_answer``) and
    store the attempt, its answers and the learner's progress (a passing final assessment
    ``earns_certificate``: the caller issues it, this service knows nothing of certificates).
    Raises ``grading.InvalidResponse``
    for impossible input and ``NoAttemptsLeft`` beyond ``max_attempts``. If the token was already
    used, returns that attempt instead of storing a second one. ``submitted_at`` (default: now)
    backdates the attempt, its progress and certificate: for demo data, never for a learner."""
    result = grade_quiz([gradable(v) for v in versions], responses, pass_mark)
    # One submission at a time per learner: a row lock on PostgreSQL; on SQLite the write lock,
    # taken here and held to the commit. Replays and attempt numbers are then decided without
    # races; the unique constraints stay as the last line of defence.
    if not lock_for_write(db.session):
        db.session.execute(_LOCK_LEARNER, {"user_id": user_id})
    replayed, last_number = (
        db.session.connection()
        .execute(
            _AFTER_LOCK,
            {"token": submission_token, "user_id": user_id, "module_id": module.id},
        )
        .one()
    )
    if replayed is not None:
        found = db.session.get(QuizAttempt, replayed)
        assert found is not None
        return found
    number = 1 + (last_number or 0)
    if max_attempts is not None and number > max_attempts:
        raise NoAttemptsLeft
    values = {
        "user_id": user_id,
        "module_id": module.id,
        "number": number,
        "submission_token": submission_token,
        "points": result.points,
        "max_points": result.max_points,
        "score_percent": result.score_percent,
        "pass_mark": pass_mark,
        "is_passed": result.is_passed,
        "submitted_at": submitted_at or utcnow(),
    }
    # One INSERT … RETURNING rather than the unit of work's flush (a third of a submission's
    # time); the attempt then joins the session as the stored row it is, without more SQL.
    attempt = QuizAttempt(id=db.session.connection().execute(_INSERT_ATTEMPT, values).scalar_one())
    for name, value in values.items():
        setattr(attempt, name, value)
    make_transient_to_detached(attempt)
    db.session.add(attempt)
    _store_answers(attempt.id, versions, result.answers)
    record_attempt(user_id, module.id, result.score_percent, result.is_passed, attempt.submitted_at)
    return attempt


def _store_answers(
    attempt_id: int, versions: Sequence[QuestionVersion], graded: Sequence[GradedAnswer]
) -> None:
    """The attempt's answers in one INSERT and their chosen options in one more, however long
    the quiz (the demo seed submits thousands of attempts through here)."""
    rows = [
        {
            "attempt_id": attempt_id,
            "question_version_id": version.id,
            "position": position,
            "points": answer.points,
            "max_points": answer.max_points,
            "is_correct": answer.is_correct,
            "response": answer.response,
        }
        for position, (version, answer) in enumerate(zip(versions, graded, strict=True), start=1)
    ]
    connection = db.session.connection()
    if not any(answer.selected for answer in graded):
        connection.execute(_INSERT_ANSWERS, rows)
        return
    # Each new id with its position, in the same statement. Asking RETURNING for the rows' order
    # instead would make SQLite insert them one by one.
    ids = dict(connection.execute(_INSERT_ANSWERS_RETURNING, rows).tuples().all())
    option_ids = {(v.id, o.slug): o.id for v in versions for o in v.options}
    chosen = [
        {"answer_id": ids[position], "option_id": option_ids[(version.id, slug)]}
        for position, (version, answer) in enumerate(zip(versions, graded, strict=True), start=1)
        for slug in sorted(answer.selected)
    ]
    connection.execute(_INSERT_SELECTIONS, chosen)


# Built once: every submission runs them (plain Core statements, no ORM bulk machinery).
_INSERT_ANSWERS = insert(Answer.__table__)
_INSERT_ANSWERS_RETURNING = _INSERT_ANSWERS.returning(Answer.position, Answer.id)
_INSERT_SELECTIONS = insert(answer_selection)


def missed_versions(attempt: QuizAttempt) -> list[QuestionVersion]:
    """The question versions this attempt did not get fully right, in the order asked."""
    return [a.question_version for a in attempt.answers if not a.is_correct]


def grade_practice(
    versions: Sequence[QuestionVersion], responses: Mapping[str, Any], pass_mark: int
) -> QuizResult:
    """Grade a practice round exactly like a quiz, and store nothing: practice never counts."""
    return grade_quiz([gradable(v) for v in versions], responses, pass_mark)


def get_attempt_for_user(attempt_id: int, user_id: int) -> QuizAttempt | None:
    """The attempt with everything its result page shows, or None if it is not this user's."""
    return db.session.scalar(
        db.select(QuizAttempt)
        .where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user_id)
        .options(
            # the attempt's module comes from the identity map when the course was loaded first
            selectinload(QuizAttempt.answers).options(
                selectinload(Answer.selected_options),
                selectinload(Answer.question_version).options(
                    selectinload(QuestionVersion.options),
                    joinedload(QuestionVersion.question).joinedload(Question.module),
                ),
            ),
        )
    )


def attempts_for_user(user_id: int, module_ids: Sequence[int]) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            db.select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.module_id.in_(module_ids))
            .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        )
    )
