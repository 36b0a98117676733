"""Progress rules. Pure: counts and scores in, statuses out."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class ModuleStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"

    @property
    def label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "passed": "Passed"}[
            self.value
        ]


def module_status(attempt_count: int, is_passed: bool) -> ModuleStatus:
    """Passed once any attempt reached the pass mark; in progress once the quiz was tried."""
    if is_passed:
        return ModuleStatus.PASSED
    if attempt_count > 0:
        return ModuleStatus.IN_PROGRESS
    return ModuleStatus.NOT_STARTED


@dataclass(frozen=True)
class CourseProgress:
    passed: int
    total: int

    @property
    def percent(self) -> float:
        """Share of modules passed, unrounded (pages show it through ``numbers``)."""
        return 100 * self.passed / self.total if self.total else 0.0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.passed == self.total


def course_progress(statuses: Iterable[ModuleStatus]) -> CourseProgress:
    statuses = list(statuses)
    return CourseProgress(
        passed=sum(s is ModuleStatus.PASSED for s in statuses), total=len(statuses)
    )


# --- The path through the course -------------------------------------------------------------


class Counts(StrEnum):
    """Which attempt decides a quiz's score and status (``attempts.counts`` in course.yaml)."""

    BEST = "best"
    LAST = "last"


@dataclass(frozen=True)
class PathSettings:
    max_attempts: int | None = None  # per quiz; None is unlimited
    counts: Counts = Counts.BEST
    is_sequential: bool = True


@dataclass(frozen=True)
class ModuleRecord:
    """What is stored about a learner in one module (``ModuleProgress``), as plain values."""

    attempt_count: int = 0
    best_score_percent: float = 0.0
    ever_passed: bool = False
    last_score_percent: float = 0.0
    last_is_passed: bool = False


class Lock(StrEnum):
    """Why a quiz cannot be taken now."""

    PREVIOUS_NOT_PASSED = "previous_not_passed"
    MODULES_NOT_PASSED = "modules_not_passed"
    NO_ATTEMPTS_LEFT = "no_attempts_left"


@dataclass(frozen=True)
class QuizState:
    status: ModuleStatus
    score_percent: float | None  # the attempt that counts; None before the first attempt
    attempt_count: int
    attempts_left: int | None  # None is unlimited
    lock: Lock | None  # None: the quiz is open

    @property
    def is_open(self) -> bool:
        return self.lock is None


@dataclass(frozen=True)
class CoursePath:
    modules: tuple[QuizState, ...]
    final: QuizState | None  # None when the course has no final assessment
    progress: CourseProgress

    @property
    def is_complete(self) -> bool:
        """Completion is passing the final assessment, or every module without one."""
        if self.final is not None:
            return self.final.status is ModuleStatus.PASSED
        return self.progress.is_complete

    @property
    def score_percent(self) -> float:
        """The course score: the mean of the lesson modules' counted scores, unrounded, a module
        not yet tried counting 0."""
        return course_score([state.score_percent for state in self.modules])

    @property
    def attempt_count(self) -> int:
        """Quiz attempts in the lessons and the final assessment together."""
        final = self.final.attempt_count if self.final else 0
        return sum(state.attempt_count for state in self.modules) + final


def course_score(module_scores: Sequence[float | None]) -> float:
    """Mean of module scores (None, not yet tried, counts 0); 0 for a course without modules."""
    if not module_scores:
        return 0.0
    return sum(score or 0.0 for score in module_scores) / len(module_scores)


def counted_result(record: ModuleRecord, counts: Counts) -> tuple[float | None, bool]:
    """(score, passed) of the attempt that counts: the one rule behind every learner page, teacher
    report and export. "best": the best score, and passed once any attempt passed; "last": the
    latest attempt's score and result."""
    if record.attempt_count == 0:
        return None, False
    if counts == Counts.LAST:
        return record.last_score_percent, record.last_is_passed
    return record.best_score_percent, record.ever_passed


