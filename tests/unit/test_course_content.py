"""The shipped course and the validator that guards it."""

import shutil
from collections import Counter

import pytest
import yaml

from pkcourse.content.loader import ContentError, load_course
from tests.conftest import COURSE_DIR


@pytest.fixture(scope="module")
def course():
    return load_course(COURSE_DIR)


def test_shipped_course_is_valid_with_eight_modules(course):
    assert course.slug == "peacekeeping-diplomacy"
    assert [m.slug for m in course.modules][-1] == "conclusion"
    assert len(course.modules) == 8
    assert course.notice.startswith("AI-Generated Insight")


def test_every_module_has_at_least_five_questions_of_mixed_types(course):
    for module in course.modules:
        kinds = Counter(q.kind for q in module.questions)
        assert sum(kinds.values()) >= 5, module.slug
        assert set(kinds) == {"single_choice", "multiple_select", "true_false"}, module.slug


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
    assert any("essay" in p for p in problems)


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
