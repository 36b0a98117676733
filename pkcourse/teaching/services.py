"""Classes and memberships: creating, joining, rotating codes, removing learners; renaming,
archiving and deleting classes; co-teachers; learners' flags on questions.

The gradebook and question analysis live in reports.py; this module changes data. Services flush,
views commit.
"""

from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Integer,
    and_,
    bindparam,
    delete,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from ..auth.models import Role, User
from ..auth.services import find_user_by_email
from ..courses.models import QuestionVersion
from ..extensions import db
from ..quizzes.models import Answer, QuizAttempt
from ..timeutil import utcnow
from .codes import new_code
from .models import Classroom, CoTeacher, Membership, QuestionFlag

TEACHING_ROLES = (Role.TEACHER, Role.ADMIN)


def can_teach(user: User) -> bool:
    return user.is_authenticated and user.role in TEACHING_ROLES


def _taught_by(teacher_id: int | ColumnElement[int]):
    """The classes a teacher owns or co-teaches: one rule for every teacher page."""
    co_taught = select(CoTeacher.classroom_id).where(CoTeacher.user_id == teacher_id)
    return or_(Classroom.teacher_id == teacher_id, Classroom.id.in_(co_taught))


def class_for_teacher(class_id: int, teacher_id: int) -> Classroom | None:
    """The class, or None if it does not exist or the teacher neither owns nor co-teaches it.
    Archived classes are returned too: they stay readable."""
    return db.session.scalar(_CLASS_FOR_TEACHER, {"class_id": class_id, "teacher_id": teacher_id})


# Built once: every teacher page of a class runs it, and building it cost more than running it.
_CLASS_FOR_TEACHER = select(Classroom).where(
    Classroom.id == bindparam("class_id"), _taught_by(bindparam("teacher_id", type_=Integer))
)


def class_ids_taught(teacher_id: int, *, archived: bool = False):
    """A subquery of the ids of the teacher's active (or, with `archived`, archived) classes."""
    state = Classroom.archived_at.is_not(None) if archived else Classroom.archived_at.is_(None)
    return select(Classroom.id).where(_taught_by(teacher_id), state)


def learners_taught(teacher_id: int):
    """A subquery of the ids of the learners in any class the teacher owns or co-teaches,
    archived ones included."""
    taught = select(Classroom.id).where(_taught_by(teacher_id))
    return select(Membership.user_id).where(Membership.classroom_id.in_(taught))


def archived_classes(teacher_id: int) -> list[Classroom]:
    return list(
        db.session.scalars(
            select(Classroom)
            .where(Classroom.id.in_(class_ids_taught(teacher_id, archived=True)))
            .order_by(Classroom.archived_at.desc(), Classroom.id.desc())
        )
    )


def class_by_code(code: str) -> Classroom | None:
    """The class a learner may join with this code; archived classes take nobody new."""
    return db.session.scalar(
        select(Classroom).where(Classroom.join_code == code, Classroom.archived_at.is_(None))
    )


def create_class(teacher_id: int, name: str, created_at: datetime | None = None) -> Classroom:
    """A new class with a fresh join code; ``created_at`` (default: now) is for demo data."""
    classroom = Classroom(
        teacher_id=teacher_id,
        name=name,
        join_code=_unused_code(),
        created_at=created_at or utcnow(),
    )
    db.session.add(classroom)
    db.session.flush()
    return classroom


def rename(classroom: Classroom, name: str) -> None:
    classroom.name = name
    db.session.flush()


def archive(classroom: Classroom) -> None:
    """Read-only from now on: hidden from the dashboard, nobody can join, nothing changes."""
    if classroom.archived_at is None:
        classroom.archived_at = utcnow()
        db.session.flush()


def restore(classroom: Classroom) -> None:
    classroom.archived_at = None
    db.session.flush()