def attempts_left(max_attempts: int | None, used: int) -> int | None:
    return None if max_attempts is None else max(0, max_attempts - used)


def _quiz_state(record: ModuleRecord, settings: PathSettings, lock: Lock | None) -> QuizState:
    score, passed = counted_result(record, settings.counts)
    left = attempts_left(settings.max_attempts, record.attempt_count)
    if lock is None and left == 0:
        lock = Lock.NO_ATTEMPTS_LEFT
    return QuizState(
        status=module_status(record.attempt_count, passed),
        score_percent=score,
        attempt_count=record.attempt_count,
        attempts_left=left,
        lock=lock,
    )


def course_path(
    records: Sequence[ModuleRecord | None],
    settings: PathSettings,
    final: ModuleRecord | None = None,
    has_final: bool = False,
) -> CoursePath:
    """Each module's quiz state in course order, then the final assessment's.

    With ``is_sequential``, a module's quiz opens once the previous module's quiz is passed (by
    the attempt that counts); the first is always open. The final assessment opens once every
    module is passed. Any quiz closes when its attempts are used up.
    """
    states: list[QuizState] = []
    previous_passed = True
    for record in records:
        lock = None if previous_passed or not settings.is_sequential else Lock.PREVIOUS_NOT_PASSED
        state = _quiz_state(record or ModuleRecord(), settings, lock)
        states.append(state)
        previous_passed = state.status is ModuleStatus.PASSED
    progress = course_progress(s.status for s in states)
    final_state = None
    if has_final:
        lock = None if progress.is_complete else Lock.MODULES_NOT_PASSED
        final_state = _quiz_state(final or ModuleRecord(), settings, lock)
    return CoursePath(tuple(states), final_state, progress)


# --- The next step ---------------------------------------------------------------------------


class Step(StrEnum):
    """What a learner should do next."""

    READ_LESSON = "read_lesson"  # a module not tried yet: read it, then take its quiz
    RETRY_QUIZ = "retry_quiz"  # a module tried but not passed: reread, then try again
    FINAL = "final"  # every module passed: take (or retake) the final assessment
    CERTIFICATE = "certificate"  # the course is complete and has a certificate
    COMPLETE = "complete"  # the course is complete and has nothing more to earn
    STUCK = "stuck"  # the quiz that would come next has no attempts left


FINAL_INDEX = -1  # ``NextStep.module`` of a step about the final assessment


@dataclass(frozen=True)
class NextStep:
    step: Step
    module: int | None  # index of the lesson module it concerns, FINAL_INDEX, or None


def next_step(path: CoursePath, focus: int | None = None) -> NextStep:
    """The one thing to do next, in course order: the first module not passed, then the final
    assessment, then the certificate.

    ``focus`` is the module a result page is about (an index, or FINAL_INDEX): when that module
    is not passed yet and its quiz is still open, trying it again is the next step, even if an
    earlier module (in a course without locks) is also unpassed.
    """
    if focus is not None:
        state = path.final if focus == FINAL_INDEX else path.modules[focus]
        if state is not None and state.status is not ModuleStatus.PASSED and state.is_open:
            return NextStep(Step.FINAL if focus == FINAL_INDEX else Step.RETRY_QUIZ, focus)
    if path.is_complete:
        return NextStep(Step.CERTIFICATE if path.final is not None else Step.COMPLETE, None)
    for index, state in enumerate(path.modules):
        if state.status is ModuleStatus.PASSED:
            continue
        if state.lock is Lock.NO_ATTEMPTS_LEFT:
            return NextStep(Step.STUCK, index)
        if state.status is ModuleStatus.NOT_STARTED:
            return NextStep(Step.READ_LESSON, index)
        return NextStep(Step.RETRY_QUIZ, index)
    assert path.final is not None  # not complete with every module passed: the final is left
    if not path.final.is_open:
        return NextStep(Step.STUCK, FINAL_INDEX)
    return NextStep(Step.FINAL, FINAL_INDEX)
