"""Account self-service use-cases. They flush, never commit: the caller commits once."""

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..auth.passwords import hash_password, verify_password
from ..auth.services import EmailTaken, WrongPassword, find_user_by_email, normalize_email
from ..certificates.models import Certificate
from ..courses.models import Module, QuestionVersion
from ..extensions import db
from ..progress.models import ModuleProgress
from ..quizzes.models import Answer, QuizAttempt, answer_selection
from ..teaching.exports import to_csv
from ..teaching.models import Classroom, Membership


class OwnsClasses(Exception):
    """A teacher's account cannot go while classes depend on it."""


def reset_password(user: User, new_password: str, *, hash_method: str) -> None:
    """Set a new password (from a reset link or the command line) and end every session and
    remember-me cookie of ``user``; every earlier reset link stops working with the old hash."""
    user.password_hash = hash_password(new_password, hash_method)
    user.end_all_sessions()


def check_password(user: User, password: str, *, hash_method: str) -> None:
    if not verify_password(user.password_hash, password, hash_method):
        raise WrongPassword


def change_display_name(user: User, name: str) -> None:
    """The new name shows everywhere from now on; a certificate already issued keeps the name it
    was issued with (it records what was certified)."""
    user.display_name = name.strip()


def change_email(user: User, password: str, new_email: str, *, hash_method: str) -> None:
    """Raises ``WrongPassword`` or ``EmailTaken`` (changing nothing)."""
    check_password(user, password, hash_method=hash_method)
    email = normalize_email(new_email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise EmailTaken(email)
    user.email = email


def _attempts(user: User) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id)
            .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
            .options(
                selectinload(QuizAttempt.module),
                selectinload(QuizAttempt.answers).options(
                    selectinload(Answer.selected_options),
                    selectinload(Answer.question_version).selectinload(QuestionVersion.options),
                ),
            )
        )
    )


def _answer_given(answer: Answer) -> Any:
    if answer.response is not None:
        return answer.response
    return [option.text for option in answer.selected_options]


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def learner_data(user: User) -> dict[str, Any]:
    """Everything the app holds about ``user``, as JSON-ready values (times in UTC, ISO 8601)."""
    classes = db.session.execute(
        select(Classroom.name, User.display_name, Membership.joined_at)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .join(User, User.id == Classroom.teacher_id)
        .where(Membership.user_id == user.id)
        .order_by(Classroom.name)
    ).all()
    progress = db.session.execute(
        select(Module.title, ModuleProgress)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.user_id == user.id)
        .order_by(Module.position)
    ).all()
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id)
    ).all()
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "created_at": _when(user.created_at),
        },
        "classes": [
            {"name": name, "teacher": teacher, "joined_at": _when(joined)}
            for name, teacher, joined in classes
        ],
        "progress": [
            {
                "module": title,
                "attempts": row.attempt_count,
                "best_score_percent": row.best_score_percent,
                "passed": row.is_passed,
                "last_score_percent": row.last_score_percent,
                "last_attempt_at": _when(row.last_attempt_at),
            }
            for title, row in progress
        ],
        "attempts": [
            {
                "module": attempt.module.title,
                "number": attempt.number,
                "submitted_at": _when(attempt.submitted_at),
                "points": attempt.points,
                "max_points": attempt.max_points,
                "score_percent": attempt.score_percent,
                "pass_mark": attempt.pass_mark,
                "passed": attempt.is_passed,
                "answers": [
                    {
                        "question": answer.question_version.prompt,
                        "answer": _answer_given(answer),
                        "points": answer.points,
                        "max_points": answer.max_points,
                        "correct": answer.is_correct,
                    }
                    for answer in attempt.answers
                ],
            }
            for attempt in _attempts(user)
        ],
        "certificates": [
            {
                "code": certificate.code,
                "name": certificate.learner_name,
                "course": certificate.course_title,
                "score_percent": certificate.score_percent,
                "issued_at": _when(certificate.issued_at),
            }
            for certificate in certificates
        ],
    }


CSV_HEADER = ("record", "module", "attempt", "when_utc", "item", "value", "points", "passed")


def learner_data_csv(data: dict[str, Any]) -> str:
    """``learner_data`` as one table: a row per fact, its kind in the first column."""
    account = data["account"]
    rows: list[tuple] = [
        ("account", None, None, account["created_at"], "email", account["email"], None, None),
        ("account", None, None, None, "display name", account["display_name"], None, None),
        ("account", None, None, None, "role", account["role"], None, None),
    ]
    rows += [
        ("class", None, None, c["joined_at"], c["name"], f"teacher: {c['teacher']}", None, None)
        for c in data["classes"]
    ]
    rows += [
        (
            "progress",
            p["module"],
            p["attempts"],
            p["last_attempt_at"],
            "best score %",
            p["best_score_percent"],
            None,
            p["passed"],
        )
        for p in data["progress"]
    ]
    for a in data["attempts"]:
        rows.append(
            (
                "attempt",
                a["module"],
                a["number"],
                a["submitted_at"],
                "score %",
                a["score_percent"],
                a["points"],
                a["passed"],
            )
        )
        rows += [
            (
                "answer",
                a["module"],
                a["number"],
                a["submitted_at"],
                answer["question"],
                answer["answer"] if isinstance(answer["answer"], str) else _join(answer["answer"]),
                answer["points"],
                answer["correct"],
            )
            for answer in a["answers"]
        ]
    rows += [
        ("certificate", c["course"], None, c["issued_at"], "code", c["code"], None, None)
        for c in data["certificates"]
    ]
    return to_csv(CSV_HEADER, rows)


def _join(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{left} → {right or '(blank)'}" for left, right in value.items())
    return "; ".join(str(item) for item in value)


def delete_account(user: User, password: str, *, hash_method: str) -> None:
    """Delete ``user`` and every record of theirs: attempts with their answers, progress, class
    memberships and certificates (which then no longer verify). Raises ``WrongPassword`` or
    ``OwnsClasses`` (changing nothing)."""
    check_password(user, password, hash_method=hash_method)
    if db.session.scalar(select(Classroom.id).where(Classroom.teacher_id == user.id).limit(1)):
        raise OwnsClasses
    attempt_ids = select(QuizAttempt.id).where(QuizAttempt.user_id == user.id)
    answer_ids = select(Answer.id).where(Answer.attempt_id.in_(attempt_ids))
    session = db.session
    session.execute(delete(Certificate).where(Certificate.user_id == user.id))
    session.execute(delete(answer_selection).where(answer_selection.c.answer_id.in_(answer_ids)))
    session.execute(delete(Answer).where(Answer.attempt_id.in_(attempt_ids)))
    session.execute(delete(QuizAttempt).where(QuizAttempt.user_id == user.id))
    session.execute(delete(ModuleProgress).where(ModuleProgress.user_id == user.id))
    session.execute(delete(Membership).where(Membership.user_id == user.id))
    session.delete(user)
    session.flush()
