import pytest

from pkcourse.quizzes.grading import (
    GradableQuestion,
    InvalidResponse,
    grade_answer,
    grade_quiz,
)

SINGLE = GradableQuestion("s", "single_choice", frozenset("abcd"), frozenset("b"))
TRUE_FALSE = GradableQuestion("t", "true_false", frozenset({"true", "false"}), frozenset({"false"}))
MULTI = GradableQuestion("m", "multiple_select", frozenset("abcde"), frozenset("ace"))


def test_single_choice_scores_one_for_the_key_and_zero_otherwise():
    assert grade_answer(SINGLE, ["b"]).points == 1.0
    assert grade_answer(SINGLE, ["b"]).is_correct
    assert grade_answer(SINGLE, ["c"]).points == 0.0
    assert not grade_answer(SINGLE, ["c"]).is_correct


def test_true_false_is_graded_like_single_choice():
    assert grade_answer(TRUE_FALSE, ["false"]).points == 1.0
    assert grade_answer(TRUE_FALSE, ["true"]).points == 0.0


@pytest.mark.parametrize(
    ("selected", "points"),
    [
        ("ace", 1.0),  # every correct option, nothing wrong
        ("ac", 0.6667),  # two of three correct
        ("acb", 0.3333),  # two right minus one wrong, over three
        ("abcde", 0.3333),  # three right minus two wrong
        ("bd", 0.0),  # only wrong options
        ("ab", 0.0),  # one right minus one wrong
    ],
)
def test_multiple_select_earns_right_minus_wrong_floored_at_zero(selected, points):
    assert grade_answer(MULTI, list(selected)).points == points


def test_partly_right_multiple_select_is_not_counted_correct():
    assert not grade_answer(MULTI, ["a", "c"]).is_correct


@pytest.mark.parametrize(
    ("question", "selected"),
    [
        (SINGLE, []),
        (SINGLE, ["z"]),  # an option id that is not in the question
        (SINGLE, ["a", "b"]),  # two radios at once
        (TRUE_FALSE, ["true", "false"]),
        (MULTI, ["a", "zzz"]),
    ],
)
def test_tampered_or_missing_responses_are_rejected(question, selected):
    with pytest.raises(InvalidResponse):
        grade_answer(question, selected)


def test_quiz_score_is_points_over_max_and_pass_mark_is_inclusive():
    result = grade_quiz(
        [SINGLE, TRUE_FALSE, MULTI],
        {"s": ["b"], "t": ["true"], "m": ["a", "c", "e"]},
        pass_mark=66,
    )
    assert (result.points, result.max_points) == (2.0, 3.0)
    assert result.score_percent == 66.67
    assert result.is_passed
    exactly = grade_quiz([SINGLE, TRUE_FALSE], {"s": ["b"], "t": ["true"]}, pass_mark=50)
    assert exactly.score_percent == 50.0 and exactly.is_passed


def test_a_question_left_out_of_the_responses_is_an_error_not_a_zero():
    with pytest.raises(InvalidResponse):
        grade_quiz([SINGLE, TRUE_FALSE], {"s": ["b"]}, pass_mark=50)


def test_score_never_exceeds_the_maximum():
    result = grade_quiz([MULTI], {"m": list("ace")}, pass_mark=100)
    assert result.points == result.max_points == 1.0
    assert result.score_percent == 100.0
