"""What teachers read: class summaries, the gradebook, question analysis and attempt lists.

A fixed number of queries however many learners a class has: the class's memberships and progress
rows are loaded in one query each, and every learner's standing comes from the same function as
the learner's own pages (``progress.services.path_of``, built on ``progress.rules``), so a teacher
and a learner never see two different answers. In particular:
- a learner's module score and pass are those of the attempt that counts (course.yaml
  ``attempts.counts``: the best or the last attempt);
- a learner's course score is the mean of their unrounded module scores over the course's lesson
  modules, a module not yet tried counting 0 (``rules.course_score``);
- a learner has completed the course when they passed the final assessment (or, in a course
  without one, every module);
- a module's class average is the mean module score of the learners who tried that module.
"""

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select

from ..auth.models import User
from ..courses.models import (
    Course,
    Misconception,
    Module,
    ModuleKind,
    Option,
    QuestionVersion,
)
from ..courses.services import active_modules, current_questions_by_module, quiz_modules
from ..extensions import db
from ..progress.rules import ModuleStatus, QuizState
from ..progress.services import LearnerPath, path_of, progress_of_learners
from ..quizzes.models import Answer, QuizAttempt
from ..quizzes.models import answer_selection as selection
from . import stats
from .models import Classroom, Membership


def score_band(score: float, bands: Sequence[tuple[str, int]]) -> int:
    """Index in ``bands`` ((label, lowest score) pairs, see stats.score_bands) of the band
    holding ``score``."""
    return max(i for i, (_, low) in enumerate(bands) if score >= low or i == 0)


@dataclass(frozen=True)
class ClassSummary:
    classroom: Classroom
    size: int
    completed: int
    average_score: float | None


@dataclass(frozen=True)
class Cell:
    """A learner's standing in one module: the score and pass of the attempt that counts."""

    score: float
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
    bands: tuple[int, ...]  # learners per score band (stats.score_bands), among those who tried


@dataclass(frozen=True)
class Gradebook:
    summary: ClassSummary
    rows: list[LearnerRow]
    columns: list[ModuleColumn]
    sort: str
    descending: bool
    counts: str  # which attempt the scores are from: "best" or "last"


@dataclass(frozen=True)
class QuestionReport:
    module: Module
    version: QuestionVersion
    analysis: stats.ItemAnalysis


@dataclass(frozen=True)
class MisconceptionReport:
    """How many learners of a class chose a wrong option carrying this misconception in their
    first attempt at a lesson quiz (``learners``), and per question (``questions``: question id
    to learners, most chosen first)."""

    slug: str
    text: str
    learners: int
    questions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Standing:
    """One membership and the learner's path through the course."""

    classroom_id: int
    user_id: int
    joined_at: datetime
    learner: LearnerPath
    last_activity: datetime | None

    @property
    def course_score(self) -> float:
        return self.learner.path.score_percent

    @property
    def is_complete(self) -> bool:
        return self.learner.path.is_complete


def standings(course: Course, classes) -> list[Standing]:
    """Every membership of the given classes (an id or a subquery of ids) with the learner's
    path: two queries, whatever the number of learners."""
    in_classes = (
        Membership.classroom_id == classes
        if isinstance(classes, int)
        else Membership.classroom_id.in_(classes)
    )
    members = db.session.execute(
        select(Membership.classroom_id, Membership.user_id, Membership.joined_at).where(in_classes)
    ).all()
    rows = progress_of_learners(
        select(Membership.user_id).where(in_classes), [m.id for m in quiz_modules(course)]
    )
    result = []
    for classroom_id, user_id, joined_at in members:
        own = rows.get(user_id)
        path = path_of(course, own.by_module if own else {})
        result.append(
            Standing(classroom_id, user_id, joined_at, path, own.last_attempt_at if own else None)
        )
    return result


def _summary(classroom: Classroom, members: list[Standing]) -> ClassSummary:
    scores = [m.course_score for m in members]
    return ClassSummary(
        classroom,
        size=len(members),
        completed=sum(m.is_complete for m in members),
        average_score=sum(scores) / len(scores) if scores else None,
    )


