import re
import shutil

import pytest
import yaml
from markupsafe import escape

from pkcourse.courses.models import Misconception, Option, QuestionVersion
from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from tests.helpers import COURSE_DIR, LINT_MODULE, answer_key, replace_choice_questions, submit_quiz

MODULE = "role-in-diplomacy"


def snapshot(app) -> dict[str, list[tuple]]:
    with app.app_context():
        return {
            table.name: [tuple(row) for row in db.session.execute(table.select()).all()]
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def course_copy(tmp_path):
    target = tmp_path / "peacekeeping-diplomacy"
    shutil.copytree(COURSE_DIR, target)
    return target


def edit_first_question(course_dir, **changes):
    path = course_dir / "quizzes" / f"{MODULE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0].update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data["questions"][0]


def test_check_passes_on_the_shipped_course(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "OK, 8 modules and " in result.output


def test_importing_the_same_content_again_changes_nothing(app, runner):
    before = snapshot(app)
    result = runner.invoke(args=["content", "import", str(COURSE_DIR)])
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    assert snapshot(app) == before


def test_broken_content_is_reported_and_nothing_is_written(app, runner, course_copy):
    edit_first_question(course_copy, prompt="A brand new prompt that would be imported")
    second = yaml.safe_load((course_copy / "quizzes" / "conclusion.yaml").read_text())
    bad_id = second["questions"][2]["id"]
    second["questions"][2]["source"] = "Nothing like this appears in the article."
    (course_copy / "quizzes" / "conclusion.yaml").write_text(
        yaml.safe_dump(second, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    before = snapshot(app)
    result = runner.invoke(args=["content", "import", str(course_copy)])
    assert result.exit_code != 0
    assert "quizzes/conclusion.yaml:" in result.output
    assert f": {bad_id}: " in result.output
    assert "nothing was imported" in result.output
    assert snapshot(app) == before


def test_editing_a_question_keeps_past_attempts_exactly_as_graded(
    app, client, learner, runner, course_copy
):
    key = answer_key(app, MODULE)
    response, _ = submit_quiz(client, MODULE, key)
    attempt_url = response.headers["Location"]
    with app.app_context():
        old = db.session.scalar(db.select(QuizAttempt))
        old_score, old_answers = (
            old.score_percent,
            [(a.question_version_id, a.points) for a in old.answers],
        )
        old_prompt = old.answers[0].question_version.prompt

    # Edit the first choice question's prompt and flip its key: the old right answer becomes wrong.
    path = course_copy / "quizzes" / f"{MODULE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["type"] in ("single_choice", "true_false"))
    question["prompt"] = "Edited: " + question["prompt"]
    if question["type"] == "true_false":
        question["answer"] = not question["answer"]
    else:
        right = next(o for o in question["options"] if o.get("correct"))
        # a wrong option in a position no other key uses, so no new item-writing flaw appears
        wrong = next(o for o in question["options"][2:] if not o.get("correct"))
        right.pop("correct")
        right["feedback"] = wrong.pop("feedback")
        wrong["correct"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(args=["content", "import", str(course_copy)])
    assert result.exit_code == 0, result.output
    assert f"question {question['id']}" in result.output

    with app.app_context():
        again = db.session.scalar(db.select(QuizAttempt))
        assert again.score_percent == old_score
        assert [(a.question_version_id, a.points) for a in again.answers] == old_answers
        versions = db.session.scalars(
            db.select(QuestionVersion.number).where(QuestionVersion.prompt.like("Edited: %"))
        ).all()
        assert versions == [2]
    page = client.get(attempt_url).text
    assert str(escape(old_prompt)) in page and "Edited: " not in page
    assert "100%" in page and "Wrong" not in page
    assert "Edited: " in client.get(f"/modules/{MODULE}/quiz").text


def test_removed_questions_are_retired_not_deleted(app, runner, course_copy):
    path = course_copy / "quizzes" / f"{MODULE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    removed = data["questions"].pop()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(args=["content", "import", str(course_copy)])
    assert result.exit_code == 0, result.output
    assert f"question {removed['id']}" in result.output
    with app.app_context():
        from pkcourse.courses.models import Question

        question = db.session.scalar(db.select(Question).where(Question.slug == removed["id"]))
        assert question is not None and not question.is_active


def test_check_reports_coverage_without_failing(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Coverage (a report, not an error):" in result.output
    assert "role-in-diplomacy / The Role of UN Peacekeeping in International Diplomacy" in (
        result.output
    )


def test_check_fails_with_one_precise_line_per_problem(runner, course_copy):
    module = "strategic-frameworks"
    path = course_copy / "quizzes" / f"{module}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["type"] == "multiple_select")
    question["options"][-1]["text"] = "All of the above"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(args=["content", "check", str(course_copy)])
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "of the above" in line]
    assert re.fullmatch(
        rf"{re.escape(str(course_copy))}/quizzes/{module}\.yaml:\d+: {question['id']}: "
        r"option '\w+' says 'All of the above'; write a real option instead",
        line,
    )
    assert "1 problem(s) found" in result.output


def test_import_runs_the_item_writing_checks_first(app, runner, course_copy):
    path = course_copy / "quizzes" / f"{LINT_MODULE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    replace_choice_questions(data)  # three single-choice questions, keys in positions 2 to 4
    for question in data["questions"]:
        if question["type"] == "single_choice":
            question["options"].sort(key=lambda o: not o.get("correct"))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(app)
    result = runner.invoke(args=["content", "import", str(course_copy)])
    assert result.exit_code == 1
    assert "the correct option is option 1 in 3 of 3 single_choice questions" in result.output
    assert "nothing was imported" in result.output
    assert snapshot(app) == before


def test_a_first_import_says_what_it_imported(runner, new_database, migrated_db):
    from tests.helpers import make_app

    fresh = make_app(new_database(migrated_db))
    result = fresh.test_cli_runner().invoke(args=["content", "import", str(COURSE_DIR)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Imported 8 modules and \d+ questions\.\n", result.output)


def test_import_stores_misconceptions_and_the_tags_on_options(app, runner, course_copy):
    with app.app_context():
        stored = dict(db.session.execute(db.select(Misconception.slug, Misconception.text)).all())
        tagged = db.session.execute(
            db.select(QuestionVersion.kind, Option.slug, Option.is_correct)
            .join(Option.question_version)
            .where(Option.misconception == "enforcement-excluded")
        ).all()
    assert len(stored) == 7
    assert stored["consent-optional"].startswith("A Security Council resolution is enough")
    assert tagged == [("true_false", "false", False)]

    manifest = yaml.safe_load((course_copy / "course.yaml").read_text(encoding="utf-8"))
    manifest["misconceptions"][0]["text"] = "Reworded."
    (course_copy / "course.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = runner.invoke(args=["content", "import", str(course_copy)])
    assert result.exit_code == 0, result.output
    assert f"misconception {manifest['misconceptions'][0]['id']}" in result.output


def test_check_warns_about_a_misconception_no_option_carries(runner, course_copy):
    manifest = yaml.safe_load((course_copy / "course.yaml").read_text(encoding="utf-8"))
    manifest["misconceptions"].append({"id": "nobody-uses-this", "text": "Unused."})
    (course_copy / "course.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = runner.invoke(args=["content", "check", str(course_copy)])
    assert result.exit_code == 0, result.output
    assert "Warning: no wrong option carries misconception 'nobody-uses-this'" in result.output