def delete_class(classroom: Classroom) -> None:
    """The class, its memberships and co-teachers go; the learners' attempts, progress and
    certificates are theirs and stay."""
    db.session.execute(delete(Membership).where(Membership.classroom_id == classroom.id))
    db.session.execute(delete(CoTeacher).where(CoTeacher.classroom_id == classroom.id))
    db.session.expire(classroom)
    db.session.delete(classroom)
    db.session.flush()


class CoTeacherError(ValueError):
    """Why a co-teacher could not be added, in words for the form."""


def add_co_teacher(classroom: Classroom, email: str) -> User:
    teacher = find_user_by_email(email)
    if teacher is None or not teacher.is_active:
        raise CoTeacherError("No account has this e-mail address. Ask your colleague to sign up.")
    if teacher.role not in TEACHING_ROLES:
        raise CoTeacherError(
            f"{teacher.display_name} has a learner account; an administrator can make it a "
            "teacher account first."
        )
    if teacher.id == classroom.teacher_id or is_co_teacher(classroom.id, teacher.id):
        raise CoTeacherError(f"{teacher.display_name} already teaches this class.")
    db.session.add(CoTeacher(classroom_id=classroom.id, user_id=teacher.id, added_at=utcnow()))
    db.session.flush()
    return teacher


def is_co_teacher(classroom_id: int, user_id: int) -> bool:
    found = db.session.scalar(
        select(CoTeacher.user_id).where(
            CoTeacher.classroom_id == classroom_id, CoTeacher.user_id == user_id
        )
    )
    return found is not None


def co_teachers(classroom: Classroom) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CoTeacher, CoTeacher.user_id == User.id)
            .where(CoTeacher.classroom_id == classroom.id)
            .order_by(User.display_name, User.id)
        )
    )


def remove_co_teacher(classroom: Classroom, user_id: int) -> bool:
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(CoTeacher).where(
                CoTeacher.classroom_id == classroom.id, CoTeacher.user_id == user_id
            )
        ),
    )
    return result.rowcount == 1


def rotate_code(classroom: Classroom) -> str:
    """A new join code; the old link stops working at once. Members stay members."""
    classroom.join_code = _unused_code()
    db.session.flush()
    return classroom.join_code


def _unused_code() -> str:
    # 29^8 codes make a clash unlikely; the unique constraint is the real guarantee.
    for _ in range(10):
        code = new_code()
        if class_by_code(code) is None:
            return code
    raise RuntimeError("could not find an unused join code")


def is_member(classroom_id: int, user_id: int) -> bool:
    found = db.session.scalar(
        select(Membership.user_id).where(
            Membership.classroom_id == classroom_id, Membership.user_id == user_id
        )
    )
    return found is not None


