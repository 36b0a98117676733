"""Item analysis on hand-worked examples: every expected number is computed in a comment."""

import pytest

from pkcourse.teaching import stats
from pkcourse.teaching.stats import (
    Groups,
    LearnerResponse,
    OptionCount,
    OptionRow,
    QuestionData,
    Tally,
    analyse,
    analyse_counts,
    analyse_question,
    discrimination,
    facility,
    score_bands,
    split_groups,
)

# Ten learners, learner i scoring 10 * i. n = round(0.27 * 10) = round(2.7) = 3, so the upper
# group is {8, 9, 10}, the lower group {1, 2, 3} and learners 4..7 are in neither.
SCORES = {learner: 10.0 * learner for learner in range(1, 11)}
GROUPS = split_groups(SCORES)
UPPER, MIDDLE, LOWER = (8, 9, 10), (4, 5, 6, 7), (1, 2, 3)


def make_question(choices, correct="b", options="abcd", key="q1"):
    """`choices` maps learner id to the option ids chosen, as a string ("b", "ac"); a learner is
    right when the choice is exactly the correct set."""
    correct_ids = frozenset(correct)
    responses = tuple(
        LearnerResponse(learner, frozenset(chosen) == correct_ids, frozenset(chosen))
        for learner, chosen in choices.items()
    )
    return QuestionData(key, tuple(options), correct_ids, responses)


def answers(right, wrong):
    """Learners in `right` choose the key "b"; learners in `wrong` choose distractor "a"."""
    return {**dict.fromkeys(right, "b"), **dict.fromkeys(wrong, "a")}


def codes(analysis):
    return [flag.code for flag in analysis.flags]


def flag(analysis, code):
    (found,) = [f for f in analysis.flags if f.code == code]
    return found


# --- groups -------------------------------------------------------------------------------------


def test_groups_are_the_top_and_bottom_27_percent_by_course_score():
    assert split_groups(SCORES) == Groups(upper=frozenset(UPPER), lower=frozenset(LOWER))


@pytest.mark.parametrize(
    ("learners", "size"),
    [
        (0, 0),
        (1, 0),  # no groups with a single learner
        (2, 1),  # 0.54 rounds to 1 anyway
        (3, 1),  # 0.81 -> 1
        (5, 1),  # 1.35 -> 1
        (6, 2),  # 1.62 -> 2
        (10, 3),  # 2.7 -> 3
        (100, 27),
    ],
)
def test_group_size_is_27_percent_of_learners_rounded_and_at_least_one(learners, size):
    groups = split_groups({learner: float(learner) for learner in range(learners)})
    assert (len(groups.upper), len(groups.lower)) == (size, size)


def test_group_size_rounds_a_half_up():
    # 0.25 * 10 = 2.5 rounds to 3 (Python's round() would give 2, rounding halves to even).
    groups = split_groups(SCORES, fraction=0.25)
    assert groups == Groups(upper=frozenset(UPPER), lower=frozenset(LOWER))


def test_a_small_fraction_still_gives_groups_of_one():
    # 0.1 * 4 = 0.4 would round to 0; at least one learner per group once there are two.
    groups = split_groups({1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0}, fraction=0.1)
    assert groups == Groups(upper=frozenset({4}), lower=frozenset({1}))


def test_tied_scores_are_ranked_by_learner_id_whatever_the_input_order():
    # All four tie at 50; ranked by id 1, 2, 3, 4 from the top. n = round(1.08) = 1.
    scores = {1: 50.0, 2: 50.0, 3: 50.0, 4: 50.0}
    expected = Groups(upper=frozenset({1}), lower=frozenset({4}))
    assert split_groups(scores) == expected
    assert split_groups(dict(reversed(scores.items()))) == expected


def test_a_tie_at_the_group_boundary_is_broken_by_learner_id():
    # Scores 90, 70, 70, 10, 10, 10: n = round(1.62) = 2. Upper: 1 (90) then 2 before 3 (both 70).
    # Lower: the last two of 4, 5, 6 (all 10), i.e. 5 and 6.
    scores = {3: 70.0, 1: 90.0, 2: 70.0, 6: 10.0, 5: 10.0, 4: 10.0}
    assert split_groups(scores) == Groups(upper=frozenset({1, 2}), lower=frozenset({5, 6}))


def test_groups_never_overlap_even_when_the_fraction_is_a_half():
    # 3 learners at 0.5: round(1.5) = 2 would share the middle learner, so n is capped at 3 // 2.
    groups = split_groups({1: 10.0, 2: 20.0, 3: 30.0}, fraction=0.5)
    assert groups == Groups(upper=frozenset({3}), lower=frozenset({1}))


