"""The path through the course: modules open in order, attempts run out, the counted attempt."""

import re

import pytest

from pkcourse.courses.models import Course
from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from tests.helpers import (
    TINY_COURSE_DIR,
    TINY_LESSONS,
    QuizPage,
    answer_key,
    submit_quiz,
    wrong_answers,
)

pytestmark = pytest.mark.tiny_course

FIRST, SECOND = TINY_LESSONS


def set_course(app, **values) -> None:
    with app.app_context():
        db.session.execute(db.update(Course).values(**values))
        db.session.commit()


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt))


def card(html: str, slug: str) -> str:
    """The course page's list entry of a module: a card, or one quiet line when locked."""
    entries = re.findall(r'<li class="module-(?:card|line)[^"]*">.*?</li>', html, re.S)
    return next(entry for entry in entries if f'href="/modules/{slug}"' in entry)


def flat(html: str) -> str:
    return " ".join(html.split())


def test_a_new_learner_sees_locked_modules_quietly_with_the_reason_once(client, learner):
    overview = client.get("/").text
    assert "Locked" not in card(overview, FIRST)
    second = flat(card(overview, SECOND))
    assert 'class="module-line module-locked"' in second and "Locked" in second
    assert "<h3>" not in second  # one line, not a card
    assert flat(overview).count("Quizzes open one after another") == 1
    assert overview.count('class="module-line module-locked"') == 2  # the second lesson, the final
    final = flat(
        re.search(
            r'<li class="module-line[^"]*">\s*<span[^>]*>Course assessment.*?</li>', overview, re.S
        )[0]
    )
    assert "Opens once every module is passed" in final


def test_a_new_learner_is_told_to_start_with_the_first_lesson(client, learner):
    overview = flat(client.get("/").text)
    continue_card = re.search(r'<section class="continue-card".*?</section>', overview)[0]
    assert "Start here" in continue_card and "0 of 2 modules passed" in continue_card
    assert (
        f'<a class="button" href="/modules/{FIRST}">Start Module 1: Where Water Is' in continue_card
    )
    assert "<progress" in continue_card


def test_the_continue_card_follows_the_learner(client, app, learner):
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    continue_card = flat(client.get("/").text).split('<section class="continue-card"')[1]
    continue_card = continue_card.split("</section>")[0]
    assert "You are working on Module 1" in continue_card and "0%" in continue_card
    assert f'<a class="button" href="/modules/{FIRST}">Reread Module 1' in continue_card
    assert f'href="/modules/{FIRST}/quiz">Take the quiz again' in continue_card

    submit_quiz(client, FIRST, answer_key(app, FIRST))
    continue_card = flat(client.get("/").text).split('<section class="continue-card"')[1]
    assert "1 of 2 modules passed" in continue_card
    assert f'<a class="button" href="/modules/{SECOND}">Continue to Module 2:' in continue_card


def test_visitors_see_no_lock_badges(client):
    assert "tag-locked" not in client.get("/").text


def test_a_locked_quiz_explains_itself_and_links_back_without_storing(client, app, learner):
    response = client.get(f"/modules/{SECOND}/quiz")
    assert response.status_code == 403
    page = flat(response.text)
    assert "This quiz is not open" in page
    assert f'href="/modules/{FIRST}">“Where Water Is' in page
    assert f'href="/modules/{FIRST}/quiz"' in page  # take the previous quiz
    assert f'href="/modules/{SECOND}">Back to the lesson' in page
    assert "<fieldset" not in page  # no questions are shown

    # posting a forged form to the locked quiz stores nothing either
    open_page = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    data = {"csrf_token": open_page.csrf, **open_page.hidden}
    assert client.post(f"/modules/{SECOND}/quiz", data=data).status_code == 403
    assert attempts(app) == 0


def test_the_lesson_of_a_locked_module_stays_readable_and_says_why_the_quiz_is_closed(
    client, learner
):
    lesson = client.get(f"/modules/{SECOND}")
    assert lesson.status_code == 200
    assert "The sun warms the sea" in lesson.text
    assert "Quiz locked" in lesson.text and "Take the quiz</a>" not in lesson.text