def class_summaries(class_ids, course: Course) -> list[ClassSummary]:
    """A line per class of ``class_ids`` (a subquery of ids, see services.class_ids_taught)."""
    classes = db.session.scalars(
        select(Classroom)
        .where(Classroom.id.in_(class_ids))
        .order_by(Classroom.created_at.desc(), Classroom.id.desc())
    ).all()
    by_class: dict[int, list[Standing]] = defaultdict(list)
    for standing in standings(course, class_ids):
        by_class[standing.classroom_id].append(standing)
    return [_summary(c, by_class[c.id]) for c in classes]


def _cell(state: QuizState) -> Cell | None:
    if state.score_percent is None:
        return None
    return Cell(state.score_percent, state.status is ModuleStatus.PASSED, state.attempt_count)


def gradebook(
    classroom: Classroom, course: Course, sort: str = "name", descending: bool = False
) -> Gradebook:
    """One row per learner; one column per lesson module and, if the course has one, the final
    assessment. Each column counts its learners per score band, the bands following the course's
    pass mark (stats.score_bands)."""
    shown = quiz_modules(course)
    bands = stats.score_bands(course.pass_mark)
    members = standings(course, classroom.id)
    # Names and emails as plain rows: ORM objects for a whole class cost more than the report.
    users = {
        user_id: (name, email)
        for user_id, name, email in db.session.connection().execute(
            select(User.id, User.display_name, User.email).where(
                User.id.in_([m.user_id for m in members])
            )
        )
    }
    rows = []
    for member in members:
        name, email = users[member.user_id]
        cells = {m.id: c for m in shown if (c := _cell(member.learner.state(m))) is not None}
        path = member.learner.path
        rows.append(
            LearnerRow(
                user_id=member.user_id,
                name=name,
                email=email,
                joined_at=member.joined_at,
                course_score=path.score_percent,
                passed_modules=path.progress.passed,
                completed=path.is_complete,
                attempts=path.attempt_count,
                last_activity=member.last_activity,
                cells=cells,
            )
        )
    book = Gradebook(
        summary=_summary(classroom, members),
        rows=rows,
        columns=[_column(module, rows, bands) for module in shown],
        sort="name",
        descending=False,
        counts=course.counts,
    )
    return sorted_by(book, sort, descending)


def sorted_by(book: Gradebook, sort: str = "name", descending: bool = False) -> Gradebook:
    """The same gradebook with its rows in another order (see ``_sort``); ``book`` is unchanged."""
    rows = list(book.rows)
    sort = _sort(rows, [column.module for column in book.columns], sort, descending)
    return dataclasses.replace(book, rows=rows, sort=sort, descending=descending)


def sort_used(book: Gradebook, sort: str) -> str:
    """The order ``sorted_by(book, sort)`` applies: ``sort``, or "name" for an unknown one."""
    return _sort([], [column.module for column in book.columns], sort, False)


def _sort(rows: list[LearnerRow], modules: list[Module], sort: str, descending: bool) -> str:
    """Sort ``rows`` in place by the named column; ties (and the rest) by name. Returns the sort
    actually used (unknown names fall back to "name"). Empty values go last either way."""
    # Each column sorts by its own type (text, number or date), so the keys are typed loosely.
    keys: dict[str, Callable[[LearnerRow], Any]] = {
        "name": lambda r: r.name.lower(),
        "score": lambda r: r.course_score,
        "progress": lambda r: r.passed_modules,
        "last": lambda r: r.last_activity,
    }
    for module in modules:
        keys[f"module-{module.id}"] = functools.partial(_module_score, module.id)
    if sort not in keys:
        sort = "name"
    key = keys[sort]
    rows.sort(key=lambda r: (r.name.lower(), r.user_id))
    present = [r for r in rows if key(r) is not None]
    present.sort(key=key, reverse=descending)
    rows[:] = present + [r for r in rows if key(r) is None]
    return sort


def _module_score(module_id: int, row: LearnerRow) -> float:
    # A module not tried sorts below a score of 0.
    cell = row.cells.get(module_id)
    return cell.score if cell else -1.0


