"""Item-writing checks and the coverage report, on hand-made definitions."""

from pkcourse.content.article import Passage, Section
from pkcourse.content.definitions import OptionDef, QuestionDef
from pkcourse.content.lint import coverage, module_problems, question_problems


def single(slug: str, texts: list[str], key: int, anchor: str = "m-1") -> QuestionDef:
    options = tuple(
        OptionDef(chr(97 + i), text, i == key, None if i == key else "Why not.")
        for i, text in enumerate(texts)
    )
    return QuestionDef(slug, "single_choice", "Prompt?", options, "Because.", "Quote", anchor)


def test_a_well_formed_question_has_no_problems():
    assert question_problems(single("q", ["Alpha", "Beta", "Gamma"], 1)) == []


def test_none_of_the_above_is_caught_in_any_case():
    problems = question_problems(single("q", ["Alpha", "NONE of the  above", "Gamma"], 0))
    assert problems == ["option 'b' says 'NONE of the  above'; write a real option instead"]


def test_above_in_an_ordinary_sentence_is_fine():
    assert question_problems(single("q", ["As noted above", "Above all, peace", "Gamma"], 0)) == []


def test_longest_key_in_exactly_half_is_allowed_and_in_more_than_half_is_not():
    short, long_ = ["a1", "b22", "c333"], ["a1", "b22", "c333 and much more"]
    half = [
        single("q1", long_, 2),
        single("q2", long_, 2),
        single("q3", short, 0),
        single("q4", short, 0),
    ]
    assert not [p for p in module_problems(half) if "longest" in p.message]
    most = [*half[:2], single("q3", long_, 2), single("q4", short, 1)]
    (flaw,) = [p for p in module_problems(most) if "longest" in p.message]
    assert flaw.question_ids == ("q1", "q2", "q3")


def test_a_tie_for_longest_does_not_count_as_cueing():
    tied = [single(f"q{n}", ["aaaa", "bbbb", "cc"], n % 3) for n in range(4)]
    assert not [p for p in module_problems(tied) if "longest" in p.message]


def test_patterns_need_at_least_three_questions():
    two = [single("q1", ["a", "bbbbbbb", "c"], 1), single("q2", ["a", "bbbbbbb", "c"], 1)]
    assert module_problems(two) == []


def test_coverage_lists_citing_questions_and_uncited_passages():
    passages = [Passage("m-1", "One."), Passage("m-2", "Two."), Passage("sub-1", "Three.")]
    sections = [Section("m", "Module", ("m-1", "m-2")), Section("sub", "Sub", ("sub-1",))]
    questions = [single("q1", ["a", "b", "c"], 0, "m-2"), single("q2", ["a", "b", "c"], 0, "m-2")]
    main, sub = coverage(sections, passages, questions)
    assert main.citing_questions == ("q1", "q2")
    assert [p.anchor for p in main.uncited] == ["m-1"]
    assert sub.citing_questions == () and [p.anchor for p in sub.uncited] == ["sub-1"]
