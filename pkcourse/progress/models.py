from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class ModuleProgress(db.Model):
    """A learner's standing in one module, kept current by atomic upserts on every submission."""

    __tablename__ = "module_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), primary_key=True)
    attempt_count: Mapped[int] = mapped_column(default=0)
    best_score_percent: Mapped[float] = mapped_column(default=0.0)
    is_passed: Mapped[bool] = mapped_column(default=False)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