@pytest.mark.parametrize("fraction", [0.0, -0.1, 0.51])
def test_a_fraction_outside_zero_to_a_half_is_rejected(fraction):
    with pytest.raises(ValueError, match="fraction"):
        split_groups(SCORES, fraction=fraction)


# --- facility and discrimination ----------------------------------------------------------------


def test_facility_is_the_proportion_of_respondents_fully_right():
    # 3 right out of 4 respondents = 0.75.
    assert facility(make_question(answers(right=(1, 2, 3), wrong=(4,)))) == 0.75


def test_positive_discrimination_when_the_upper_group_does_better():
    # Upper 3/3 right, lower 1/3 right: D = 1 - 0.333 = 0.667.
    question = make_question(answers(right=(*UPPER, 1), wrong=(2, 3)))
    assert discrimination(question, GROUPS) == pytest.approx(2 / 3)


def test_zero_discrimination_is_flagged_as_barely_separating_learners():
    # Upper 2/3, lower 2/3: D = 0. Ten respondents, so enough to flag.
    question = make_question(answers(right=(8, 9, 1, 2, *MIDDLE), wrong=(10, 3)))
    analysis = analyse_question(question, GROUPS)
    assert analysis.discrimination == 0.0
    assert "D = 0.00" in flag(analysis, "low_discrimination").message
    assert "negative_discrimination" not in codes(analysis)


def test_negative_discrimination_is_flagged_with_its_value():
    # Upper 1/3, lower 3/3: D = 0.333 - 1 = -0.667.
    question = make_question(answers(right=(8, *LOWER, *MIDDLE), wrong=(9, 10)))
    analysis = analyse_question(question, GROUPS)
    assert analysis.discrimination == pytest.approx(-2 / 3)
    assert "D = -0.67" in flag(analysis, "negative_discrimination").message
    assert "low_discrimination" not in codes(analysis)


def test_discrimination_of_exactly_the_threshold_is_not_low():
    # Upper 7/10, lower 5/10: D = 0.2 exactly (in floats 0.7 - 0.5 would be 0.1999...).
    groups = Groups(upper=frozenset(range(1, 11)), lower=frozenset(range(11, 21)))
    question = make_question(
        answers(right=(*range(1, 8), *range(11, 16)), wrong=(8, 9, 10, *range(16, 21)))
    )
    analysis = analyse_question(question, groups)
    assert analysis.discrimination == 0.2
    assert "low_discrimination" not in codes(analysis)


def test_discrimination_uses_only_group_members_who_answered():
    # Upper: 10 skipped, 8 and 9 right = 2/2 = 1. Lower: 1 right of 1, 2, 3 = 1/3. D = 0.667.
    # Counting learner 10 as wrong would give 2/3 - 1/3 = 0.333 instead.
    question = make_question(answers(right=(8, 9, 1), wrong=(2, 3)))
    assert discrimination(question, GROUPS) == pytest.approx(2 / 3)


def test_discrimination_is_none_when_a_group_has_no_respondents():
    only_upper_and_middle = make_question(answers(right=(*UPPER, *MIDDLE), wrong=()))
    assert discrimination(only_upper_and_middle, GROUPS) is None


# --- options and miskeying ----------------------------------------------------------------------


def test_distractor_preferred_by_the_upper_group_is_flagged_as_likely_miskeyed():
    # Key "b". Upper: c, c, b. Middle: b, b, c, a. Lower: b, a, d.
    question = make_question(
        {8: "c", 9: "c", 10: "b", 4: "b", 5: "b", 6: "c", 7: "a", 1: "b", 2: "a", 3: "d"}
    )
    analysis = analyse_question(question, GROUPS)
    # Counts per option (upper, lower, all): a (0, 1, 2), b (1, 1, 4), c (2, 0, 3), d (0, 1, 1).
    assert analysis.options == (
        OptionRow("a", is_key=False, upper=0, lower=1, total=2),
        OptionRow("b", is_key=True, upper=1, lower=1, total=4),
        OptionRow("c", is_key=False, upper=2, lower=0, total=3),
        OptionRow("d", is_key=False, upper=0, lower=1, total=1),
    )
    message = flag(analysis, "likely_miskeyed").message
    assert '2 chose option "c"' in message
    assert 'only 1 chose the key "b"' in message
    assert '"a"' not in message and '"d"' not in message


