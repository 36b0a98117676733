"""What teachers read: class summaries, the gradebook, question analysis and attempt lists.

Everything is aggregated by the database, with a fixed number of queries however many learners a
class has. Definitions shared by the screen and the CSV exports:
- a learner's module score is their best quiz score in that module;
- a learner's course score is the mean of their module scores over the course's modules, a module
  not yet tried counting 0;
- a learner has completed the course when they passed the final assessment (or, in a course
  without one, every module);
- a module's class average is the mean module score of the learners who tried that module.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..courses.models import Module
from ..extensions import db
from ..progress.models import ModuleProgress
from ..quizzes.models import Answer, Option, QuestionVersion, QuizAttempt
from ..quizzes.models import answer_selection as selection
from ..quizzes.services import current_questions_by_module
from . import stats
from .models import Classroom, Membership

# Score bands for the distribution charts: (label, lowest score in the band).
SCORE_BANDS = (("0-19%", 0), ("20-39%", 20), ("40-59%", 40), ("60-79%", 60), ("80-100%", 80))


@dataclass(frozen=True)
class ClassSummary:
    classroom: Classroom
    size: int
    completed: int
    average_score: float | None


@dataclass(frozen=True)
class Cell:
    best_score: float
    is_passed: bool
    attempts: int


@dataclass(frozen=True)
class LearnerRow:
    user_id: int
    name: str
    email: str
    joined_at: datetime
    course_score: float
    passed_modules: int
    completed: bool
    attempts: int
    last_activity: datetime | None
    cells: dict[int, Cell]


@dataclass(frozen=True)
class ModuleColumn:
    module: Module
    attempted: int
    passed: int
    average: float | None
    bands: tuple[int, ...]  # learners per SCORE_BANDS entry, among those who tried


@dataclass(frozen=True)
class Gradebook:
    summary: ClassSummary
    rows: list[LearnerRow]
    columns: list[ModuleColumn]
    sort: str
    descending: bool


@dataclass(frozen=True)
class QuestionReport:
    module: Module
    version: QuestionVersion
    analysis: stats.ItemAnalysis


def _learner_scores(module_ids: list[int], classes, final_id: int | None = None):
    """One row per membership of the given classes (an id or a subquery of ids): course score and
    modules passed over the lesson modules, completion, attempts and last activity."""
    progress = ModuleProgress
    final = aliased(ModuleProgress)
    passed = func.coalesce(func.sum(case((progress.is_passed, 1), else_=0)), 0)
    if final_id is None:
        completed = case((passed == len(module_ids), 1), else_=0) if module_ids else literal(0)
    else:
        completed = func.coalesce(func.max(case((final.is_passed, 1), else_=0)), 0)
    in_classes = (
        Membership.classroom_id == classes
        if isinstance(classes, int)
        else Membership.classroom_id.in_(classes)
    )
    return (
        select(
            Membership.classroom_id,
            Membership.user_id,
            Membership.joined_at,
            (
                func.coalesce(func.sum(progress.best_score_percent), 0.0) / max(len(module_ids), 1)
            ).label("course_score"),
            passed.label("passed"),
            completed.label("completed"),
            func.coalesce(func.sum(progress.attempt_count), 0).label("attempts"),
            func.max(progress.last_attempt_at).label("last_activity"),
        )
        .select_from(Membership)
        .outerjoin(
            progress,
            and_(progress.user_id == Membership.user_id, progress.module_id.in_(module_ids)),
        )
        # At most one final row per learner, so the sums over lessons are not multiplied.
        .outerjoin(final, and_(final.user_id == Membership.user_id, final.module_id == final_id))
        .where(in_classes)
        .group_by(Membership.classroom_id, Membership.user_id, Membership.joined_at)
        .subquery("learner_scores")
    )


def class_summaries(
    teacher_id: int, modules: list[Module], final: Module | None = None
) -> list[ClassSummary]:
    own = select(Classroom.id).where(Classroom.teacher_id == teacher_id)
    scores = _learner_scores([m.id for m in modules], own, final.id if final else None)
    rows = db.session.execute(
        select(
            Classroom,
            func.count(scores.c.user_id),
            func.coalesce(func.sum(scores.c.completed), 0),
            func.avg(scores.c.course_score),
        )
        .outerjoin(scores, scores.c.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == teacher_id)
        .group_by(Classroom.id)
        .order_by(Classroom.created_at.desc(), Classroom.id.desc())
    )
    return [ClassSummary(c, size, done, average) for c, size, done, average in rows]


def gradebook(
    classroom: Classroom,
    modules: list[Module],
    final: Module | None = None,
    sort: str = "name",
    descending: bool = False,
) -> Gradebook:
    """One row per learner; one column per lesson module and, if the course has one, the final
    assessment."""
    module_ids = [m.id for m in modules]
    scores = _learner_scores(module_ids, classroom.id, final.id if final else None)
    in_class = scores.c.classroom_id == classroom.id
    shown = [*modules, final] if final else list(modules)
    order, sort = _order(scores, shown, sort)
    query = (
        select(
            User.id,
            User.display_name,
            User.email,
            scores.c.joined_at,
            scores.c.course_score,
            scores.c.passed,
            scores.c.completed,
            scores.c.attempts,
            scores.c.last_activity,
        )
        .join(scores, scores.c.user_id == User.id)
        .where(in_class)
    )
    if sort.startswith("module-"):
        sorted_module = aliased(ModuleProgress)
        query = query.outerjoin(
            sorted_module,
            and_(
                sorted_module.user_id == User.id,
                sorted_module.module_id == int(sort.removeprefix("module-")),
            ),
        )
        order = func.coalesce(sorted_module.best_score_percent, -1.0)
    order = order.desc() if descending else order.asc()
    query = query.order_by(order.nulls_last(), func.lower(User.display_name), User.id)

    cells = _cells(classroom, [m.id for m in shown])
    rows = [
        LearnerRow(
            user_id=user_id,
            name=name,
            email=email,
            joined_at=joined_at,
            course_score=float(course_score),
            passed_modules=int(passed),
            completed=bool(completed),
            attempts=int(attempts),
            last_activity=last_activity,
            cells=cells.get(user_id, {}),
        )
        for (
            user_id,
            name,
            email,
            joined_at,
            course_score,
            passed,
            completed,
            attempts,
            last_activity,
        ) in db.session.execute(query)
    ]
    return Gradebook(
        summary=_summary(classroom, scores),
        rows=rows,
        columns=_module_columns(classroom, shown),
        sort=sort,
        descending=descending,
    )


def _order(scores, modules: list[Module], sort: str):
    module_sorts = {f"module-{m.id}" for m in modules}
    if sort in module_sorts:
        return None, sort
    orders = {
        "name": func.lower(User.display_name),
        "score": scores.c.course_score,
        "progress": scores.c.passed,
        "last": scores.c.last_activity,
    }
    if sort not in orders:
        sort = "name"
    return orders[sort], sort


def _summary(classroom: Classroom, scores) -> ClassSummary:
    size, done, average = db.session.execute(
        select(
            func.count(scores.c.user_id),
            func.coalesce(func.sum(scores.c.completed), 0),
            func.avg(scores.c.course_score),
        ).where(scores.c.classroom_id == classroom.id)
    ).one()
    return ClassSummary(classroom, size, done, average)


def _members(classroom: Classroom):
    return select(Membership.user_id).where(Membership.classroom_id == classroom.id)


def _cells(classroom: Classroom, module_ids: list[int]) -> dict[int, dict[int, Cell]]:
    progress = ModuleProgress
    rows = db.session.execute(
        select(
            progress.user_id,
            progress.module_id,
            progress.best_score_percent,
            progress.is_passed,
            progress.attempt_count,
        ).where(progress.user_id.in_(_members(classroom)), progress.module_id.in_(module_ids))
    )
    cells: dict[int, dict[int, Cell]] = defaultdict(dict)
    for user_id, module_id, best, passed, attempts in rows:
        cells[user_id][module_id] = Cell(best, passed, attempts)
    return cells


def _module_columns(classroom: Classroom, modules: list[Module]) -> list[ModuleColumn]:
    progress = ModuleProgress
    bounds = [low for _, low in SCORE_BANDS[1:]]
    band_counts = [
        func.sum(case((_in_band(progress.best_score_percent, low, bounds), 1), else_=0))
        for _, low in SCORE_BANDS
    ]
    rows = db.session.execute(
        select(
            progress.module_id,
            func.count(),
            func.sum(case((progress.is_passed, 1), else_=0)),
            func.avg(progress.best_score_percent),
            *band_counts,
        )
        .where(
            progress.user_id.in_(_members(classroom)),
            progress.module_id.in_([m.id for m in modules]),
        )
        .group_by(progress.module_id)
    )
    found = {row[0]: row[1:] for row in rows}
    columns = []
    for module in modules:
        attempted, passed, average, *bands = found.get(
            module.id, (0, 0, None, *([0] * len(SCORE_BANDS)))
        )
        columns.append(
            ModuleColumn(module, attempted, int(passed), average, tuple(int(b) for b in bands))
        )
    return columns


def _in_band(score, low: int, bounds: list[int]):
    above = [b for b in bounds if b > low]
    if not above:
        return score >= low
    return and_(score >= low, score < above[0])


def question_analysis(classroom: Classroom, modules: list[Module]) -> list[QuestionReport]:
    """Item analysis of each current question over the class's first attempts at each quiz.

    First attempts only: later attempts follow feedback on the earlier ones and would make every
    question look easy. Answers to earlier versions of a question count with the current one.
    """
    scores = _learner_scores([m.id for m in modules], classroom.id)
    course_scores = dict(
        db.session.execute(
            select(scores.c.user_id, scores.c.course_score).where(
                scores.c.classroom_id == classroom.id
            )
        ).all()
    )
    groups = stats.split_groups(course_scores)
    versions = _current_versions(modules)
    counts = _tallies(classroom, groups, [m.id for m in modules])
    by_id = {m.id: m for m in modules}
    reports = []
    for version in versions:
        options = [o.slug for o in version.options]
        correct = frozenset(o.slug for o in version.options if o.is_correct)
        analysis = stats.analyse_counts(
            version.question.slug, options, correct, counts.get(version.question_id, _EMPTY)
        )
        reports.append(QuestionReport(by_id[version.question.module_id], version, analysis))
    return reports


_EMPTY = stats.Tally(0, 0, 0, 0, 0, 0, {})


def _current_versions(modules: list[Module]) -> list[QuestionVersion]:
    return [v for versions in current_questions_by_module(modules) for v in versions]


def _tallies(
    classroom: Classroom, groups: stats.Groups, lesson_ids: list[int]
) -> dict[int, stats.Tally]:
    group = case(
        (QuizAttempt.user_id.in_(sorted(groups.upper)), "upper"),
        (QuizAttempt.user_id.in_(sorted(groups.lower)), "lower"),
        else_="middle",
    ).label("grp")
    first_attempts = and_(QuizAttempt.number == 1, QuizAttempt.user_id.in_(_members(classroom)))
    # Grouping by a column of a subquery, not by the CASE expression itself: PostgreSQL would
    # not see two copies of a CASE with bound parameters as the same expression.
    answers = (
        select(QuestionVersion.question_id, Answer.id.label("answer_id"), Answer.is_correct, group)
        .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Answer.question_version_id)
        .where(first_attempts)
        .subquery("first_answers")
    )
    correct = func.sum(case((answers.c.is_correct, 1), else_=0))
    per_group = db.session.execute(
        select(answers.c.question_id, answers.c.grp, func.count(), correct).group_by(
            answers.c.question_id, answers.c.grp
        )
    )
    chosen = db.session.execute(
        select(answers.c.question_id, Option.slug, answers.c.grp, func.count())
        .select_from(answers)
        .join(selection, selection.c.answer_id == answers.c.answer_id)
        .join(Option, Option.id == selection.c.option_id)
        .group_by(answers.c.question_id, Option.slug, answers.c.grp)
    )

    responded: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for question_id, grp, count, right in per_group:
        responded[question_id][grp] = (count, int(right))
    picks: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for question_id, slug, grp, count in chosen:
        picks[question_id][slug][grp] = count

    tallies = {}
    for question_id, by_group in responded.items():
        upper, lower = by_group.get("upper", (0, 0)), by_group.get("lower", (0, 0))
        tallies[question_id] = stats.Tally(
            respondents=sum(n for n, _ in by_group.values()),
            correct=sum(right for _, right in by_group.values()),
            upper_respondents=upper[0],
            upper_correct=upper[1],
            lower_respondents=lower[0],
            lower_correct=lower[1],
            chosen={
                slug: stats.OptionCount(
                    upper=n.get("upper", 0), lower=n.get("lower", 0), total=sum(n.values())
                )
                for slug, n in picks[question_id].items()
            },
        )
    return tallies


@dataclass(frozen=True)
class AttemptLine:
    attempt: QuizAttempt
    learner_name: str
    learner_email: str
    module_title: str


def class_attempts(classroom: Classroom, modules: list[Module]) -> list[AttemptLine]:
    """Every quiz attempt by the class's learners, by learner, module and attempt number."""
    rows = db.session.execute(
        select(QuizAttempt, User.display_name, User.email, Module.title)
        .join(User, User.id == QuizAttempt.user_id)
        .join(Module, Module.id == QuizAttempt.module_id)
        .where(
            QuizAttempt.user_id.in_(_members(classroom)),
            QuizAttempt.module_id.in_([m.id for m in modules]),
        )
        .order_by(func.lower(User.display_name), User.id, Module.position, QuizAttempt.number)
    )
    return [AttemptLine(*row) for row in rows]
