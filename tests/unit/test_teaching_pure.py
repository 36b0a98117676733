"""Join codes, CSV safety and chart geometry: pure helpers of the teacher pages."""

import csv
import io

import pytest

from pkcourse.teaching.charts import histogram, stacked_rows
from pkcourse.teaching.codes import (
    ALPHABET,
    LENGTH,
    display_code,
    is_plausible_code,
    new_code,
    normalise_code,
)
from pkcourse.teaching.exports import neutralise, to_csv


def test_new_codes_use_only_unambiguous_characters():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == LENGTH and is_plausible_code(code)
    assert not set("0O1IL5S") & set(ALPHABET)


@pytest.mark.parametrize("typed", ["abcd-efgh", " ABCD EFGH ", "abcd_efgh", "ab.cd-ef gh"])
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "ABCDEFGH"


@pytest.mark.parametrize("code", ["ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCD?FGH", ""])
def test_implausible_codes_are_rejected(code):
    assert not is_plausible_code(code)


def test_codes_are_shown_in_two_halves():
    assert display_code("ABCDEFGH") == "ABCD-EFGH"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", [-1, -2.5, 0, "Ann", "a=b", "", None])
def test_numbers_and_plain_text_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_csv_text_has_a_bom_crlf_rows_and_round_trips():
    text = to_csv(["Name", "Score %"], [["Zoë", 87.5], ["=cmd", -3], ["Empty", None]])
    assert text.startswith("\ufeff")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Name", "Score %"], ["Zoë", "87.5"], ["'=cmd", "-3"], ["Empty", ""]]


def test_stacked_rows_split_the_width_in_proportion_and_skip_empty_segments():
    rows = stacked_rows(
        [("M1", (5, 3, 2)), ("M2", (0, 0, 10))],
        ("passed", "in_progress", "not_started"),
        10,
        width=200,
        pitch=40,
    )
    first, second = rows
    assert [(s.kind, s.x, s.width) for s in first.segments] == [
        ("passed", 0, 100),
        ("in_progress", 100, 60),
        ("not_started", 160, 40),
    ]
    assert [(s.kind, s.width) for s in second.segments] == [("not_started", 200)]
    assert (first.y, second.y) == (0, 40)


def test_an_empty_class_draws_empty_rows():
    (row,) = stacked_rows([("M1", (0, 0, 0))], ("a", "b", "c"), 0, width=100, pitch=10)
    assert row.segments == ()


def test_histogram_bars_scale_to_the_tallest_and_stand_on_the_baseline():
    bars = histogram([1, 4, 0, 2], ["a", "b", "c", "d"], width=100, height=80, gap=4)
    assert [b.height for b in bars] == [20, 80, 0, 40]
    assert all(b.y + b.height == 80 for b in bars)
    assert [b.x for b in bars] == [0, 26, 52, 78]
    assert {b.width for b in bars} == {22}


def test_histogram_of_nothing_is_flat():
    bars = histogram([0, 0], ["a", "b"], width=10, height=10, gap=0)
    assert [b.height for b in bars] == [0, 0]
    with pytest.raises(ValueError):
        histogram([1], ["a", "b"], width=10, height=10, gap=0)
