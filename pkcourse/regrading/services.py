"""Regrading a question: find the answers graded on an older version of it, grade their stored
responses on the current version (the kind's pure grading), plan the change to every attempt
(``rules.plan_regrade``), and apply it: the originals kept on the answers and attempts, progress
recomputed, certificates newly earned issued, an audit entry written. Certificates a regrade no
longer supports are only listed (``pending_withdrawals``) until an admin decides.

Services flush; the view or command commits.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import Role, User
from ..certificates.models import Certificate
from ..certificates.services import certificate_of, issue_for
from ..courses.models import Course, Module, ModuleKind, Question, QuestionVersion
from ..courses.services import derived
from ..database import lock_for_write
from ..extensions import db
from ..numbers import format_percent
from ..progress.services import recompute_progress
from ..quizzes.grading import GradedAnswer, InvalidResponse, gradable, grade_answer
from ..quizzes.kinds import kind_of
from ..quizzes.models import Answer, QuizAttempt
from ..teaching.services import learners_taught
from ..templating import format_points
from ..timeutil import utcnow
from .models import CertificateReview, Decision, Regrade
from .rules import AnswerRegrade, AttemptChange, AttemptGrade, RegradePlan, plan_regrade


@dataclass(frozen=True)
class Scope:
    """Whose attempts a regrade touches: ``user_ids`` a subquery of learner ids (None: every
    learner); ``label`` says so in the preview and the audit."""

    user_ids: Select | None
    label: str


EVERYONE = Scope(None, "every learner")


def scope_for(user: User) -> Scope:
    """An admin regrades everyone; a teacher the learners of the classes they teach."""
    if user.role == Role.ADMIN:
        return EVERYONE
    return Scope(learners_taught(user.id), f"learners in the classes of {user.display_name}")


def _in_scope(statement: Select, scope: Scope) -> Select:
    if scope.user_ids is None:
        return statement
    return statement.where(QuizAttempt.user_id.in_(scope.user_ids))


def _older_versions():
    """Answers graded on a version older than their question's current one."""
    return (
        select(Answer)
        .join(QuestionVersion, QuestionVersion.id == Answer.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
        .where(QuestionVersion.number < Question.current_version)
    )


def older_version_ids(course: Course) -> tuple[int, ...]:
    """The course's question versions older than their question's current one. Versions change
    only at import, so this is kept with the cached course (a new import replaces it)."""

    def build() -> tuple[int, ...]:
        statement = (
            select(QuestionVersion.id)
            .join(Question, Question.id == QuestionVersion.question_id)
            .join(Module, Module.id == Question.module_id)
            .where(Module.course_id == course.id)
            .where(QuestionVersion.number < Question.current_version)
        )
        return tuple(db.session.scalars(statement))

    kept = derived(course, "regrading.older_versions", build)
    return build() if kept is None else kept


def pending_by_question(course: Course, scope: Scope) -> dict[int, int]:
    """Question id -> how many answers in scope were graded on an older version of it: the
    questions a regrade could apply to. No query while every answer's version is current (the
    usual case); otherwise one, driven by the answers' version index."""
    older = older_version_ids(course)
    if not older:
        return {}
    statement = _in_scope(
        select(QuestionVersion.question_id, func.count(Answer.id))
        .join(Answer, Answer.question_version_id == QuestionVersion.id)
        .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
        .where(QuestionVersion.id.in_(older))
        .group_by(QuestionVersion.question_id),
        scope,
    )
    return {question_id: count for question_id, count in db.session.execute(statement)}


@dataclass
class Prepared:
    """A regrade worked out and not applied: the question's current version, each regradable
    answer with its new grading, the attempts they belong to, and the plan."""

    question: Question
    version: QuestionVersion
    scope: Scope
    regraded: list[tuple[Answer, GradedAnswer]]
    attempts: dict[int, QuizAttempt]
    plan: RegradePlan
    from_versions: tuple[int, ...]
    skipped: list[Answer] = field(default_factory=list)

    def attempt(self, change: AttemptChange) -> QuizAttempt:
        return self.attempts[change.attempt_id]

    @property
    def certificates_at_risk(self) -> list[QuizAttempt]:
        """Final-assessment attempts the regrade fails: their learners' certificates will be
        listed for an admin to confirm or keep (never withdrawn here)."""
        return [self.attempt(c) for c in self.plan.newly_failed if self.attempt(c).module.is_final]


def find_question(question_id: int) -> Question | None:
    return db.session.get(Question, question_id)


def find_question_by_id(typed: str) -> Question | None:
    """The question a command line names: by its number in the teacher's pages, or by its id in
    the quiz file when exactly one question has it."""
    typed = typed.strip()
    if typed.isdigit():
        return db.session.get(Question, int(typed)) if len(typed) < 10 else None
    found = db.session.scalars(select(Question).where(Question.slug == typed).limit(2)).all()
    return found[0] if len(found) == 1 else None


def current_version(question: Question) -> QuestionVersion:
    return db.session.scalars(
        select(QuestionVersion)
        .where(
            QuestionVersion.question_id == question.id,
            QuestionVersion.number == question.current_version,
        )
        .options(selectinload(QuestionVersion.options))
    ).one()


def prepare(question: Question, scope: Scope) -> Prepared:
    """Grade every answer in scope that was graded on an older version of ``question`` on its
    current version, and plan the change; nothing is written. A fixed number of queries."""
    version = current_version(question)
    answers = db.session.scalars(
        _in_scope(_older_versions().where(Question.id == question.id), scope)
        .options(
            selectinload(Answer.selected_options),
            joinedload(Answer.question_version),
            joinedload(Answer.attempt).options(
                joinedload(QuizAttempt.user), joinedload(QuizAttempt.module)
            ),
        )
        .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
    ).all()
    question_now = gradable(version)
    regraded, skipped = [], []
    for answer in answers:
        graded = _grade_again(answer, question_now)
        if graded is None:
            skipped.append(answer)
        else:
            regraded.append((answer, graded))
    attempts = {answer.attempt_id: answer.attempt for answer, _ in regraded}
    plan = plan_regrade(
        (
            AttemptGrade(a.id, a.points, a.max_points, a.pass_mark, a.is_passed)
            for a in attempts.values()
        ),
        (AnswerRegrade(a.attempt_id, a.points, g.points) for a, g in regraded),
        skipped=len(skipped),
    )
    from_versions = tuple(sorted({a.question_version.number for a, _ in regraded}))
    return Prepared(question, version, scope, regraded, attempts, plan, from_versions, skipped)


def _grade_again(answer: Answer, question: Any) -> GradedAnswer | None:
    """The answer's stored response graded on the new version; None if that version cannot
    take it (an option or item it names is gone, or the question changed kind)."""
    stored = kind_of(answer.question_version.kind).stored_response(
        answer.response, frozenset(o.slug for o in answer.selected_options)
    )
    try:
        return grade_answer(question, stored)
    except InvalidResponse:
        return None


def describe(prepared: Prepared) -> list[str]:
    """The plan in plain lines (the command line prints them)."""
    plan, question = prepared.plan, prepared.question
    head = f"Question {question.id} ({question.slug}), now at version {prepared.version.number}"
    if plan.is_empty:
        if plan.skipped:
            return [
                f"{head}: the {plan.skipped} answer(s) by {prepared.scope.label} graded on an "
                "older version cannot be graded on this one (an option or item they name is "
                "gone); nothing to regrade."
            ]
        return [f"{head}: no answer by {prepared.scope.label} is graded on an older version."]
    versions = ", ".join(map(str, prepared.from_versions))
    lines = [
        f"{head}: {plan.answers} answer(s) by {prepared.scope.label} graded on version "
        f"{versions}; {len(plan.changes)} attempt(s) change, {plan.unchanged} keep their score"
        + (f", {plan.skipped} answer(s) cannot be regraded." if plan.skipped else ".")
    ]
    for change in plan.changes:
        attempt = prepared.attempt(change)
        verdict = (
            ", newly passes"
            if change.newly_passed
            else ", newly fails"
            if change.newly_failed
            else ""
        )
        lines.append(
            f"  {attempt.user.display_name} <{attempt.user.email}>, {attempt.module.title}, "
            f"attempt {attempt.number}: {format_points(change.old_points)} -> "
            f"{format_points(change.new_points)} of {format_points(change.max_points)} points "
            f"({format_percent(change.old_score_percent)} -> "
            f"{format_percent(change.new_score_percent)}){verdict}"
        )
    lines.append(
        f"Points gained {format_points(plan.points_gained)}, "
        f"lost {format_points(plan.points_lost)}; "
        f"{len(plan.newly_passed)} newly pass, {len(plan.newly_failed)} newly fail."
    )
    if prepared.certificates_at_risk:
        lines.append(
            f"{len(prepared.certificates_at_risk)} final assessment(s) no longer pass: their "
            "certificates are listed for an admin to confirm, never withdrawn automatically."
        )
    return lines


@dataclass(frozen=True)
class Applied:
    regrade: Regrade | None  # None: there was nothing to regrade
    prepared: Prepared
    certificates_issued: int


def apply(question: Question, scope: Scope, actor_id: int | None) -> Applied:
    """Prepare the regrade under the write lock and apply it. Applying twice is harmless: the
    second finds no answer on an older version and writes nothing (``Applied.regrade`` None)."""
    # The question's row lock serialises regrades of one question (PostgreSQL); the learners'
    # row locks, the same ones a submission takes, keep their progress and certificates from
    # changing under us. On SQLite the write lock does both.
    lock_for_write(db.session)
    db.session.execute(select(Question.id).where(Question.id == question.id).with_for_update())
    learners = _in_scope(
        _older_versions().with_only_columns(QuizAttempt.user_id).where(Question.id == question.id),
        scope,
    )
    db.session.execute(select(User.id).where(User.id.in_(learners)).with_for_update())
    prepared = prepare(question, scope)
    if prepared.plan.is_empty:
        return Applied(None, prepared, 0)
    now = utcnow()
    _move_answers(prepared.regraded, prepared.version)
    for change in prepared.plan.changes:
        _regrade_attempt(prepared.attempt(change), change, now)
    db.session.flush()
    recompute_progress(
        (prepared.attempt(c).user_id, prepared.attempt(c).module_id) for c in prepared.plan.changes
    )
    issued = _issue_certificates(prepared)
    plan = prepared.plan
    regrade = Regrade(
        question_id=question.id,
        from_versions=", ".join(map(str, prepared.from_versions)),
        to_version=prepared.version.number,
        actor_id=actor_id,
        scope=scope.label[:200],
        created_at=now,
        answers_regraded=plan.answers,
        attempts_changed=len(plan.changes),
        points_gained=plan.points_gained,
        points_lost=plan.points_lost,
        newly_passed=len(plan.newly_passed),
        newly_failed=len(plan.newly_failed),
        certificates_issued=issued,
    )
    db.session.add(regrade)
    db.session.flush()
    return Applied(regrade, prepared, issued)


def _move_answers(regraded: Sequence[tuple[Answer, GradedAnswer]], version: QuestionVersion):
    """Each answer now graded on ``version``: the first grading kept, the choices pointed at the
    new version's options of the same ids."""
    options = {o.slug: o for o in version.options}
    for answer, graded in regraded:
        if answer.original_question_version_id is None:
            answer.original_question_version_id = answer.question_version_id
            answer.original_points = answer.points
            answer.original_is_correct = answer.is_correct
        answer.question_version = version
        answer.points = graded.points
        answer.max_points = graded.max_points
        answer.is_correct = graded.is_correct
        if graded.response is not None:
            answer.response = graded.response
        answer.selected_options = [options[slug] for slug in sorted(graded.selected)]


def _regrade_attempt(attempt: QuizAttempt, change: AttemptChange, at) -> None:
    if attempt.original_points is None:
        attempt.original_points = attempt.points
        attempt.original_score_percent = attempt.score_percent
        attempt.original_is_passed = attempt.is_passed
    attempt.points = change.new_points
    attempt.score_percent = change.new_score_percent
    attempt.is_passed = change.is_passed
    attempt.regraded_at = at


def _issue_certificates(prepared: Prepared) -> int:
    """Certificates for final assessments the regrade passes, through ``issue_for`` (which
    issues once: a learner who already holds one keeps it unchanged)."""
    issued = 0
    for change in prepared.plan.newly_passed:
        attempt = prepared.attempt(change)
        if not attempt.earns_certificate:
            continue
        course_id = attempt.module.course_id
        if certificate_of(attempt.user_id, course_id) is None:
            issue_for(
                attempt.user_id, course_id, attempt.id, attempt.score_percent, attempt.submitted_at
            )
            issued += 1
    return issued


def history(question: Question) -> list[Regrade]:
    """The audit entries of the question's regrades, newest first."""
    return list(
        db.session.scalars(
            select(Regrade)
            .where(Regrade.question_id == question.id)
            .options(joinedload(Regrade.actor))
            .order_by(Regrade.created_at.desc(), Regrade.id.desc())
        )
    )


# --- Certificates a regrade no longer supports -------------------------------------------------


def _unsupported():
    """Certificates whose holder has no passing final-assessment attempt in the course any more,
    and that no admin has decided to keep."""
    finals = select(Module.id).where(
        Module.course_id == Certificate.course_id, Module.kind == ModuleKind.FINAL
    )
    passing = exists().where(
        QuizAttempt.user_id == Certificate.user_id,
        QuizAttempt.module_id.in_(finals),
        QuizAttempt.is_passed,
    )
    kept = exists().where(
        CertificateReview.certificate_code == Certificate.code,
        CertificateReview.decision == Decision.KEPT,
    )
    return select(Certificate).where(~passing, ~kept)


def pending_withdrawals() -> list[Certificate]:
    """The certificates waiting for an admin's decision, oldest first."""
    return list(
        db.session.scalars(
            _unsupported()
            .options(joinedload(Certificate.user))
            .order_by(Certificate.issued_at, Certificate.id)
        )
    )


def count_pending_withdrawals() -> int:
    return db.session.scalar(select(func.count()).select_from(_unsupported().subquery())) or 0


def decide(certificate_id: int, decision: Decision, admin_id: int) -> CertificateReview | None:
    """Record the admin's decision on a pending certificate and, to withdraw it, delete it (its
    code and score stay in the review). None if the certificate is not pending (any more)."""
    certificate = db.session.scalar(_unsupported().where(Certificate.id == certificate_id))
    if certificate is None:
        return None
    review = CertificateReview(
        certificate_code=certificate.code,
        user_id=certificate.user_id,
        course_id=certificate.course_id,
        score_percent=certificate.score_percent,
        decision=decision.value,
        decided_by_id=admin_id,
    )
    db.session.add(review)
    if decision is Decision.WITHDRAWN:
        db.session.delete(certificate)
    db.session.flush()
    return review
