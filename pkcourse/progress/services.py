from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from .models import ModuleProgress
from .rules import ModuleStatus, module_status


def record_attempt(
    user_id: int, module_id: int, score_percent: float, is_passed: bool, at: datetime
) -> None:
    """Fold one submitted attempt into the learner's progress in a single atomic upsert, so
    concurrent submissions can neither lose a count nor lower a best score."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ModuleProgress.__table__
    statement = insert(table).values(
        user_id=user_id,
        module_id=module_id,
        attempt_count=1,
        best_score_percent=score_percent,
        is_passed=is_passed,
        last_attempt_at=at,
    )
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.module_id],
        set_={
            "attempt_count": table.c.attempt_count + 1,
            "best_score_percent": case(
                (new.best_score_percent > table.c.best_score_percent, new.best_score_percent),
                else_=table.c.best_score_percent,
            ),
            "is_passed": table.c.is_passed | new.is_passed,
            "last_attempt_at": new.last_attempt_at,
        },
    )
    db.session.execute(statement)


def progress_by_module(user_id: int, module_ids: Iterable[int]) -> dict[int, ModuleProgress]:
    rows = db.session.scalars(
        db.select(ModuleProgress).where(
            ModuleProgress.user_id == user_id, ModuleProgress.module_id.in_(list(module_ids))
        )
    )
    return {row.module_id: row for row in rows}


def status_of(progress: ModuleProgress | None) -> ModuleStatus:
    if progress is None:
        return ModuleStatus.NOT_STARTED
    return module_status(progress.attempt_count, progress.is_passed)