def _column(
    module: Module, rows: list[LearnerRow], bands: Sequence[tuple[str, int]]
) -> ModuleColumn:
    cells = [row.cells[module.id] for row in rows if module.id in row.cells]
    counts = [0] * len(bands)
    for cell in cells:
        counts[score_band(cell.score, bands)] += 1
    return ModuleColumn(
        module,
        attempted=len(cells),
        passed=sum(cell.is_passed for cell in cells),
        average=sum(cell.score for cell in cells) / len(cells) if cells else None,
        bands=tuple(counts),
    )


def _members(classroom: Classroom):
    return select(Membership.user_id).where(Membership.classroom_id == classroom.id)


def question_analysis(classroom: Classroom, course: Course) -> list[QuestionReport]:
    """Item analysis of each current lesson question over the class's first attempts at each
    lesson quiz (the final assessment's draws are left out: they are not the lesson quizzes).

    First attempts only: later attempts follow feedback on the earlier ones and would make every
    question look easy. Answers to earlier versions of a question count with the current one.
    Each learner answers a question at most once in their first attempt at its quiz, so the
    number of answers is the number of learners who answered.
    """
    modules = active_modules(course)
    course_scores = {m.user_id: m.course_score for m in standings(course, classroom.id)}
    groups = stats.split_groups(course_scores)
    versions = [v for per_module in current_questions_by_module(modules) for v in per_module]
    counts = _tallies(classroom, groups, [m.id for m in modules])
    by_id = {m.id: m for m in modules}
    reports = []
    for version in versions:
        options = [o.slug for o in version.options]
        correct = frozenset(o.slug for o in version.options if o.is_correct)
        analysis = stats.analyse_counts(
            version.question.slug,
            options,
            correct,
            counts.get(version.question_id, _EMPTY),
            labels={o.slug: o.text for o in version.options},
        )
        reports.append(QuestionReport(by_id[version.question.module_id], version, analysis))
    return reports


_EMPTY = stats.Tally(0, 0, 0, 0, 0, 0, {})


def _tallies(
    classroom: Classroom, groups: stats.Groups, lesson_ids: list[int]
) -> dict[int, stats.Tally]:
    group = case(
        (QuizAttempt.user_id.in_(sorted(groups.upper)), "upper"),
        (QuizAttempt.user_id.in_(sorted(groups.lower)), "lower"),
        else_="middle",
    ).label("grp")
    first_attempts = and_(
        QuizAttempt.number == 1,
        QuizAttempt.user_id.in_(_members(classroom)),
        QuizAttempt.module_id.in_(lesson_ids),
    )
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


def misconception_report(classroom: Classroom, course: Course) -> list[MisconceptionReport]:
    """Per misconception of the course, in course.yaml's order: the class's learners who chose a
    wrong option (of a choice or true/false question) carrying it, in their first attempt at a
    lesson quiz, and in which questions. Two queries, whatever the size of the class."""
    lesson_ids = select(Module.id).where(
        Module.course_id == course.id, Module.kind == ModuleKind.LESSON
    )
    chosen = (
        select(
            Option.misconception.label("slug"),
            QuestionVersion.question_id,
            QuizAttempt.user_id,
        )
        .select_from(Answer)
        .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Answer.question_version_id)
        .join(selection, selection.c.answer_id == Answer.id)
        .join(Option, Option.id == selection.c.option_id)
        .where(
            QuizAttempt.number == 1,
            QuizAttempt.user_id.in_(_members(classroom)),
            QuizAttempt.module_id.in_(lesson_ids),
            Option.misconception.is_not(None),
            Option.is_correct.is_(False),
        )
        .subquery("misconception_choices")
    )
    learners = func.count(chosen.c.user_id.distinct())
    totals = db.session.execute(
        select(Misconception.slug, Misconception.text, learners)
        .outerjoin(chosen, chosen.c.slug == Misconception.slug)
        .where(Misconception.course_id == course.id)
        .group_by(Misconception.id, Misconception.slug, Misconception.text)
        .order_by(Misconception.id)
    ).all()
    by_question: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for slug, question_id, count in db.session.execute(
        select(chosen.c.slug, chosen.c.question_id, learners)
        .group_by(chosen.c.slug, chosen.c.question_id)
        .order_by(learners.desc(), chosen.c.question_id)
    ):
        by_question[slug].append((question_id, count))
    return [
        MisconceptionReport(slug, text, count, tuple(by_question[slug]))
        for slug, text, count in totals
    ]


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