@pytest.mark.parametrize(
    "upper_choices",
    [
        ("b", "b", "c"),  # the key is the upper group's favourite
        ("b", "c", "a"),  # a distractor ties with the key: not more, so not flagged
    ],
)
def test_no_miskey_flag_unless_a_distractor_beats_the_key_in_the_upper_group(upper_choices):
    question = make_question({**dict(zip(UPPER, upper_choices, strict=True)), 4: "b", 1: "a"})
    assert "likely_miskeyed" not in codes(analyse_question(question, GROUPS, min_responses=1))


def test_multiple_select_choices_are_counted_once_per_option():
    # Keys a and c. Upper: ac, ac, ad. Lower: a, bd, abcd. Middle 4: ac.
    question = make_question(
        {8: "ac", 9: "ac", 10: "ad", 1: "a", 2: "bd", 3: "abcd", 4: "ac"}, correct="ac"
    )
    analysis = analyse_question(question, GROUPS)
    assert analysis.options == (
        OptionRow("a", is_key=True, upper=3, lower=2, total=6),
        OptionRow("b", is_key=False, upper=0, lower=2, total=2),
        OptionRow("c", is_key=True, upper=2, lower=1, total=4),
        OptionRow("d", is_key=False, upper=1, lower=2, total=3),
    )
    # Fully right: 8, 9, 4 of 7 respondents; choosing every option is not right.
    assert analysis.facility == pytest.approx(3 / 7)


def test_distractor_beating_only_the_less_popular_key_is_not_flagged_as_miskeyed():
    # Keys a and c. Upper: ad, ad, ac, so a = 3, d = 2, c = 1: d loses to the most-chosen key.
    question = make_question({8: "ad", 9: "ad", 10: "ac", 1: "b", 2: "b"}, correct="ac")
    assert "likely_miskeyed" not in codes(analyse_question(question, GROUPS))


# --- facility flags -----------------------------------------------------------------------------


def test_question_almost_everyone_gets_right_is_flagged_too_easy_with_the_percentage():
    # 10 of 10 right: facility 1.0 > 0.9.
    analysis = analyse_question(make_question(answers(right=SCORES, wrong=())), GROUPS)
    assert "10 of 10 learners (100%)" in flag(analysis, "too_easy").message


def test_question_hardly_anyone_gets_right_is_flagged_too_hard_with_the_percentage():
    # 1 of 10 right: facility 0.1 < 0.2.
    question = make_question(answers(right=(5,), wrong=(*UPPER, *LOWER, 4, 6, 7)))
    analysis = analyse_question(question, GROUPS)
    assert "1 of 10 learners (10%)" in flag(analysis, "too_hard").message


@pytest.mark.parametrize(
    "right",
    [
        (1, 2, 3, 4, 5, 6, 7, 8, 9),  # 9/10 = 0.9 is not above 0.9
        (9, 10),  # 2/10 = 0.2 is not below 0.2
    ],
)
def test_facility_exactly_at_a_threshold_is_not_flagged(right):
    question = make_question(answers(right=right, wrong=set(SCORES) - set(right)))
    flagged = codes(analyse_question(question, GROUPS))
    assert "too_easy" not in flagged and "too_hard" not in flagged


# --- small numbers ------------------------------------------------------------------------------


def test_too_few_responses_suppresses_the_statistical_flags():
    # 4 respondents: upper 8, 9 wrong and lower 1, 2 right, so D = 0 - 1 = -1, and the whole
    # upper group chose distractor "a". With 5 or more this would raise several flags.
    question = make_question(answers(right=(1, 2), wrong=(8, 9)))
    analysis = analyse_question(question, GROUPS)
    assert analysis.discrimination == -1.0
    assert codes(analysis) == ["too_few_responses"]
    assert "Only 4 learner(s)" in analysis.flags[0].message
    # One more respondent crosses the threshold and the statistical flags appear.
    enough = make_question(answers(right=(1, 2), wrong=(8, 9, 10)))
    assert "negative_discrimination" in codes(analyse_question(enough, GROUPS))


def test_nobody_answering_gives_none_values_and_empty_counts():
    analysis = analyse_question(make_question({}), GROUPS)
    assert (analysis.respondents, analysis.facility, analysis.discrimination) == (0, None, None)
    assert all((row.upper, row.lower, row.total) == (0, 0, 0) for row in analysis.options)
    assert codes(analysis) == ["too_few_responses"]


def test_nobody_answering_does_not_crash_even_without_a_response_threshold():
    analysis = analyse_question(make_question({}), GROUPS, min_responses=0)
    assert analysis.flags == ()


