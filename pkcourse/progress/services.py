from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, exists, select, text, tuple_, update

from ..courses.models import Course, Module
from ..extensions import db
from ..quizzes.models import QuizAttempt
from .models import ModuleProgress
from .rules import (
    FINAL_INDEX,
    Counts,
    CoursePath,
    ModuleRecord,
    PathSettings,
    QuizState,
    Step,
    course_path,
    next_step,
)


def record_attempt(
    user_id: int, module_id: int, score_percent: float, is_passed: bool, at: datetime
) -> None:
    """Fold one submitted attempt into the learner's progress in a single atomic upsert, so
    concurrent submissions can neither lose a count nor lower a best score."""
    db.session.connection().execute(
        _UPSERT,
        {
            "user_id": user_id,
            "module_id": module_id,
            "attempt_count": 1,
            "best_score_percent": score_percent,
            "is_passed": is_passed,
            "last_score_percent": score_percent,
            "last_is_passed": is_passed,
            "last_attempt_at": at,
        },
    )


# Written as SQL, which SQLite and PostgreSQL both understand, because SQLAlchemy 2.0 never
# caches the compiled form of its dialects' ``insert().on_conflict_do_update()`` (their Insert
# has ``inherit_cache = False``): built that way, the upsert was compiled afresh on every
# submission, a twelfth of its time. A text statement is compiled once.
_UPSERT = text(
    """
    INSERT INTO module_progress (user_id, module_id, attempt_count, best_score_percent,
        is_passed, last_score_percent, last_is_passed, last_attempt_at)
    VALUES (:user_id, :module_id, :attempt_count, :best_score_percent,
        :is_passed, :last_score_percent, :last_is_passed, :last_attempt_at)
    ON CONFLICT (user_id, module_id) DO UPDATE SET
        attempt_count = module_progress.attempt_count + 1,
        best_score_percent = CASE
            WHEN excluded.best_score_percent > module_progress.best_score_percent
            THEN excluded.best_score_percent ELSE module_progress.best_score_percent END,
        is_passed = module_progress.is_passed OR excluded.is_passed,
        last_score_percent = excluded.last_score_percent,
        last_is_passed = excluded.last_is_passed,
        last_attempt_at = excluded.last_attempt_at
    """
).bindparams(*(bindparam(column.name, type_=column.type) for column in ModuleProgress.__table__.c))


def recompute_progress(pairs: Iterable[tuple[int, int]]) -> None:
    """Set the best and last scores and passes of these (user id, module id) progress rows from
    the learners' attempts, in one UPDATE: for attempts whose scores changed after submission (a
    regrade). The same rule as ``record_attempt`` folds in one attempt at a time: best is the
    highest score, passed is any attempt passed, last is the highest-numbered attempt."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    attempt, progress = QuizAttempt, ModuleProgress
    theirs = and_(attempt.user_id == progress.user_id, attempt.module_id == progress.module_id)
    latest = attempt.number.desc()
    db.session.execute(
        update(progress)
        .where(tuple_(progress.user_id, progress.module_id).in_(pairs))
        .values(
            best_score_percent=select(db.func.max(attempt.score_percent))
            .where(theirs)
            .scalar_subquery(),
            is_passed=exists().where(theirs, attempt.is_passed),
            last_score_percent=select(attempt.score_percent)
            .where(theirs)
            .order_by(latest)
            .limit(1)
            .scalar_subquery(),
            last_is_passed=select(attempt.is_passed)
            .where(theirs)
            .order_by(latest)
            .limit(1)
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class LearnerRecords:
    """A learner's progress: module id -> record, and when they last submitted a quiz."""

    by_module: dict[int, ModuleRecord]
    last_attempt_at: datetime | None


_PROGRESS = ModuleProgress.__table__
_RECORDS = select(
    _PROGRESS.c.user_id,
    _PROGRESS.c.module_id,
    _PROGRESS.c.attempt_count,
    _PROGRESS.c.best_score_percent,
    _PROGRESS.c.is_passed,
    _PROGRESS.c.last_score_percent,
    _PROGRESS.c.last_is_passed,
    _PROGRESS.c.last_attempt_at,
)
# Built once: every learner page runs it, and building a statement costs more than running it.
# All of the learner's rows (the primary key's first column), not an IN list of the course's
# modules: SQLAlchemy expands an IN list anew for every execution, which cost more than the query.
_LEARNER_RECORDS = _RECORDS.where(_PROGRESS.c.user_id == bindparam("user_id"))


