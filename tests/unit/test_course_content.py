"""The shipped course and the validator that guards it."""

import re
import shutil
from collections import Counter

import pytest
import yaml

from pkcourse.content.lint import content_words, coverage, has_absolute_word
from pkcourse.content.loader import ContentError, load_course
from pkcourse.quizzes.kinds import KINDS
from tests.helpers import COURSE_DIR, LINT_MODULE, replace_choice_questions


@pytest.fixture(scope="module")
def course():
    return load_course(COURSE_DIR)


def test_shipped_course_is_valid_with_eight_modules(course):
    assert course.slug == "peacekeeping-diplomacy"
    assert [m.slug for m in course.modules][-1] == "conclusion"
    assert len(course.modules) == 8
    assert course.notice.startswith("AI-Generated Insight")


def test_every_module_has_at_least_eight_questions_of_three_or_more_types(course):
    for module in course.modules:
        kinds = Counter(q.kind for q in module.questions)
        assert sum(kinds.values()) >= 8, module.slug
        assert len(kinds) >= 3, module.slug


def test_the_bank_uses_every_question_type(course):
    kinds = Counter(q.kind for m in course.modules for q in m.questions)
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 2


def test_every_section_of_every_module_is_cited_by_at_least_two_questions(course):
    for module in course.modules:
        assert len(module.sections) >= 1
        for row in coverage(module.sections, module.passages, module.questions):
            assert len(row.citing_questions) >= 2, (module.slug, row.section.title)


def test_every_source_quote_is_found_in_its_own_module(course):
    for module in course.modules:
        for question in module.questions:
            assert f'id="{question.source_anchor}"' in module.lesson_html
            assert question.source.split(" ")[0] in module.lesson_html


def test_no_all_or_none_of_the_above(course):
    for module in course.modules:
        for question in module.questions:
            for option in question.options:
                assert "of the above" not in option.text.lower(), question.slug


def test_wrong_options_carry_feedback(course):
    for module in course.modules:
        for question in module.questions:
            for option in question.options:
                if not option.is_correct:
                    assert option.feedback, f"{question.slug}/{option.slug}"


@pytest.fixture
def broken_course(tmp_path):
    """A copy of the course to break in one way per test."""
    target = tmp_path / "course"
    shutil.copytree(COURSE_DIR, target)
    return target


def edit_quiz(course_dir, module_slug, change):
    path = course_dir / "quizzes" / f"{module_slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(course_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_course(course_dir)
    return [str(p) for p in caught.value.problems]


def test_source_quote_not_in_the_module_names_file_and_question(broken_course):
    def change(data):
        data["questions"][0]["source"] = "Peacekeepers always win every war."

    edit_quiz(broken_course, "case-studies", change)
    (problem,) = problems_of(broken_course)
    assert problem.startswith("quizzes/case-studies.yaml:")
    assert ": cs-" in problem and "not a verbatim quote" in problem


def test_a_quote_from_another_module_does_not_count(broken_course):
    def change(data):
        data["questions"][0]["source"] = "Looking ahead, the future of peacekeeping missions"

    edit_quiz(broken_course, "case-studies", change)
    assert any("not a verbatim quote" in p for p in problems_of(broken_course))


def test_unknown_keys_and_types_are_schema_errors(broken_course):
    def change(data):
        data["questions"][0]["colour"] = "blue"
        data["questions"][1]["type"] = "essay"

    edit_quiz(broken_course, "conclusion", change)
    problems = problems_of(broken_course)
    assert any("colour" in p and "co-" in p for p in problems)
    assert any("unknown question type 'essay'" in p for p in problems)


def test_single_choice_without_exactly_one_key_is_an_error(broken_course):
    def change(data):
        question = next(q for q in data["questions"] if q["type"] == "single_choice")
        for option in question["options"]:
            option["correct"] = True

    edit_quiz(broken_course, "strategic-frameworks", change)
    assert any("exactly one correct option" in p for p in problems_of(broken_course))


def test_duplicate_question_ids_across_files_are_an_error(broken_course):
    first_id = yaml.safe_load(
        (broken_course / "quizzes" / "conclusion.yaml").read_text(encoding="utf-8")
    )["questions"][0]["id"]

    def change(data):
        data["questions"][0]["id"] = first_id

    edit_quiz(broken_course, "case-studies", change)
    # case-studies comes first in the course, so the later file is the one reported
    assert any(
        p.startswith("quizzes/conclusion.yaml:")
        and f"{first_id}: question id is already used in quizzes/case-studies.yaml" in p
        for p in problems_of(broken_course)
    )


