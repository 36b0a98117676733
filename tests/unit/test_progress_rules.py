from pkcourse.progress.rules import ModuleStatus, course_progress, module_status


def test_module_status_follows_attempts_and_passing():
    assert module_status(0, False) is ModuleStatus.NOT_STARTED
    assert module_status(2, False) is ModuleStatus.IN_PROGRESS
    assert module_status(1, True) is ModuleStatus.PASSED


def test_course_progress_counts_passed_modules():
    progress = course_progress(
        [
            ModuleStatus.PASSED,
            ModuleStatus.IN_PROGRESS,
            ModuleStatus.NOT_STARTED,
            ModuleStatus.PASSED,
        ]
    )
    assert (progress.passed, progress.total, progress.percent) == (2, 4, 50)
    assert not progress.is_complete
    assert course_progress([ModuleStatus.PASSED]).is_complete


def test_empty_course_is_zero_percent_and_not_complete():
    progress = course_progress([])
    assert progress.percent == 0
    assert not progress.is_complete