def test_learners_who_did_not_answer_are_ignored_for_that_question():
    # Only 8, 1 and learner 99 (no course score, so in no group) answered: facility 2/3 over three
    # respondents, not over the ten learners with a score.
    question = make_question({8: "b", 1: "a", 99: "b"})
    analysis = analyse_question(question, GROUPS)
    assert analysis.respondents == 3
    assert analysis.facility == pytest.approx(2 / 3)
    assert analysis.discrimination == 1.0  # upper 1/1 - lower 0/1
    assert analysis.options[1] == OptionRow("b", is_key=True, upper=1, lower=0, total=2)


def test_analyse_forms_groups_from_course_scores_and_keeps_question_order():
    first = make_question(answers(right=(*UPPER, 1), wrong=(2, 3)), key="q1")
    second = make_question(answers(right=LOWER, wrong=UPPER), key="q2")
    results = analyse([first, second], SCORES)
    assert [result.key for result in results] == ["q1", "q2"]
    # q1: 1 - 1/3 = 0.667; q2: 0 - 1 = -1.
    assert results[0].discrimination == pytest.approx(2 / 3)
    assert results[1].discrimination == -1.0


def _with_flags(*codes: str) -> stats.ItemAnalysis:
    flags = tuple(stats.Flag(code, code) for code in codes)
    return stats.ItemAnalysis("q", 10, 0.5, 0.1, (), flags)


def test_a_possible_wrong_key_is_listed_before_an_easy_question():
    easy = _with_flags("too_easy")
    miskeyed = _with_flags("low_discrimination", "likely_miskeyed")
    ranked = sorted([easy, miskeyed], key=stats.severity)
    assert ranked == [miskeyed, easy]


def test_too_few_responses_alone_is_no_reason_to_look():
    assert not stats.needs_a_look(_with_flags("too_few_responses"))
    assert not stats.needs_a_look(_with_flags())
    assert stats.needs_a_look(_with_flags("too_hard"))


def test_too_easy_questions_are_only_counted_even_with_their_low_discrimination():
    easy = _with_flags("low_discrimination", "too_easy")
    assert stats.listed_as(easy) == "too_easy" and not stats.needs_a_look(easy)
    assert stats.listed_as(_with_flags("low_discrimination")) == "low_discrimination"
    both = _with_flags("too_easy", "negative_discrimination")
    assert stats.listed_as(both) == "negative_discrimination" and stats.needs_a_look(both)


def test_within_a_kind_the_lower_discrimination_comes_first():
    flags = (stats.Flag("too_hard", ""),)
    mild = stats.ItemAnalysis("q1", 10, 0.1, 0.15, (), flags)
    worse = stats.ItemAnalysis("q2", 10, 0.1, -0.05, (), flags)
    assert sorted([mild, worse], key=stats.severity) == [worse, mild]


def test_a_likely_miskey_names_the_options_by_the_text_learners_saw():
    tally = Tally(
        respondents=6,
        correct=1,
        upper_respondents=2,
        upper_correct=0,
        lower_respondents=2,
        lower_correct=1,
        chosen={"a": OptionCount(upper=0, lower=1, total=1), "c": OptionCount(2, 1, 5)},
    )
    labels = {"a": "The Security Council", "c": "The General Assembly " + "x" * 80}
    analysis = analyse_counts("q", ("a", "c"), frozenset("a"), tally, labels=labels)
    message = flag(analysis, "likely_miskeyed").message
    assert "2 chose “The General Assembly xxx" in message and "…”" in message
    assert "only 0 chose the key “The Security Council”" in message
    assert '"a"' not in message and '"c"' not in message


@pytest.mark.parametrize(
    ("pass_mark", "bands"),
    [
        (70, (("Below 70%", 0), ("70-84%", 70), ("85-100%", 85))),
        (50, (("Below 50%", 0), ("50-84%", 50), ("85-100%", 85))),
        (85, (("Below 85%", 0), ("85-100%", 85))),
        (90, (("Below 90%", 0), ("90-100%", 90))),
    ],
)
def test_score_bands_never_mix_passed_and_failed_scores(pass_mark, bands):
    assert score_bands(pass_mark) == bands


def test_a_questions_flags_come_most_serious_first():
    # The strongest learners prefer a distractor (likely miskeyed) and few are right overall.
    upper = {"a": 1, "b": 9}
    lower = {"a": 2, "b": 2}
    options = tuple(
        stats.OptionRow(
            option, option == "a", upper[option], lower[option], upper[option] + lower[option]
        )
        for option in ("a", "b")
    )
    flags = stats._flags(20, 0.15, 0.05, options, 5, {})
    codes = [flag.code for flag in flags]
    assert codes[0] == "likely_miskeyed"
    assert codes == sorted(codes, key=stats.FLAG_ORDER.index)
