from pkcourse.progress.rules import (
    FINAL_INDEX,
    Lock,
    ModuleRecord,
    ModuleStatus,
    NextStep,
    PathSettings,
    Step,
    attempts_left,
    counted_result,
    course_path,
    course_progress,
    module_status,
    next_step,
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


def test_next_step_is_the_first_lesson_for_a_newcomer():
    path = course_path([None, None, None], PathSettings(), has_final=True)
    assert next_step(path) == NextStep(Step.READ_LESSON, 0)


def test_next_step_after_passing_a_module_is_the_next_lesson():
    path = course_path([PASSED, None, None], PathSettings(), has_final=True)
    assert next_step(path) == NextStep(Step.READ_LESSON, 1)
    assert next_step(path, focus=0) == NextStep(Step.READ_LESSON, 1)


def test_next_step_after_failing_is_to_try_that_module_again():
    path = course_path([PASSED, FAILED, None], PathSettings(), has_final=True)
    assert next_step(path) == NextStep(Step.RETRY_QUIZ, 1)
    assert next_step(path, focus=1) == NextStep(Step.RETRY_QUIZ, 1)


def test_a_result_page_points_at_its_own_failed_module_in_an_open_course():
    settings = PathSettings(is_sequential=False)
    path = course_path([None, PASSED, FAILED], settings, has_final=True)
    assert next_step(path) == NextStep(Step.READ_LESSON, 0)
    assert next_step(path, focus=2) == NextStep(Step.RETRY_QUIZ, 2)
    # a passed module's result leads on to the first module still to do
    assert next_step(path, focus=1) == NextStep(Step.READ_LESSON, 0)


def test_next_step_after_every_module_is_the_final_then_the_certificate():
    path = course_path([PASSED, PASSED], PathSettings(), has_final=True)
    assert next_step(path) == NextStep(Step.FINAL, FINAL_INDEX)
    failed_final = course_path([PASSED, PASSED], PathSettings(), final=FAILED, has_final=True)
    assert next_step(failed_final, focus=FINAL_INDEX) == NextStep(Step.FINAL, FINAL_INDEX)
    done = course_path([PASSED, PASSED], PathSettings(), final=PASSED, has_final=True)
    assert next_step(done) == NextStep(Step.CERTIFICATE, None)
    assert next_step(done, focus=FINAL_INDEX) == NextStep(Step.CERTIFICATE, None)


def test_a_course_without_final_is_complete_after_its_modules():
    path = course_path([PASSED, PASSED], PathSettings())
    assert next_step(path) == NextStep(Step.COMPLETE, None)


def test_next_step_says_stuck_when_the_next_quiz_has_no_attempts_left():
    settings = PathSettings(max_attempts=1)
    path = course_path([PASSED, FAILED], settings, has_final=True)
    assert next_step(path) == NextStep(Step.STUCK, 1)
    assert next_step(path, focus=1) == NextStep(Step.STUCK, 1)
    final_used = course_path([PASSED, PASSED], settings, final=FAILED, has_final=True)
    assert next_step(final_used) == NextStep(Step.STUCK, FINAL_INDEX)
