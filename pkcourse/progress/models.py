from datetime import datetime

from sqlalchemy import ForeignKey, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..timeutil import UTCDateTime, utcnow


class ModuleProgress(Model):
    """A learner's standing in one module, kept current by atomic upserts on every submission.
    Both the best and the last attempt are kept; the course setting ``counts`` picks one."""

    __tablename__ = "module_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), primary_key=True)
    attempt_count: Mapped[int] = mapped_column(default=0)
    best_score_percent: Mapped[float] = mapped_column(default=0.0)
    is_passed: Mapped[bool] = mapped_column(default=False)  # any attempt passed
    last_score_percent: Mapped[float] = mapped_column(default=0.0, server_default="0")
    last_is_passed: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
