"""The regrade plan (pure): each attempt's new total from its regraded answers, judged against its
own pass mark, and who gains, loses, newly passes or newly fails."""

import pytest

from pkcourse.regrading.rules import AnswerRegrade, AttemptGrade, plan_regrade


def attempt(attempt_id, points, max_points=3.0, pass_mark=70, is_passed=None):
    if is_passed is None:
        is_passed = 100 * points / max_points >= pass_mark
    return AttemptGrade(attempt_id, points, max_points, pass_mark, is_passed)


def test_a_fixed_key_moves_points_both_ways_and_flips_passes():
    plan = plan_regrade(
        [attempt(1, 2.0), attempt(2, 3.0), attempt(3, 1.0)],
        [AnswerRegrade(1, 0.0, 1.0), AnswerRegrade(2, 1.0, 0.0), AnswerRegrade(3, 0.0, 1.0)],
    )
    by_id = {c.attempt_id: c for c in plan.changes}
    assert by_id[1].new_points == 3.0 and by_id[1].newly_passed
    assert by_id[2].new_points == 2.0 and by_id[2].newly_failed
    assert by_id[2].old_score_percent == 100.0
    assert by_id[2].new_score_percent == pytest.approx(200 / 3)
    assert by_id[3].gained == 1.0 and not by_id[3].newly_passed and not by_id[3].is_passed
    assert plan.points_gained == 2.0 and plan.points_lost == 1.0
    assert [c.attempt_id for c in plan.newly_passed] == [1]
    assert [c.attempt_id for c in plan.newly_failed] == [2]
    assert (plan.answers, plan.unchanged, plan.is_empty) == (3, 0, False)


def test_an_answer_that_earns_the_same_leaves_its_attempt_unchanged():
    plan = plan_regrade([attempt(1, 2.0)], [AnswerRegrade(1, 1.0, 1.0)])
    assert plan.changes == () and plan.unchanged == 1 and plan.answers == 1
    assert not plan.is_empty  # the answer still moves to the new version


def test_nothing_to_regrade_is_an_empty_plan():
    plan = plan_regrade([attempt(1, 2.0)], [], skipped=2)
    assert plan.is_empty and plan.changes == () and plan.skipped == 2
    assert plan.points_gained == 0 and plan.points_lost == 0


def test_the_attempts_own_pass_mark_decides_not_todays():
    strict = attempt(1, 2.0, max_points=3.0, pass_mark=60)  # 66.7% passed under 60
    plan = plan_regrade([strict], [AnswerRegrade(1, 1.0, 0.5)])
    (change,) = plan.changes
    assert change.new_score_percent == pytest.approx(50.0)
    assert change.newly_failed


def test_partial_credit_adds_up_without_float_noise():
    # 0.1 + 0.2 style noise must not make 2.1 of 3 miss 70%.
    plan = plan_regrade(
        [attempt(1, 1.8, pass_mark=70, is_passed=False)], [AnswerRegrade(1, 0.2, 0.5)]
    )
    (change,) = plan.changes
    assert change.new_points == 2.1 and change.is_passed and change.newly_passed


def test_totals_stay_within_zero_and_max():
    plan = plan_regrade(
        [attempt(1, 0.0), attempt(2, 3.0)],
        [AnswerRegrade(1, 0.5, 0.0), AnswerRegrade(2, 0.5, 1.0)],
    )
    assert plan.changes == ()  # stale inputs never push a total out of range
    assert plan.unchanged == 2


def test_several_regraded_answers_of_one_attempt_count_once():
    plan = plan_regrade([attempt(1, 1.0)], [AnswerRegrade(1, 0.0, 1.0), AnswerRegrade(1, 0.0, 1.0)])
    (change,) = plan.changes
    assert change.new_points == 3.0 and plan.answers == 2


def test_attempts_without_a_regraded_answer_are_not_in_the_plan():
    plan = plan_regrade([attempt(1, 1.0), attempt(2, 1.0)], [AnswerRegrade(2, 0.0, 1.0)])
    assert [c.attempt_id for c in plan.changes] == [2] and plan.unchanged == 0
