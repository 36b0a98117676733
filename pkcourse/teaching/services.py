"""Classes and memberships: creating, joining, rotating codes, removing learners.

The gradebook and question analysis live in reports.py; this module changes data. Services flush,
views commit.
"""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from ..auth.models import Role, User
from ..extensions import db
from ..timeutil import utcnow
from .codes import new_code
from .models import Classroom, Membership

TEACHING_ROLES = (Role.TEACHER, Role.ADMIN)


def can_teach(user: User) -> bool:
    return user.is_authenticated and user.role in TEACHING_ROLES


def class_for_teacher(class_id: int, teacher_id: int) -> Classroom | None:
    """The class, or None if it does not exist or belongs to another teacher."""
    return db.session.scalar(
        select(Classroom).where(Classroom.id == class_id, Classroom.teacher_id == teacher_id)
    )


def class_by_code(code: str) -> Classroom | None:
    return db.session.scalar(select(Classroom).where(Classroom.join_code == code))


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
    result = db.session.execute(
        delete(Membership).where(
            Membership.classroom_id == classroom.id, Membership.user_id == user_id
        )
    )
    return result.rowcount == 1


def learner_in_class(classroom: Classroom, user_id: int) -> User | None:
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.classroom_id == classroom.id, User.id == user_id)
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
