"""Naming the misconception behind a wrong choice, on transient rows (no database)."""

from pkcourse.courses.models import Option, QuestionVersion
from pkcourse.quizzes.review import ReviewItem, name_misconceptions

TEXTS = {"consent-optional": "Consent is optional."}


def matching_version() -> QuestionVersion:
    return QuestionVersion(
        kind="matching",
        options=[
            Option(slug="p1", text="Left 1", match_text="Right 1", is_correct=True, position=1),
            Option(slug="p2", text="Left 2", match_text="Right 2", is_correct=True, position=2),
            Option(
                slug="d1",
                text="Distractor",
                is_correct=False,
                feedback="Why not.",
                misconception="consent-optional",
                position=3,
            ),
        ],
    )


def item(response) -> ReviewItem:
    return ReviewItem(matching_version(), 0.0, 1.0, False, frozenset(), response)


def test_a_chosen_tagged_distractor_names_its_misconception_in_the_matching_row():
    asked = []

    def texts(slugs):
        asked.append(slugs)
        return TEXTS

    (named,) = name_misconceptions([item({"p1": "d1", "p2": "p2"})], texts)
    first, second = named.rows
    assert first.misconception == "Consent is optional." and first.feedback == "Why not."
    assert second.misconception is None
    assert asked == [{"consent-optional"}]


def test_no_tagged_wrong_choice_means_no_lookup():
    def texts(slugs):
        raise AssertionError("looked up misconceptions without a tagged wrong choice")

    (unchanged,) = name_misconceptions([item({"p1": "p2", "p2": None})], texts)
    assert all(row.misconception is None for row in unchanged.rows)
