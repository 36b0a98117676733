"""The gap-fill kind on its own: YAML shape, parsing, authoring checks and the grading rule."""

import pytest
from jsonschema import Draft202012Validator

from pkcourse.content.definitions import QuestionDef
from pkcourse.content.lint import question_problems
from pkcourse.content.schema import QUIZ_SCHEMA
from pkcourse.quizzes.grading import InvalidResponse, grade_answer
from pkcourse.quizzes.kinds import KINDS
from pkcourse.quizzes.kinds.gap_fill import GapFillQuestion, segments

GAP_FILL = KINDS["gap_fill"]


def choice(id, text, correct=False):
    return (
        {"id": id, "text": text, "correct": True}
        if correct
        else {
            "id": id,
            "text": text,
            "feedback": f"Not {text}.",
        }
    )


def raw_question(**changes):
    raw = {
        "id": "q-gap",
        "type": "gap_fill",
        "prompt": "Complete the sentence.",
        "text": "Peacekeepers  build [[first]] and support\n[[second]] reforms.",
        "gaps": [
            {
                "id": "first",
                "choices": [choice("a", "trust", True), choice("b", "walls"), choice("c", "roads")],
            },
            {
                "id": "second",
                "choices": [choice("a", "army"), choice("b", "legal", True), choice("c", "tax")],
            },
        ],
        "explanation": "Because.",
        "source": "Quote.",
    }
    raw.update(changes)
    return raw


def definition(raw) -> QuestionDef:
    return QuestionDef(
        raw["id"],
        raw["type"],
        raw["prompt"],
        GAP_FILL.options(raw),
        raw["explanation"],
        raw["source"],
        "m-1",
        body=GAP_FILL.body(raw),
    )


def schema_errors(raw) -> list[str]:
    doc = {"module": "m", "questions": [raw]}
    return [e.message for e in Draft202012Validator(QUIZ_SCHEMA).iter_errors(doc)]


def test_a_gap_fill_question_parses_into_one_option_per_choice_and_the_sentence():
    question = definition(raw_question())
    assert question.body == "Peacekeepers build [[first]] and support [[second]] reforms."
    assert [o.slug for o in question.options] == [
        "first.a",
        "first.b",
        "first.c",
        "second.a",
        "second.b",
        "second.c",
    ]
    assert [o.slug for o in question.options if o.is_correct] == ["first.a", "second.b"]
    assert question.options[1].feedback == "Not walls."
    assert schema_errors(raw_question()) == []
    assert question_problems(question) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"gaps": []},  # no gap
        {"gaps": raw_question()["gaps"] * 2},  # four gaps
        {"text": ""},
        {"options": [choice("a", "x", True)]},  # a key of another kind
    ],
)
def test_the_schema_rejects_a_malformed_gap_fill(changes):
    assert schema_errors(raw_question(**changes))


def test_a_gap_needs_three_to_five_choices():
    two = raw_question()
    two["gaps"][0]["choices"] = two["gaps"][0]["choices"][:2]
    assert schema_errors(two)
    six = raw_question()
    six["gaps"][0]["choices"] = [choice(c, c) for c in "abcde"] + [choice("f", "f", True)]
    assert schema_errors(six)


def test_marks_and_gaps_must_agree_one_to_one_in_order():
    assert question_problems(definition(raw_question(text="Build [[first]] only."))) == [
        "gap 'second' has no [[second]] in `text`"
    ]
    assert question_problems(
        definition(raw_question(text="[[first]] [[second]] [[third]] [[first]]"))
    ) == [
        "`text` marks [[first]] more than once",
        "`text` marks [[third]], but no gap has that id",
    ]
    assert question_problems(definition(raw_question(text="[[second]] then [[first]]"))) == [
        "list the gaps in the order `text` marks them"
    ]


def test_each_gap_needs_one_key_distinct_choices_and_feedback_on_wrong_ones():
    raw = raw_question()
    raw["gaps"][0]["choices"] = [
        choice("a", "trust", True),
        choice("b", "Trust", True),
        {"id": "c", "text": "roads"},
    ]
    assert question_problems(definition(raw)) == [
        "gap 'first' needs exactly one correct choice (found 2)",
        "gap 'first' has two choices with the same text 'trust'",
        "wrong option 'first.c' has no `feedback` (why it is wrong)",
    ]


QUESTION = GapFillQuestion(
    "g", (("first", frozenset("abc"), "a"), ("second", frozenset("abc"), "b"))
)


@pytest.mark.parametrize(
    ("given", "points"),
    [
        ({"first": "a", "second": "b"}, 1.0),
        ({"first": "a", "second": "c"}, 0.5),  # one gap of two
        ({"first": "a", "second": None}, 0.5),  # a blank gap earns nothing, costs nothing
        ({"first": "a"}, 0.5),  # a gap not sent is blank
        ({"first": "b", "second": "c"}, 0.0),
    ],
)
def test_each_gap_earns_its_share_only_with_its_right_choice(given, points):
    answer = grade_answer(QUESTION, given)
    assert answer.points == points
    assert answer.response == {"first": given.get("first"), "second": given.get("second")}
    assert answer.selected == frozenset(f"{g}.{c}" for g, c in given.items() if c)


def test_three_gaps_share_the_point_in_thirds():
    three = GapFillQuestion("g", tuple((g, frozenset("abc"), "a") for g in ("x", "y", "z")))
    assert grade_answer(three, {"x": "a", "y": "b", "z": "a"}).points == 0.6667


@pytest.mark.parametrize(
    "given",
    [
        {"third": "a"},  # unknown gap
        {"first": "z"},  # unknown choice
        {"first": "first.a"},  # the stored slug is not a choice id
        {"first": None, "second": None},  # nothing chosen
        {},
        ["a", "b"],  # not a mapping
        "a",
    ],
)
def test_tampered_gap_fill_responses_are_rejected(given):
    with pytest.raises(InvalidResponse):
        grade_answer(QUESTION, given)


def test_the_sentence_shows_numbered_gaps():
    parts = segments("Build [[first]] and [[second]].")
    assert [(s.text, s.gap) for s in parts] == [
        ("Build ", None),
        ("", 1),
        (" and ", None),
        ("", 2),
        (".", None),
    ]
