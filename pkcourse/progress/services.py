from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.dialects import postgresql, sqlite

from ..courses.models import Course, Module
from ..extensions import db
from .models import ModuleProgress
from .rules import (
    CoursePath,
    ModuleRecord,
    PathSettings,
    QuizState,
    course_path,
)


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
        last_score_percent=score_percent,
        last_is_passed=is_passed,
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
            "last_score_percent": new.last_score_percent,
            "last_is_passed": new.last_is_passed,
            "last_attempt_at": new.last_attempt_at,
        },
    )
    db.session.execute(statement)


def records_by_module(user_id: int, module_ids: Iterable[int]) -> dict[int, ModuleRecord]:
    """The learner's record per module tried. Read as plain rows, not ORM objects: every learner
    page asks for it."""
    table = ModuleProgress.__table__
    rows = db.session.connection().execute(
        select(
            table.c.module_id,
            table.c.attempt_count,
            table.c.best_score_percent,
            table.c.is_passed,
            table.c.last_score_percent,
            table.c.last_is_passed,
        ).where(table.c.user_id == user_id, table.c.module_id.in_(list(module_ids)))
    )
    return {
        module_id: ModuleRecord(
            attempt_count=count,
            best_score_percent=best,
            ever_passed=passed,
            last_score_percent=last,
            last_is_passed=last_passed,
        )
        for module_id, count, best, passed, last, last_passed in rows
    }


def settings_of(course: Course) -> PathSettings:
    return PathSettings(course.max_attempts, course.counts, course.is_sequential)


@dataclass(frozen=True)
class LearnerPath:
    """A learner's way through the course: the lessons in order, the final assessment, and the
    state of every quiz (``rules.course_path``)."""

    lessons: list[Module]
    final: Module | None
    path: CoursePath

    def state(self, module: Module) -> QuizState:
        if self.final is not None and module.id == self.final.id:
            assert self.path.final is not None
            return self.path.final
        return self.path.modules[self._index(module)]

    def previous(self, module: Module) -> Module | None:
        """The lesson before ``module`` (the one to pass first), if any."""
        index = self._index(module)
        return self.lessons[index - 1] if index > 0 else None

    def _index(self, module: Module) -> int:
        return next(i for i, m in enumerate(self.lessons) if m.id == module.id)

    @property
    def states(self) -> dict[int, QuizState]:
        return {m.id: s for m, s in zip(self.lessons, self.path.modules, strict=True)}


def learner_path(user_id: int | None, course: Course) -> LearnerPath:
    """The path for this learner (or for a visitor, with nothing attempted): one query."""
    lessons = [m for m in course.modules if m.is_active and not m.is_final]
    final = next((m for m in course.modules if m.is_active and m.is_final), None)
    records: dict[int, ModuleRecord] = {}
    if user_id is not None:
        records = records_by_module(user_id, [m.id for m in course.modules if m.is_active])
    path = course_path(
        [records.get(m.id) for m in lessons],
        settings_of(course),
        final=records.get(final.id) if final else None,
        has_final=final is not None,
    )
    return LearnerPath(lessons, final, path)