def test_passing_a_module_opens_the_next_and_failing_does_not(client, app, learner):
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 403
    submit_quiz(client, FIRST, answer_key(app, FIRST))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 200
    assert client.get("/final-assessment").status_code == 403
    overview = client.get("/").text
    assert "Locked" not in card(overview, SECOND)
    assert overview.count('class="module-line module-locked"') == 1  # only the final assessment


def test_when_attempts_run_out_the_quiz_closes_with_a_clear_message(client, app, learner):
    set_course(app, max_attempts=2)
    assert "2 attempts left." in flat(client.get(f"/modules/{FIRST}").text)
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    result = flat(client.get(response.headers["Location"]).text)
    assert "You have used all 2 attempts this course allows for this quiz." in result
    assert "Take the quiz again" not in result

    closed = client.get(f"/modules/{FIRST}/quiz")
    assert closed.status_code == 403
    assert "This quiz is not open any more" in closed.text
    assert "No attempts left" in card(client.get("/").text, FIRST)
    assert "2 of 2" in client.get("/progress").text
    assert attempts(app) == 2


def test_a_form_opened_before_the_last_attempt_cannot_add_one_more(client, app, learner):
    set_course(app, max_attempts=1)
    early = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    response = client.post(f"/modules/{FIRST}/quiz", data=early.form_data(answer_key(app, FIRST)))
    assert response.status_code == 403
    assert attempts(app) == 1


def test_with_last_counting_a_failed_retake_undoes_the_pass(client, app, learner):
    set_course(app, counts="last")
    submit_quiz(client, FIRST, answer_key(app, FIRST))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 200
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 403
    row = flat(
        re.search(rf'href="/modules/{FIRST}".*?</tr>', client.get("/progress").text, re.S)[0]
    )
    assert "In progress" in row and "0%" in row
    assert "Last score" in client.get("/progress").text


def test_with_best_counting_a_failed_retake_keeps_the_pass(client, app, learner):
    submit_quiz(client, FIRST, answer_key(app, FIRST))
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 200
    assert "Best score 100%" in card(client.get("/").text, FIRST)


@pytest.mark.parametrize("sequential", [True, False])
def test_import_stores_the_settings_from_course_yaml(app, runner, tmp_path, sequential):
    import shutil

    import yaml

    copy = tmp_path / "course"
    shutil.copytree(TINY_COURSE_DIR, copy)
    manifest = yaml.safe_load((copy / "course.yaml").read_text(encoding="utf-8"))
    manifest["attempts"] = {"max": 3, "counts": "last"}
    manifest["sequential"] = sequential
    (copy / "course.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    result = runner.invoke(args=["content", "import", str(copy)])
    assert result.exit_code == 0, result.output
    assert "course tiny-water" in result.output
    with app.app_context():
        course = db.session.scalar(db.select(Course))
        assert (course.max_attempts, course.counts, course.is_sequential) == (3, "last", sequential)


def primary_buttons(html: str) -> list[str]:
    return re.findall(r'<a class="button" href="([^"]+)">', html)


def test_a_passed_result_leads_on_to_the_next_lesson_and_offers_a_retake_second(
    client, app, learner
):
    response, _ = submit_quiz(client, FIRST, answer_key(app, FIRST))
    result = flat(client.get(response.headers["Location"]).text)
    assert primary_buttons(result) == [f"/modules/{SECOND}"]
    assert f'<a class="button" href="/modules/{SECOND}">Continue to Module 2:' in result
    assert (
        f'class="button button-secondary" href="/modules/{FIRST}/quiz">Take the quiz again'
        in result
    )


def test_a_failed_result_sends_the_learner_back_to_the_lesson(client, app, learner):
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    result = flat(client.get(response.headers["Location"]).text)
    assert primary_buttons(result) == [f"/modules/{FIRST}"]
    assert "Reread Module 1" in result
    assert (
        f'class="button button-secondary" href="/modules/{FIRST}/quiz">Take the quiz again'
        in result
    )
