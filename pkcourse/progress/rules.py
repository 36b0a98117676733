"""Progress rules. Pure: counts and scores in, statuses out."""

from collections.abc import Iterable
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
    def percent(self) -> int:
        return round(100 * self.passed / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.passed == self.total


def course_progress(statuses: Iterable[ModuleStatus]) -> CourseProgress:
    statuses = list(statuses)
    return CourseProgress(
        passed=sum(s is ModuleStatus.PASSED for s in statuses), total=len(statuses)
    )
