"""Classes group learners under a teacher. Leaving a class removes only the membership row: the
learner's attempts and progress are the learner's own and stay untouched."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..auth.models import User


class Classroom(Model):
    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # Stored normalised (upper case, no separators); see codes.normalise_code.
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teacher: Mapped[User] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )


class Membership(Model):
    __tablename__ = "class_membership"

    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()
