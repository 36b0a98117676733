"""One rounding rule for every percentage on a page or in a CSV (pkcourse/numbers.py)."""

import pytest

from pkcourse.numbers import format_percent, percent_value
from pkcourse.progress.rules import course_score


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (75.0, "75%"),
        (75.96, "76%"),  # a whole number after rounding drops the ".0": never "76.0%"
        (34.444444444444443, "34.4%"),
        (34.45, "34.5%"),  # halves round up, from the decimal as written
        (0.05, "0.1%"),
        (69.99999999999999, "70%"),  # float noise for 70
        (100 * 2 / 3, "66.7%"),
        (0, "0%"),
        (100, "100%"),
    ],
)
def test_percentages_round_half_up_to_one_decimal(value, shown):
    assert format_percent(value) == shown


def test_no_value_shows_nothing():
    assert format_percent(None) == ""


def test_exports_get_the_same_number_as_the_page():
    assert percent_value(34.444444444444443) == 34.4
    assert percent_value(80.0) == 80 and isinstance(percent_value(80.0), int)


def test_course_score_is_rounded_once_from_unrounded_module_scores():
    # Two modules at 1/3 and one at 5/6 of the points, as stored (unrounded), five not tried:
    # the course score is 150 / 8 = 18.75, shown 18.8%. Averaging module scores already rounded
    # (33.3, 33.3, 83.3) would give 18.7375, shown 18.7%.
    scores = [100 / 3, 100 / 3, 500 / 6] + [None] * 5
    assert course_score(scores) == pytest.approx(18.75)
    assert format_percent(course_score(scores)) == "18.8%"
    rounded_first = course_score([percent_value(s) if s else None for s in scores])
    assert format_percent(rounded_first) == "18.7%"