def test_missing_quiz_file_and_bad_yaml_are_reported(broken_course):
    (broken_course / "quizzes" / "case-studies.yaml").unlink()
    (broken_course / "quizzes" / "conclusion.yaml").write_text("questions: [\n", encoding="utf-8")
    problems = problems_of(broken_course)
    assert any(p.startswith("quizzes/case-studies.yaml") and "missing" in p for p in problems)
    assert any(p.startswith("quizzes/conclusion.yaml:") and "YAML" in p for p in problems)


def test_heading_missing_from_the_article_names_heading_and_manifest(broken_course):
    manifest = broken_course / "course.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace(
            "- Case Studies of Successful and Troubled Peacekeeping Missions",
            "- Case Studies of Imaginary Missions",
        ),
        encoding="utf-8",
    )
    (problem,) = problems_of(broken_course)
    assert problem.startswith("course.yaml")
    assert "'Case Studies of Imaginary Missions'" in problem


def first_of_kind(data, kind):
    return next(q for q in data["questions"] if q["type"] == kind)


def only_problem(course_dir) -> str:
    problems = problems_of(course_dir)
    assert len(problems) == 1, problems
    return problems[0]


def test_duplicate_option_ids_are_an_error(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        question["options"][1]["id"] = question["options"][0]["id"]
        change.qid = question["id"]

    edit_quiz(broken_course, "impact-on-diplomacy", change)
    problem = only_problem(broken_course)
    assert problem.startswith("quizzes/impact-on-diplomacy.yaml:")
    assert f": {change.qid}: id 'a' is used more than once in this question" in problem


def test_duplicate_option_texts_are_an_error_whatever_the_case_and_spacing(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        question["options"][2]["text"] = "  " + question["options"][1]["text"].upper()
        change.qid = question["id"]

    edit_quiz(broken_course, "case-studies", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: two options have the same text" in problem


@pytest.mark.parametrize("all_correct", [True, False])
def test_multiple_select_needs_a_correct_and_a_wrong_option(broken_course, all_correct):
    def change(data):
        question = first_of_kind(data, "multiple_select")
        for option in question["options"]:
            if all_correct:
                option["correct"] = True
                option.pop("feedback", None)
                option.pop("misconception", None)
            else:
                option.pop("correct", None)
                option.setdefault("feedback", "Not this one.")
        change.qid = question["id"]

    edit_quiz(broken_course, "case-studies", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: a multiple_select question needs at least one correct" in problem


def test_choice_questions_need_at_least_three_options(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        question["options"] = [o for o in question["options"] if o.get("correct")] + [
            next(o for o in question["options"] if not o.get("correct"))
        ]
        change.qid = question["id"]

    edit_quiz(broken_course, "impact-on-diplomacy", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: a single_choice question needs at least 3 options (found 2)" in problem


@pytest.mark.parametrize("phrase", ["All of the above", "None of the above.", "both of the above"])
def test_all_or_none_of_the_above_is_an_item_writing_flaw(broken_course, phrase):
    def change(data):
        question = first_of_kind(data, "multiple_select")
        wrong = next(o for o in question["options"] if not o.get("correct"))
        wrong["text"] = phrase
        change.qid, change.option = question["id"], wrong["id"]

    edit_quiz(broken_course, "case-studies", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: option {change.option!r} says" in problem
    assert "of the above" in problem.lower()


def lengthen_keys(data, count: int) -> list[str]:
    """Make the key the longest option in the first ``count`` choice questions."""
    replace_choice_questions(data)
    choice = [q for q in data["questions"] if q["type"] in ("single_choice", "multiple_select")]
    assert len(choice) == 6  # 3 single, 3 multiple (replace_choice_questions)
    for question in choice[:count]:
        for option in question["options"]:
            if option.get("correct"):
                option["text"] += " This is spelled out at length, with every qualification."
    return [q["id"] for q in choice[:count]]


def test_the_key_being_the_longest_option_in_most_questions_is_a_flaw(broken_course):
    def change(data):
        change.ids = lengthen_keys(data, 4)

    edit_quiz(broken_course, LINT_MODULE, change)
    problem = only_problem(broken_course)
    assert problem.startswith(f"quizzes/{LINT_MODULE}.yaml:")
    assert "the correct option is the longest in 4 of 6 choice questions" in problem
    assert all(qid in problem for qid in change.ids)


def test_three_of_six_longest_keys_is_not_more_than_half(broken_course):
    edit_quiz(broken_course, LINT_MODULE, lambda data: lengthen_keys(data, 3))
    load_course(broken_course)  # no ContentError


def test_the_key_in_the_same_position_in_most_questions_is_a_flaw(broken_course):
    def change(data):
        replace_choice_questions(data)  # 3 single, 3 multiple
        single = [q for q in data["questions"] if q["type"] == "single_choice"]
        for question in single[:2]:  # the key moves to the top in 2 of 3
            question["options"].sort(key=lambda o: not o.get("correct"))

    edit_quiz(broken_course, LINT_MODULE, change)
    problem = only_problem(broken_course)
    assert "the correct option is option 1 in 2 of 3 single_choice questions" in problem


def test_every_problem_in_a_course_is_reported_at_once(broken_course):
    def change(data):
        data["questions"][0]["source"] = "Not in the article."
        first_of_kind(data, "multiple_select")["options"][0]["text"] = "None of the above"

    edit_quiz(broken_course, "case-studies", change)
    edit_quiz(broken_course, "conclusion", lambda d: d["questions"][1].update(colour="red"))
    problems = problems_of(broken_course)
    assert len(problems) == 3
    assert len({p.split(":")[0] for p in problems}) == 2


def test_content_hash_of_a_question_without_the_new_fields_is_unchanged(course):
    """Questions imported before ordering, matching and short answers existed keep their hash, so
    re-importing them after the upgrade creates no needless new versions."""
    import hashlib
    import json

    question = next(q for m in course.modules for q in m.questions if q.kind == "single_choice")
    old_style = {
        "slug": question.slug,
        "kind": question.kind,
        "prompt": question.prompt,
        "options": [
            {"slug": o.slug, "text": o.text, "is_correct": o.is_correct, "feedback": o.feedback}
            for o in question.options
        ],
        "explanation": question.explanation,
        "source": question.source,
        "source_anchor": question.source_anchor,
    }
    canonical = json.dumps(old_style, sort_keys=True, ensure_ascii=False)
    assert question.content_hash == hashlib.sha256(canonical.encode()).hexdigest()


def new_type_question(data, kind):
    return next(q for q in data["questions"] if q["type"] == kind)


def test_a_key_from_another_question_type_is_named(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        question["items"] = [{"id": "x", "text": "An item"}]
        change.qid = question["id"]

    edit_quiz(broken_course, "impact-on-diplomacy", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: " in problem
    assert "`items` does not belong to a single_choice question" in problem


def test_a_matching_question_without_pairs_is_a_schema_error(broken_course):
    def change(data):
        question = new_type_question(data, "matching")
        del question["pairs"]
        change.qid = question["id"]

    edit_quiz(broken_course, "tools-for-conflict-resolution", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: " in problem and "'pairs' is a required property" in problem


def test_an_ordering_question_needs_three_items(broken_course):
    def change(data):
        question = new_type_question(data, "ordering")
        question["items"] = question["items"][:2]
        change.qid = question["id"]

    edit_quiz(broken_course, "challenges-and-limitations", change)
    problem = only_problem(broken_course)
    assert f": {change.qid}: an ordering question needs at least 3 items (found 2)" in problem


def test_a_matching_question_needs_two_pairs_and_three_choices(broken_course):
    def change(data):
        question = new_type_question(data, "matching")
        question["pairs"] = question["pairs"][:1]
        question.pop("distractors")
        change.qid = question["id"]

    edit_quiz(broken_course, "tools-for-conflict-resolution", change)
    problems = problems_of(broken_course)
    assert any(f": {change.qid}: a matching question needs at least 2 pairs" in p for p in problems)
    assert any(
        "at least 3 right-hand choices (pairs plus distractors; found 1)" in p for p in problems
    )


def test_matching_right_hand_texts_must_differ(broken_course):
    def change(data):
        question = new_type_question(data, "matching")
        question["distractors"][0]["text"] = question["pairs"][0]["right"].lower()

    edit_quiz(broken_course, "tools-for-conflict-resolution", change)
    assert "two right-hand choices have the same text" in only_problem(broken_course)


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        (
            ["Security Council", "security-council"],
            "are the same once case, spaces and punctuation",
        ),
        (["Security Council", "?!"], "accepted answer '?!' has no letters or digits"),
    ],
)
def test_short_answer_variants_must_be_distinct_and_non_empty(broken_course, variants, message):
    def change(data):
        new_type_question(data, "short_answer")["accepted"] = variants

    edit_quiz(broken_course, "strategic-frameworks", change)
    assert message in only_problem(broken_course)


def test_wrong_options_and_distractors_need_feedback(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        wrong = next(o for o in question["options"] if not o.get("correct"))
        del wrong["feedback"]
        distractor = new_type_question(data, "matching")["distractors"][0]
        del distractor["feedback"]
        change.option, change.distractor = wrong["id"], distractor["id"]

    edit_quiz(broken_course, "tools-for-conflict-resolution", change)
    problems = problems_of(broken_course)
    assert len(problems) == 2
    assert any(f"wrong option {change.option!r} has no `feedback`" in p for p in problems)
    assert any(f"wrong option {change.distractor!r} has no `feedback`" in p for p in problems)


def edit_manifest(course_dir, change):
    path = course_dir / "course.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_course_settings(course):
    assert (course.pass_mark, course.max_attempts, course.counts) == (70, None, "best")
    assert course.is_sequential
    assert course.final.questions_per_module == 2
    assert course.final.title == "Final assessment"


def test_settings_default_to_unlimited_best_and_sequential_without_a_final(broken_course):
    def change(data):
        for key in ("attempts", "sequential", "final_assessment"):
            data.pop(key)

    edit_manifest(broken_course, change)
    course = load_course(broken_course)
    assert (course.max_attempts, course.counts, course.is_sequential) == (None, "best", True)
    assert course.final is None


def test_settings_are_read_from_the_manifest(broken_course):
    def change(data):
        data["attempts"] = {"max": 3, "counts": "last"}
        data["sequential"] = False

    edit_manifest(broken_course, change)
    course = load_course(broken_course)
    assert (course.max_attempts, course.counts, course.is_sequential) == (3, "last", False)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["attempts"].update(max=0), "attempts/max"),
        (lambda d: d["attempts"].update(max="lots"), "attempts/max"),
        (lambda d: d["attempts"].update(counts="worst"), "'worst' is not one of ['best', 'last']"),
        (lambda d: d["attempts"].update(tries=2), "'tries' was unexpected"),
        (lambda d: d.update(sequential="yes"), "sequential: 'yes' is not of type 'boolean'"),
        (lambda d: d["final_assessment"].update(questions_per_module=0), "questions_per_module"),
        (lambda d: d.update(pass_mark=101), "pass_mark: 101 is greater than the maximum of 100"),
    ],
)
def test_invalid_settings_are_schema_errors_with_a_line(broken_course, change, expected):
    edit_manifest(broken_course, change)
    problem = only_problem(broken_course)
    assert re.match(r"course\.yaml:\d+: -: ", problem), problem
    assert expected in problem


def test_a_final_draw_larger_than_a_module_quiz_is_an_error(broken_course):
    edit_manifest(broken_course, lambda d: d["final_assessment"].update(questions_per_module=9))
    problems = problems_of(broken_course)
    assert problems and all(p.startswith("course.yaml:") for p in problems)
    assert any(
        "draws 9 questions per module, but module 'role-in-diplomacy' has only 8" in p
        for p in problems
    )


def test_the_final_assessment_slug_is_reserved(broken_course):
    def change(data):
        data["modules"][-1]["slug"] = "final-assessment"

    edit_manifest(broken_course, change)
    assert any("'final-assessment' is reserved" in p for p in problems_of(broken_course))


def choice_questions(data) -> list[dict]:
    return [q for q in data["questions"] if q["type"] in ("single_choice", "multiple_select")]


def sweeping_distractors(data, count: int) -> list[str]:
    """Give one distractor an absolute word in the first ``count`` choice questions whose keys
    have none (of the six ``replace_choice_questions`` puts in)."""
    replace_choice_questions(data)
    plain = [
        q
        for q in choice_questions(data)
        if not any(has_absolute_word(o["text"]) for o in q["options"] if o.get("correct"))
    ]
    for question in plain[:count]:
        wrong = next(o for o in question["options"] if not o.get("correct"))
        wrong["text"] = "Always " + wrong["text"][0].lower() + wrong["text"][1:]
    return [q["id"] for q in plain[:count]]


def test_absolute_words_in_distractors_of_many_questions_are_a_tell(broken_course):
    def change(data):
        change.ids = sweeping_distractors(data, 2)

    edit_quiz(broken_course, LINT_MODULE, change)
    problem = only_problem(broken_course)
    assert re.match(rf"quizzes/{LINT_MODULE}\.yaml:\d+: {change.ids[0]}: ", problem), problem
    assert "a distractor carries an absolute word" in problem
    assert "in 2 of 6 choice questions" in problem
    assert all(qid in problem for qid in change.ids)


def test_one_sweeping_distractor_in_a_module_is_allowed(broken_course):
    edit_quiz(broken_course, LINT_MODULE, lambda d: sweeping_distractors(d, 1))
    load_course(broken_course)  # 1 of 6 is not more than a quarter: no ContentError


def echoing_keys(data, count: int) -> list[str]:
    """Start the key of the first ``count`` choice questions (of the six that
    ``replace_choice_questions`` puts in) with words of their prompt."""
    replace_choice_questions(data)
    questions = choice_questions(data)[:count]
    for question in questions:
        echo = sorted(content_words(question["prompt"]), key=len, reverse=True)[:3]
        key = next(o for o in question["options"] if o.get("correct"))
        key["text"] = " ".join(echo).capitalize() + ": " + key["text"]
    return [q["id"] for q in questions]


def test_keys_echoing_their_prompts_in_many_questions_are_a_tell(broken_course):
    def change(data):
        change.ids = echoing_keys(data, 3)

    edit_quiz(broken_course, LINT_MODULE, change)
    problems = problems_of(broken_course)
    (problem,) = [p for p in problems if "repeats more of the prompt's words" in p]
    assert re.match(rf"quizzes/{LINT_MODULE}\.yaml:\d+: {change.ids[0]}: ", problem), problem
    assert "in 3 of 6 choice questions" in problem
    assert all(qid in problem for qid in change.ids)


def test_two_echoing_keys_of_six_are_not_more_than_a_third(broken_course):
    edit_quiz(broken_course, LINT_MODULE, lambda d: echoing_keys(d, 2))
    try:
        load_course(broken_course)
    except ContentError as error:  # another rule may trip; this one must not
        assert not any("repeats more of the prompt's words" in str(p) for p in error.problems)


def test_content_words_ignore_case_plurals_and_filler():
    assert content_words("What do the Missions provide, according to the article?") == {
        "mission",
        "provide",
    }
    assert has_absolute_word("It is not always so") and has_absolute_word("even if it rains")
    assert not has_absolute_word("Allowing parties to speak; alternatives exist")


def test_shipped_misconceptions_are_all_carried_by_wrong_options(course):
    tags = {
        o.misconception: o.is_correct
        for m in course.modules
        for q in m.questions
        for o in q.options
        if o.misconception
    }
    assert 6 <= len(course.misconceptions) <= 10
    assert set(tags) == {m.slug for m in course.misconceptions}
    assert not any(tags.values())  # never on a right answer


def test_a_true_false_misconception_goes_with_the_wrong_truth_value(course):
    question = next(
        q for m in course.modules for q in m.questions if q.slug == "rd-tf-peace-enforcement"
    )
    by_slug = {o.slug: o for o in question.options}
    assert by_slug["true"].is_correct and by_slug["true"].misconception is None
    assert by_slug["false"].misconception == "enforcement-excluded"


def test_an_unknown_misconception_tag_is_an_error(broken_course):
    def change(data):
        question = first_of_kind(data, "multiple_select")
        wrong = next(o for o in question["options"] if not o.get("correct"))
        wrong["misconception"] = "peacekeepers-are-soldiers"
        change.qid = question["id"]

    edit_quiz(broken_course, "impact-on-diplomacy", change)
    problem = only_problem(broken_course)
    assert re.match(rf"quizzes/impact-on-diplomacy\.yaml:\d+: {change.qid}: ", problem)
    assert "names misconception 'peacekeepers-are-soldiers', which course.yaml" in problem


def test_a_misconception_on_a_right_answer_is_an_error(broken_course):
    def change(data):
        question = first_of_kind(data, "single_choice")
        right = next(o for o in question["options"] if o.get("correct"))
        right["misconception"] = "consent-optional"

    edit_quiz(broken_course, "impact-on-diplomacy", change)
    assert "is correct, so it cannot carry misconception 'consent-optional'" in only_problem(
        broken_course
    )


def test_misconception_ids_must_be_unique(broken_course):
    def change(data):
        data["misconceptions"].append(dict(data["misconceptions"][0]))

    edit_manifest(broken_course, change)
    problem = only_problem(broken_course)
    assert problem.startswith("course.yaml:") and "is used more than once" in problem
