from pkcourse.progress.rules import (
    Lock,
    ModuleRecord,
    ModuleStatus,
    PathSettings,
    attempts_left,
    counted_result,
    course_path,
    course_progress,
    module_status,
)


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


PASSED = ModuleRecord(1, 90.0, True, 90.0, True)
FAILED = ModuleRecord(1, 40.0, False, 40.0, False)
PASSED_THEN_FAILED = ModuleRecord(2, 90.0, True, 40.0, False)


def test_the_best_attempt_counts_by_default_and_the_last_when_asked():
    assert counted_result(PASSED_THEN_FAILED, "best") == (90.0, True)
    assert counted_result(PASSED_THEN_FAILED, "last") == (40.0, False)
    assert counted_result(ModuleRecord(), "best") == (None, False)


def test_sequential_quizzes_open_one_after_another():
    path = course_path([PASSED, FAILED, None, None], PathSettings())
    assert [s.lock for s in path.modules] == [
        None,
        None,
        Lock.PREVIOUS_NOT_PASSED,
        Lock.PREVIOUS_NOT_PASSED,
    ]
    assert path.modules[1].is_open and not path.modules[2].is_open


def test_without_sequential_every_quiz_is_open():
    path = course_path([None, None, None], PathSettings(is_sequential=False))
    assert all(s.is_open for s in path.modules)


def test_with_last_counting_a_failed_retake_locks_the_next_module_again():
    best = course_path([PASSED_THEN_FAILED, None], PathSettings(counts="best"))
    last = course_path([PASSED_THEN_FAILED, None], PathSettings(counts="last"))
    assert best.modules[1].is_open
    assert last.modules[1].lock is Lock.PREVIOUS_NOT_PASSED
    assert last.modules[0].score_percent == 40.0


def test_used_up_attempts_close_a_quiz_whatever_its_result():
    settings = PathSettings(max_attempts=2)
    used = ModuleRecord(2, 90.0, True, 90.0, True)
    path = course_path([used, FAILED], settings)
    assert path.modules[0].lock is Lock.NO_ATTEMPTS_LEFT and path.modules[0].attempts_left == 0
    assert path.modules[1].is_open and path.modules[1].attempts_left == 1
    assert attempts_left(None, 50) is None
    assert attempts_left(3, 5) == 0


def test_the_final_assessment_opens_once_every_module_is_passed_and_completes_the_course():
    settings = PathSettings()
    not_yet = course_path([PASSED, FAILED], settings, has_final=True)
    assert not_yet.final.lock is Lock.MODULES_NOT_PASSED
    assert not not_yet.is_complete
    ready = course_path([PASSED, PASSED], settings, has_final=True)
    assert ready.final.is_open and not ready.is_complete  # modules alone do not complete it
    done = course_path([PASSED, PASSED], settings, final=PASSED, has_final=True)
    assert done.is_complete


def test_without_a_final_assessment_passing_every_module_completes_the_course():
    assert course_path([PASSED, PASSED], PathSettings()).is_complete
    assert course_path([PASSED, PASSED], PathSettings()).final is None
