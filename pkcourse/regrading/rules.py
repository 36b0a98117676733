"""The regrade plan. Pure: the attempts' stored totals and the regraded answers' old and new points
in, the change to every attempt out (who gains or loses points, who newly passes or fails).

An attempt's new total is its stored total with each regraded answer's points swapped, rounded
and judged against the attempt's own pass mark by the grading rules (``quizzes.grading``), so a
regraded attempt reads exactly as if it had been submitted with the new key.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..quizzes.grading import is_passed, score_percent, total_points


@dataclass(frozen=True)
class AttemptGrade:
    """An attempt as it stands: its totals, pass mark and verdict."""

    attempt_id: int
    points: float
    max_points: float
    pass_mark: int
    is_passed: bool


@dataclass(frozen=True)
class AnswerRegrade:
    """One answer of ``attempt_id``, graded again: what it earned, what it earns now."""

    attempt_id: int
    old_points: float
    new_points: float


@dataclass(frozen=True)
class AttemptChange:
    attempt_id: int
    old_points: float
    new_points: float
    max_points: float
    old_score_percent: float
    new_score_percent: float
    was_passed: bool
    is_passed: bool

    @property
    def gained(self) -> float:
        """Points gained (negative: lost)."""
        return round(self.new_points - self.old_points, 4)

    @property
    def newly_passed(self) -> bool:
        return self.is_passed and not self.was_passed

    @property
    def newly_failed(self) -> bool:
        return self.was_passed and not self.is_passed


@dataclass(frozen=True)
class RegradePlan:
    """``changes``: the attempts whose score changes, in the order given; ``unchanged``: attempts
    whose regraded answers earn what they earned; ``answers``: answers regraded; ``skipped``:
    answers the new version cannot grade (an option or item they name is gone), left as graded."""

    changes: tuple[AttemptChange, ...]
    unchanged: int
    answers: int
    skipped: int = 0

    @property
    def points_gained(self) -> float:
        return round(sum(c.gained for c in self.changes if c.gained > 0), 4)

    @property
    def points_lost(self) -> float:
        return round(-sum(c.gained for c in self.changes if c.gained < 0), 4)

    @property
    def newly_passed(self) -> tuple[AttemptChange, ...]:
        return tuple(c for c in self.changes if c.newly_passed)

    @property
    def newly_failed(self) -> tuple[AttemptChange, ...]:
        return tuple(c for c in self.changes if c.newly_failed)

    @property
    def is_empty(self) -> bool:
        """Nothing to apply: no answer to move to the new version."""
        return self.answers == 0


def plan_regrade(
    attempts: Iterable[AttemptGrade], answers: Iterable[AnswerRegrade], skipped: int = 0
) -> RegradePlan:
    """The change to each attempt with a regraded answer; attempts without one are ignored."""
    deltas: dict[int, float] = defaultdict(float)
    count = 0
    for answer in answers:
        deltas[answer.attempt_id] += answer.new_points - answer.old_points
        count += 1
    changes, unchanged = [], 0
    for attempt in attempts:
        if attempt.attempt_id not in deltas:
            continue
        points = total_points([attempt.points, deltas[attempt.attempt_id]])
        points = min(max(points, 0.0), attempt.max_points)
        if points == attempt.points:
            unchanged += 1
            continue
        score = score_percent(points, attempt.max_points)
        changes.append(
            AttemptChange(
                attempt_id=attempt.attempt_id,
                old_points=attempt.points,
                new_points=points,
                max_points=attempt.max_points,
                old_score_percent=score_percent(attempt.points, attempt.max_points),
                new_score_percent=score,
                was_passed=attempt.is_passed,
                is_passed=is_passed(score, attempt.pass_mark),
            )
        )
    return RegradePlan(tuple(changes), unchanged, count, skipped)
