"""Review my mistakes: practise only what an attempt missed; graded, explained, never counted."""

import re
from html import unescape

from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import (
    QuizPage,
    answer_key,
    login,
    page_key,
    post_form,
    submit_quiz,
    wrong_answers,
)

FIRST, SECOND = "role-in-diplomacy", "strategic-frameworks"


def half_right(app) -> tuple[dict, set[str]]:
    """Answers with the first three questions wrong and the rest right, and the missed fields."""
    key, wrong = answer_key(app, FIRST), wrong_answers(app, FIRST)
    missed = set(list(key)[:3])
    return {name: wrong[name] if name in missed else right for name, right in key.items()}, missed


def snapshot(app):
    with app.app_context():
        progress = db.session.scalar(db.select(ModuleProgress))
        return (
            db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)),
            db.session.scalar(db.select(db.func.count()).select_from(Answer)),
            (progress.attempt_count, progress.best_score_percent, progress.is_passed),
        )


def test_a_result_offers_to_review_only_the_missed_questions(client, app, learner):
    answers, missed = half_right(app)
    response, _ = submit_quiz(client, FIRST, answers)
    result_url = response.headers["Location"]
    assert "Review my mistakes (3 questions)" in client.get(result_url).text
    html = client.get(f"{result_url}/practice").text
    page = QuizPage(html)
    assert set(page.fields) == missed
    assert "nothing is saved" in " ".join(html.split())
    for marker in ("correct", "explanation", "feedback"):
        assert marker not in html.lower().replace("correct horse", "")


def test_practice_is_graded_with_feedback_and_changes_nothing(client, app, learner):
    answers, _ = half_right(app)
    response, _ = submit_quiz(client, FIRST, answers)
    practice_url = response.headers["Location"] + "/practice"
    before = snapshot(app)
    page = QuizPage(client.get(practice_url).text)
    graded = client.post(practice_url, data=page.form_data(page_key(app, page)))
    assert graded.status_code == 200
    text = " ".join(graded.text.split())
    assert "Practice result" in text and "3 of 3 points on the questions you missed" in text
    assert "Practice only: nothing was saved" in text
    assert "Why:" in text  # explanations, as on a result page
    assert snapshot(app) == before


def test_wrong_practice_answers_show_why_they_are_wrong(client, app, learner):
    answers, _ = half_right(app)
    response, _ = submit_quiz(client, FIRST, answers)
    practice_url = response.headers["Location"] + "/practice"
    page = QuizPage(client.get(practice_url).text)
    graded = client.post(practice_url, data=page.form_data(page_key(app, page, wrong=True)))
    assert "0 of 3 points" in " ".join(graded.text.split())
    assert 'class="opt-feedback"' in graded.text


def test_practice_does_not_pass_a_module_or_unlock_the_next(client, app, learner):
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    practice_url = response.headers["Location"] + "/practice"
    page = QuizPage(client.get(practice_url).text)
    assert len(page.fields) == 8
    client.post(practice_url, data=page.form_data(page_key(app, page)))
    assert client.get(f"/modules/{SECOND}/quiz").status_code == 403
    assert "1 of 8" not in client.get("/").text and "0 of 8 modules passed" in client.get("/").text


def test_an_attempt_without_mistakes_has_nothing_to_review(client, app, learner):
    response, _ = submit_quiz(client, FIRST, answer_key(app, FIRST))
    result = client.get(response.headers["Location"]).text
    assert "Review my mistakes" not in result
    practice = client.get(response.headers["Location"] + "/practice")
    assert practice.status_code == 302
    assert "no mistakes to review" in client.get(practice.headers["Location"]).text


def test_tampered_or_incomplete_practice_is_refused(client, app, learner):
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    practice_url = response.headers["Location"] + "/practice"
    page = QuizPage(client.get(practice_url).text)
    data = page.form_data(page_key(app, page))
    radio = next(name for name, kind in page.kinds.items() if kind == "radio")
    data[radio] = "zz"
    assert client.post(practice_url, data=data).status_code == 400
    data = page.form_data(page_key(app, page))
    data["order_seed"] = "x"
    assert client.post(practice_url, data=data).status_code == 400
    incomplete = page.form_data({})
    response = client.post(practice_url, data=incomplete)
    assert response.status_code == 400 and "Choose an answer." in response.text


def test_another_learner_cannot_practise_someone_elses_attempt(client, app, learner, make_user):
    response, _ = submit_quiz(client, FIRST, wrong_answers(app, FIRST))
    practice_url = response.headers["Location"] + "/practice"
    post_form(client, "/auth/logout", {}, form_url="/")
    other = make_user("other@example.com", "Otto")
    login(client, other.email)
    assert client.get(practice_url).status_code == 404
    assert app.test_client().get(practice_url).status_code == 302  # visitors log in first


def test_practise_again_offers_only_what_is_still_wrong_and_leads_to_the_real_quiz(
    client, app, learner
):
    answers, missed = half_right(app)
    response, _ = submit_quiz(client, FIRST, answers)
    practice_url = response.headers["Location"] + "/practice"
    page = QuizPage(client.get(practice_url).text)
    key, wrong = page_key(app, page), page_key(app, page, wrong=True)
    still_missed = sorted(missed)[0]
    graded = client.post(
        practice_url,
        data=page.form_data({**key, still_missed: wrong[still_missed]}),
    ).text
    text = " ".join(graded.split())
    assert f'<a class="button" href="/modules/{FIRST}/quiz">Take the real quiz again</a>' in text
    again_url = re.search(r'href="([^"]+)">Practise again \(1 still wrong\)', text)[1]
    again = QuizPage(client.get(unescape(again_url)).text)
    assert list(again.fields) == [still_missed]

    # a tampered list never widens practice beyond what the attempt missed
    right_field = next(name for name in answers if name not in missed)
    tampered = QuizPage(client.get(f"{practice_url}?only={right_field[1:]}").text)
    assert set(tampered.fields) == missed
