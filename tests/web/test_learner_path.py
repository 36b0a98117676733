"""The learner's journey through the test client, with CSRF protection switched on."""

import re

from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import (
    PASSWORD,
    QuizPage,
    answer_key,
    login,
    post_form,
    submit_quiz,
    wrong_answers,
)

FIRST = "role-in-diplomacy"
SECOND = "strategic-frameworks"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_new_learner_registers_reads_passes_and_finds_it_after_logging_back_in(client, app):
    response = post_form(
        client,
        "/auth/register",
        {
            "email": "New.Learner@Example.com",
            "display_name": "Nia",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302

    lesson = client.get(f"/modules/{FIRST}")
    assert lesson.status_code == 200
    assert "vital tools in international diplomacy" in lesson.text
    assert "Take the quiz" in lesson.text

    response, _ = submit_quiz(client, FIRST, answer_key(app, FIRST))
    assert response.status_code == 302
    result = client.get(response.headers["Location"])
    assert "Passed" in result.text and "100%" in result.text

    post_form(client, "/auth/logout", {}, form_url="/")
    assert client.get(f"/modules/{FIRST}/quiz").status_code == 302  # logged out for real

    assert login(client, "new.learner@example.com").status_code == 302
    overview = client.get("/")
    card = re.search(rf'href="/modules/{FIRST}".*?</li>', overview.text, re.S).group(0)
    assert "Passed" in card and "Best score 100%" in card
    assert "1 of 8 modules passed" in overview.text


def test_anonymous_visitor_reads_every_lesson_and_is_asked_to_log_in_for_the_quiz(client):
    overview = client.get("/")
    assert overview.status_code == 200
    assert "AI-Generated Insight" in overview.text
    assert overview.text.count('class="module-card"') == 8
    lesson = client.get(f"/modules/{SECOND}")
    assert lesson.status_code == 200
    assert "Strategic frameworks underpinning peacekeeping operations" in lesson.text
    quiz = f"/modules/{SECOND}/quiz"
    assert f'href="/auth/login?next={quiz}">Log in to take the quiz' in lesson.text
    assert "Take the quiz</a>" not in lesson.text and "status-" not in lesson.text
    asked = client.get(quiz)
    assert asked.status_code == 302 and "/auth/login?next=" in asked.headers["Location"]


def test_logging_in_from_a_lesson_comes_back_to_its_quiz(client, make_user):
    user = make_user()
    response = login(client, user.email, next_url=f"/modules/{FIRST}/quiz")
    assert response.headers["Location"] == f"/modules/{FIRST}/quiz"


def test_login_returns_to_the_lesson_that_asked_for_it(client, make_user):
    user = make_user()
    response = login(client, user.email, next_url=f"/modules/{FIRST}")
    assert response.headers["Location"] == f"/modules/{FIRST}"


def test_lesson_has_previous_next_links_and_the_notice(client, learner):
    page = client.get("/modules/strategic-frameworks").text
    assert f'href="/modules/{FIRST}" rel="prev"' in page
    assert 'href="/modules/tools-for-conflict-resolution" rel="next"' in page
    assert "AI-assisted content" in page
    assert "Module 2 of 8" in page


def test_unknown_module_is_404(client, learner):
    assert client.get("/modules/no-such-module").status_code == 404
    assert client.get("/modules/no-such-module/quiz").status_code == 404


def test_quiz_page_reveals_no_answers_or_explanations(client, app, learner):
    html = client.get(f"/modules/{FIRST}/quiz").text
    page = QuizPage(html)
    assert len(page.fields) == 8
    assert html.count("<fieldset") == 8 and html.count("<legend>") == 8
    with app.app_context():
        from pkcourse.courses.models import Module
        from pkcourse.courses.services import current_questions

        module = db.session.scalar(db.select(Module).where(Module.slug == FIRST))
        for version in current_questions(module):
            assert version.explanation not in html
            for option in version.options:
                if option.feedback:
                    assert option.feedback not in html
    for marker in ("correct", "is_correct", "explanation", "feedback", "data-"):
        assert marker not in html.lower().replace("correct horse", "")


def test_option_order_is_shuffled_per_attempt(client, learner):
    pages = [QuizPage(client.get(f"/modules/{FIRST}/quiz").text) for _ in range(8)]
    # a question's field keeps its name across loads; its options come in a fresh order
    single = next(name for name, kind in pages[0].kinds.items() if kind == "radio")
    assert len(pages[0].fields[single]) >= 3
    orders = {tuple(page.fields[single]) for page in pages}
    assert len(orders) > 1


def test_wrong_answers_show_feedback_explanation_and_a_link_to_the_passage(client, app, learner):
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    result = client.get(response.headers["Location"]).text
    assert "Not passed yet" in result and "0%" in result
    assert result.count("Wrong") >= 8
    assert "Your answer" in result and "Correct answer" in result
    assert 'class="opt-feedback"' in result
    links = re.findall(rf'href="/modules/{FIRST}#([a-z0-9-]+)"', result)
    assert len(links) == 8
    lesson = client.get(f"/modules/{FIRST}").text
    for anchor in links:
        assert f'id="{anchor}"' in lesson


def test_unanswered_questions_get_a_form_error_and_store_nothing(client, app, learner):
    key = answer_key(app, FIRST)
    choice = next(field for field, answer in key.items() if isinstance(answer, list))
    partial = {choice: key[choice]} | dict(list(key.items())[:4])
    response, _ = submit_quiz(client, FIRST, partial)
    assert response.status_code == 400
    assert "Choose an answer." in response.text
    assert 'aria-describedby="q' in response.text
    assert count(app, QuizAttempt) == 0
    # what was answered is still selected
    first_field, first_choice = choice, key[choice]
    assert re.search(
        rf'name="{first_field}"[^>]*checked[^>]*value="{first_choice[0]}"|'
        rf'checked[^>]*name="{first_field}"[^>]*value="{first_choice[0]}"',
        response.text,
    )


def test_tampered_option_ids_are_rejected_without_storing(client, app, learner):
    answers = answer_key(app, FIRST)
    choice = next(field for field, answer in answers.items() if isinstance(answer, list))
    answers[choice] = ["not-an-option"]
    response, _ = submit_quiz(client, FIRST, answers)
    assert response.status_code == 400
    assert count(app, QuizAttempt) == 0


def test_two_radio_values_for_one_question_are_rejected(client, app, learner):
    answers = answer_key(app, FIRST)
    page = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    single = next(name for name, kind in page.kinds.items() if kind == "radio")
    answers[single] = page.fields[single][:2]
    response = client.post(f"/modules/{FIRST}/quiz", data=page.form_data(answers))
    assert response.status_code == 400
    assert count(app, QuizAttempt) == 0


def test_missing_or_forged_hidden_fields_are_a_400(client, app, learner):
    page = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    data = page.form_data(answer_key(app, FIRST))
    data["submission_token"] = "short"
    assert client.post(f"/modules/{FIRST}/quiz", data=data).status_code == 400
    assert count(app, QuizAttempt) == 0


def test_replayed_submission_returns_the_stored_result_not_a_second_attempt(client, app, learner):
    answers = answer_key(app, FIRST)
    page = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    first = client.post(f"/modules/{FIRST}/quiz", data=page.form_data(answers))
    again = client.post(f"/modules/{FIRST}/quiz", data=page.form_data(answers))
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(app, QuizAttempt) == 1
    assert count(app, Answer) == 8
    with app.app_context():
        progress = db.session.scalar(db.select(ModuleProgress))
        assert progress.attempt_count == 1


def test_submitting_without_csrf_token_is_refused(client, app, learner):
    page = QuizPage(client.get(f"/modules/{FIRST}/quiz").text)
    data = page.form_data(answer_key(app, FIRST))
    del data["csrf_token"]
    response = client.post(f"/modules/{FIRST}/quiz", data=data)
    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert count(app, QuizAttempt) == 0


def test_progress_keeps_the_best_score_and_counts_attempts(client, app, learner):
    submit_quiz(client, FIRST, answer_key(app, FIRST))
    submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    page = client.get("/progress").text
    row = re.search(rf'href="/modules/{FIRST}".*?</tr>', page, re.S).group(0)
    assert "Passed" in row and "100%" in row and "<td>2</td>" in row
    assert page.count('href="/attempts/') == 2


def test_progress_page_has_a_helpful_empty_state(client, learner):
    page = client.get("/progress").text
    assert "No attempts yet" in page
    assert f'href="/modules/{FIRST}"' in page


def test_another_learner_gets_404_on_someone_elses_attempt(client, app, learner, make_user):
    response, _ = submit_quiz(client, FIRST, answer_key(app, FIRST))
    attempt_url = response.headers["Location"]
    assert client.get(attempt_url).status_code == 200
    post_form(client, "/auth/logout", {}, form_url="/")

    other = make_user("other@example.com", "Otto")
    login(client, other.email)
    assert client.get(attempt_url).status_code == 404
    assert client.get("/attempts/999999").status_code == 404
    assert "Not passed" not in client.get("/progress").text


def test_anonymous_visitor_is_sent_to_login_for_an_attempt(client, app, learner):
    response, _ = submit_quiz(client, FIRST, answer_key(app, FIRST))
    anonymous = app.test_client()
    assert anonymous.get(response.headers["Location"]).status_code == 302


def test_from_the_first_module_to_a_verified_certificate(client, app):
    """The whole course as a new learner: modules in order, the final assessment, the
    certificate, and a stranger verifying it."""
    from tests.helpers import MODULE_SLUGS, page_key

    post_form(
        client,
        "/auth/register",
        {
            "email": "grad@example.com",
            "display_name": "Grace Graduate",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    for position, slug in enumerate(MODULE_SLUGS):
        if position + 1 < len(MODULE_SLUGS):
            assert client.get(f"/modules/{MODULE_SLUGS[position + 1]}/quiz").status_code == 403
        assert client.get(f"/modules/{slug}").status_code == 200
        page = QuizPage(client.get(f"/modules/{slug}/quiz").text)
        response = client.post(f"/modules/{slug}/quiz", data=page.form_data(page_key(app, page)))
        assert "Passed" in client.get(response.headers["Location"]).text
    assert "8 of 8 modules passed" in client.get("/").text

    page = QuizPage(client.get("/final-assessment").text)
    response = client.post("/final-assessment", data=page.form_data(page_key(app, page)))
    result = client.get(response.headers["Location"]).text
    assert "You have completed the course." in result

    certificate = client.get("/certificate").text
    assert "Grace Graduate" in certificate
    code = re.search(r'href="http://localhost/certificates/([A-Za-z0-9_-]+)"', certificate)[1]
    stranger = app.test_client()
    verified = stranger.get(f"/certificates/{code}")
    assert verified.status_code == 200 and "Grace Graduate" in verified.text
    assert stranger.get(f"/certificates/{code[::-1]}").status_code == 404
