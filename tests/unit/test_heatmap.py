"""Shading the lesson text by the share of wrong first answers: pure functions."""

import pytest

from pkcourse.teaching.heatmap import PassageHeat, excerpt, heat_level, shade

LESSON = (
    '<h2 id="intro">Intro</h2><p id="m-1">Peacekeeping &amp; diplomacy <em>meet</em>.</p>'
    '<ul><li id="m-2">A listed point.</li></ul><p id="m-3">Untouched.</p>'
)


@pytest.mark.parametrize(
    ("wrong", "answers", "level"),
    [(0, 0, 0), (0, 10, 1), (1, 10, 1), (2, 10, 2), (4, 10, 3), (6, 10, 4), (10, 10, 4)],
)
def test_levels_follow_the_share_of_wrong_answers(wrong, answers, level):
    assert heat_level(wrong, answers) == level


def test_only_passages_with_answers_are_shaded_and_described():
    heats = [
        PassageHeat("m-1", answers=10, wrong=7, questions=("Q one?", 'Q "two"?')),
        PassageHeat("m-2", answers=4, wrong=0, questions=("Q three?",)),
        PassageHeat("m-3", answers=0, wrong=0, questions=("Q four?",)),
    ]
    html = str(shade(LESSON, heats))
    assert '<p id="m-1" class="heat heat-4" tabindex="0" aria-describedby="heat-row-m-1"' in html
    assert 'data-note="70% wrong of 10 first answers · Q one? · Q &quot;two&quot;?"' in html
    assert '<li id="m-2" class="heat heat-1"' in html
    assert '<p id="m-3">Untouched.</p>' in html  # no answers yet: left as it was
    assert html.count("class=") == 2


def test_an_excerpt_is_the_passage_text_without_markup():
    assert excerpt(LESSON, "m-1") == "Peacekeeping & diplomacy meet."
    assert excerpt(LESSON, "m-9") == ""
    assert excerpt(LESSON, "m-1", length=10) == "Peacekeep…"  # ten characters in all
