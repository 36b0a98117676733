import pytest

from pkcourse.quizzes.grading import InvalidResponse, grade_answer, grade_quiz, is_passed
from pkcourse.quizzes.kinds.choice import ChoiceQuestion
from pkcourse.quizzes.kinds.matching import MatchingQuestion
from pkcourse.quizzes.kinds.ordering import OrderingQuestion
from pkcourse.quizzes.kinds.short_answer import ShortAnswerQuestion, normalize_answer

SINGLE = ChoiceQuestion("s", "single_choice", frozenset("abcd"), frozenset("b"))
TRUE_FALSE = ChoiceQuestion("t", "true_false", frozenset({"true", "false"}), frozenset({"false"}))
MULTI = ChoiceQuestion("m", "multiple_select", frozenset("abcde"), frozenset("ace"))


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
    assert result.score_percent == pytest.approx(200 / 3)  # unrounded: shown rounded once
    assert result.is_passed
    exactly = grade_quiz([SINGLE, TRUE_FALSE], {"s": ["b"], "t": ["true"]}, pass_mark=50)
    assert exactly.score_percent == 50.0 and exactly.is_passed


def test_float_noise_does_not_fail_a_score_exactly_at_the_pass_mark():
    # 2.3 points of 10 is exactly 23%, but 100 * 2.3 / 10 is 22.999999999999996 in floats:
    # a learner exactly at the mark passes whatever the floats say.
    assert 100 * 2.3 / 10 < 23
    assert is_passed(100 * 2.3 / 10, 23)
    assert not is_passed(22.99, 23)


def test_a_question_left_out_of_the_responses_is_an_error_not_a_zero():
    with pytest.raises(InvalidResponse):
        grade_quiz([SINGLE, TRUE_FALSE], {"s": ["b"]}, pass_mark=50)


def test_score_never_exceeds_the_maximum():
    result = grade_quiz([MULTI], {"m": list("ace")}, pass_mark=100)
    assert result.points == result.max_points == 1.0
    assert result.score_percent == 100.0


# Ordering: the share of neighbouring pairs (in the right order) the learner kept together.
ORDER = OrderingQuestion("o", order=tuple("abcde"))


@pytest.mark.parametrize(
    ("given", "points"),
    [
        ("abcde", 1.0),  # all in order
        ("eabcd", 0.75),  # the last item moved to the front: ab, bc, cd kept
        ("bacde", 0.5),  # the first two swapped: cd, de kept
        ("abced", 0.5),  # the last two swapped: ab, bc kept
        ("edcba", 0.0),  # reversed: no pair in the right order
        ("aebdc", 0.0),
    ],
)
def test_ordering_earns_the_share_of_neighbouring_pairs_kept(given, points):
    answer = grade_answer(ORDER, list(given))
    assert answer.points == points
    assert answer.response == list(given)
    assert answer.is_correct is (points == 1.0)


@pytest.mark.parametrize(
    "given",
    [
        list("abcdz"),  # an unknown item
        list("abcd"),  # one missing
        list("abcdee"),  # one twice
        list("abcdea"),
        [],
        "abcde",  # a string, not a list of items
        {"a": 1},
        None,
    ],
)
def test_tampered_ordering_responses_are_rejected(given):
    with pytest.raises(InvalidResponse):
        grade_answer(ORDER, given)


# Matching: rows l1..l4 (each pair's right-hand side is offered under the pair's id) plus a
# distractor "x" that matches nothing.
MATCH = MatchingQuestion(
    "x",
    option_ids=frozenset({"l1", "l2", "l3", "l4", "x"}),
    pairs=(("l1", "l1"), ("l2", "l2"), ("l3", "l3"), ("l4", "l4")),
)


@pytest.mark.parametrize(
    ("given", "points"),
    [
        ({"l1": "l1", "l2": "l2", "l3": "l3", "l4": "l4"}, 1.0),
        ({"l1": "l1", "l2": "l2", "l3": "l3", "l4": "x"}, 0.5),  # 3 right - 1 wrong, over 4
        ({"l1": "l1", "l2": "l2", "l3": "l3", "l4": None}, 0.75),  # a blank row costs nothing
        ({"l1": "l1", "l2": "l2"}, 0.5),  # rows not sent count as blank
        ({"l1": "l2", "l2": "l1", "l3": "l3", "l4": "l4"}, 0.0),  # 2 right - 2 wrong
        ({"l1": "l2", "l2": "l3", "l3": "l4", "l4": "l1"}, 0.0),  # floored at zero
        ({"l1": "x", "l2": "x", "l3": "x", "l4": "x"}, 0.0),  # a choice may repeat
    ],
)
def test_matching_earns_right_minus_wrong_rows_floored_at_zero(given, points):
    answer = grade_answer(MATCH, given)
    assert answer.points == points
    assert set(answer.response) == {"l1", "l2", "l3", "l4"}


@pytest.mark.parametrize(
    "given",
    [
        {"l1": "zz"},  # unknown right-hand choice
        {"l9": "l1"},  # unknown row
        {"l1": None, "l2": None},  # nothing matched
        {},
        [("l1", "l1")],  # not a mapping
        "l1",
    ],
)
def test_tampered_matching_responses_are_rejected(given):
    with pytest.raises(InvalidResponse):
        grade_answer(MATCH, given)


SHORT = ShortAnswerQuestion("t", accepted=("UN Charter", "Charter of the United Nations"))


@pytest.mark.parametrize(
    "typed",
    [
        "UN Charter",
        "un charter",
        "  U.N.   Charter ",
        "UN-Charter!",
        "charter of the United Nations",
        "\uff35\uff2e \uff23harter",  # full-width letters, folded by NFKC
    ],
)
def test_short_answer_ignores_case_spaces_and_punctuation(typed):
    answer = grade_answer(SHORT, typed)
    assert answer.points == 1.0
    assert answer.response == " ".join(typed.split())


@pytest.mark.parametrize("typed", ["UN Charters", "Security Council", "Charter"])
def test_short_answer_that_is_not_accepted_scores_zero(typed):
    assert grade_answer(SHORT, typed).points == 0.0


@pytest.mark.parametrize("typed", ["", "   ", "x" * 201, ["UN Charter"], 42, None])
def test_empty_overlong_or_non_text_short_answers_are_rejected(typed):
    with pytest.raises(InvalidResponse):
        grade_answer(SHORT, typed)


def test_normalize_answer_keeps_letters_and_digits_only():
    assert normalize_answer(" Résolution 1325 (2000)! ") == "résolution13252000"


def test_a_choice_response_sent_as_plain_text_is_rejected():
    with pytest.raises(InvalidResponse):
        grade_answer(SINGLE, "b")


def test_a_quiz_mixing_every_kind_adds_up_partial_credit():
    result = grade_quiz(
        [SINGLE, MULTI, ORDER, MATCH, SHORT],
        {
            "s": ["b"],
            "m": ["a", "c"],
            "o": list("eabcd"),
            "x": {"l1": "l1", "l2": "l2", "l3": "l3", "l4": "x"},
            "t": "un charter",
        },
        pass_mark=80,
    )
    assert [a.points for a in result.answers] == [1.0, 0.6667, 0.75, 0.5, 1.0]
    assert (result.points, result.max_points) == (3.9167, 5.0)
    assert result.score_percent == pytest.approx(78.334) and not result.is_passed


def test_unknown_kind_is_rejected():
    with pytest.raises(InvalidResponse):
        grade_answer(ChoiceQuestion("e", "essay", frozenset("a"), frozenset("a")), "anything")