def join(classroom: Classroom, user_id: int) -> bool:
    """Add the learner to the class; False if they were already in it. Safe against a double
    click: the insert ignores an existing membership instead of failing."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Membership.__table__)
        .values(classroom_id=classroom.id, user_id=user_id, joined_at=utcnow())
        .on_conflict_do_nothing()
        .returning(Membership.__table__.c.user_id)
    )
    return db.session.execute(statement).scalar() is not None


def remove_learner(classroom: Classroom, user_id: int) -> bool:
    """Take the learner out of the class. Their attempts and progress are theirs and stay."""
    # A DELETE gives a CursorResult (with rowcount); Session.execute is typed for any statement.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(Membership).where(
                Membership.classroom_id == classroom.id, Membership.user_id == user_id
            )
        ),
    )
    return result.rowcount == 1


def learner_in_class(classroom: Classroom, user_id: int) -> User | None:
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.classroom_id == classroom.id, User.id == user_id)
    )


def class_joined(class_id: int, user_id: int) -> Classroom | None:
    """The class, if the learner is in it."""
    return db.session.scalar(
        select(Classroom)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .where(Classroom.id == class_id, Membership.user_id == user_id)
    )


def classes_joined(user_id: int) -> list[Classroom]:
    return list(
        db.session.scalars(
            select(Classroom)
            .join(Membership, Membership.classroom_id == Classroom.id)
            .where(Membership.user_id == user_id)
            .order_by(Classroom.name)
        )
    )


# Learners' flags on questions.

FLAG_REASONS = {"wrong": "seems wrong", "unclear": "is unclear"}


def flag_question(
    attempt: QuizAttempt, question_version_id: int, reason: str, comment: str
) -> QuestionFlag | None:
    """Record the learner's flag on a question of their own attempt; None if the question was
    not in it. A second flag on the same question replaces the first and reopens it."""
    in_attempt = db.session.scalar(
        select(Answer.id).where(
            Answer.attempt_id == attempt.id, Answer.question_version_id == question_version_id
        )
    )
    if in_attempt is None or reason not in FLAG_REASONS:
        return None
    flag = db.session.scalar(
        select(QuestionFlag).where(
            QuestionFlag.user_id == attempt.user_id,
            QuestionFlag.question_version_id == question_version_id,
        )
    )
    if flag is None:
        flag = QuestionFlag(user_id=attempt.user_id, question_version_id=question_version_id)
        db.session.add(flag)
    flag.reason, flag.comment, flag.created_at = reason, comment, utcnow()
    flag.resolved_at = flag.resolved_by_id = None
    db.session.flush()
    return flag


def flag_state(user_id: int, version_ids: list[int]) -> tuple[bool, set[int]]:
    """Whether the learner is in a class (so has a teacher to report a problem to), and which of
    these question versions they have flagged already: one query, for the result page."""
    in_class = select(Membership.user_id).where(Membership.user_id == user_id).exists()
    one_row = select(literal(1).label("one")).subquery()
    rows = db.session.execute(
        select(in_class, QuestionFlag.question_version_id)
        .select_from(one_row)
        .outerjoin(
            QuestionFlag,
            and_(
                QuestionFlag.user_id == user_id,
                QuestionFlag.question_version_id.in_(version_ids),
            ),
        )
    ).all()
    return bool(rows[0][0]), {version_id for _, version_id in rows if version_id is not None}


_OPEN_FLAGS = (
    select(
        QuestionFlag.id,
        QuestionFlag.reason,
        QuestionFlag.comment,
        QuestionFlag.created_at,
        QuestionVersion.question_id,
        User.display_name,
    )
    .join(QuestionVersion, QuestionVersion.id == QuestionFlag.question_version_id)
    .join(User, User.id == QuestionFlag.user_id)
    .where(
        QuestionFlag.user_id.in_(
            select(Membership.user_id).where(Membership.classroom_id == bindparam("class_id"))
        ),
        QuestionFlag.resolved_at.is_(None),
    )
    .order_by(QuestionFlag.created_at, QuestionFlag.id)
)


class _OpenFlag(NamedTuple):
    id: int
    reason: str
    comment: str
    created_at: datetime


def open_flags(classroom: Classroom) -> dict[int, list[tuple[Any, str]]]:
    """Unresolved flags by the class's learners, by question id, with the learner's name: one
    query whatever the class size. A teacher sees only their own learners' flags. Each flag is a
    plain row (id, reason, comment, created_at): hashable, so the question analysis page can be
    kept per process for the flags it shows (teaching/views.py)."""
    rows = db.session.execute(_OPEN_FLAGS, {"class_id": classroom.id})
    by_question: dict[int, list[tuple[Any, str]]] = {}
    for flag_id, reason, comment, created_at, question_id, name in rows:
        flag = _OpenFlag(flag_id, reason, comment, created_at)
        by_question.setdefault(question_id, []).append((flag, name))
    return by_question


def resolve_flag(classroom: Classroom, flag_id: int, teacher_id: int) -> QuestionFlag | None:
    """Mark a flag by one of the class's learners resolved; None if it is not theirs to see."""
    members = select(Membership.user_id).where(Membership.classroom_id == classroom.id)
    flag = db.session.scalar(
        select(QuestionFlag).where(QuestionFlag.id == flag_id, QuestionFlag.user_id.in_(members))
    )
    if flag is not None and flag.resolved_at is None:
        flag.resolved_at, flag.resolved_by_id = utcnow(), teacher_id
        db.session.flush()
    return flag