def _read_records(statement, parameters: dict | None = None) -> dict[int, LearnerRecords]:
    """Progress rows, read as plain rows (not ORM objects: every learner page and teacher report
    asks for them), by learner."""
    records: dict[int, dict[int, ModuleRecord]] = defaultdict(dict)
    latest: dict[int, datetime] = {}
    for (
        user_id,
        module_id,
        count,
        best,
        passed,
        last,
        last_passed,
        at,
    ) in db.session.connection().execute(statement, parameters):
        records[user_id][module_id] = ModuleRecord(
            attempt_count=count,
            best_score_percent=best,
            ever_passed=passed,
            last_score_percent=last,
            last_is_passed=last_passed,
        )
        if user_id not in latest or at > latest[user_id]:
            latest[user_id] = at
    return {user_id: LearnerRecords(own, latest[user_id]) for user_id, own in records.items()}


def records_by_module(user_id: int, module_ids: Iterable[int]) -> dict[int, ModuleRecord]:
    """The learner's record per module tried, of ``module_ids``."""
    found = _read_records(_LEARNER_RECORDS, {"user_id": user_id}).get(user_id)
    if found is None:
        return {}
    wanted = set(module_ids)
    return {module_id: r for module_id, r in found.by_module.items() if module_id in wanted}


def settings_of(course: Course) -> PathSettings:
    return PathSettings(course.max_attempts, Counts(course.counts), course.is_sequential)


@dataclass(frozen=True)
class Next:
    """The learner's next step, the module it concerns (if any) with its state and its number
    in the course (1 for the first lesson; None for the final assessment)."""

    step: Step
    module: Module | None
    state: QuizState | None
    number: int | None


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

    def next_step(self, focus: Module | None = None) -> "Next":
        """``rules.next_step`` with the module it is about; ``focus`` is the module whose result
        the learner is looking at."""
        index = None
        if focus is not None and focus.is_active:
            if focus.is_final:
                index = FINAL_INDEX if self.final is not None else None
            elif any(m.id == focus.id for m in self.lessons):
                index = self._index(focus)
        found = next_step(self.path, index)
        if found.module is None:
            module = None
        elif found.module == FINAL_INDEX:
            module = self.final
        else:
            module = self.lessons[found.module]
        state = self.state(module) if module is not None else None
        number = None  # "Module 3" for a lesson; the final assessment has no number
        if module is not None and not module.is_final and found.module is not None:
            number = found.module + 1
        return Next(found.step, module, state, number)

    @property
    def states(self) -> dict[int, QuizState]:
        return {m.id: s for m, s in zip(self.lessons, self.path.modules, strict=True)}


def learner_path(user_id: int | None, course: Course) -> LearnerPath:
    """The path for this learner (or for a visitor, with nothing attempted): one query."""
    records: dict[int, ModuleRecord] = {}
    if user_id is not None:
        records = records_by_module(user_id, [m.id for m in course.modules if m.is_active])
    return path_of(course, records)


def path_of(course: Course, records: Mapping[int, ModuleRecord]) -> LearnerPath:
    """A learner's path from their progress records (module id -> record): the one place where
    stored progress meets the rules, for the learner's own pages and for every teacher report."""
    lessons = [m for m in course.modules if m.is_active and not m.is_final]
    final = next((m for m in course.modules if m.is_active and m.is_final), None)
    path = course_path(
        [records.get(m.id) for m in lessons],
        settings_of(course),
        final=records.get(final.id) if final else None,
        has_final=final is not None,
    )
    return LearnerPath(lessons, final, path)


def progress_of_learners(user_ids, module_ids: Iterable[int]) -> dict[int, LearnerRecords]:
    """The progress of many learners (ids, or a subquery of ids) in one query, by learner id."""
    return _read_records(
        _RECORDS.where(
            _PROGRESS.c.user_id.in_(user_ids), _PROGRESS.c.module_id.in_(list(module_ids))
        )
    )
