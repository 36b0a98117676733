"""The final assessment: open once every module is passed, a fresh stratified draw per attempt,
graded against exactly the questions drawn."""

import re

import pytest

from pkcourse.courses.models import Module, QuestionVersion
from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from tests.helpers import (
    TINY_LESSONS,
    QuizPage,
    answer_key,
    page_key,
    pass_every_module,
    submit_quiz,
)

pytestmark = pytest.mark.tiny_course

URL = "/final-assessment"
DRAWN = len(TINY_LESSONS)  # the tiny course draws one question from each lesson


def drawn_modules(app, page: QuizPage) -> list[str]:
    with app.app_context():
        slugs = {}
        for name in page.fields:
            version = db.session.get(QuestionVersion, int(name[1:]))
            slugs[name] = version.question.module.slug
        return [slugs[name] for name in page.fields]


def final_attempts(app) -> list[tuple[bool, float, int]]:
    """(passed, score, number of answers) of every final-assessment attempt."""
    with app.app_context():
        attempts = db.session.scalars(
            db.select(QuizAttempt)
            .join(Module, QuizAttempt.module_id == Module.id)
            .where(Module.kind == "final")
        ).all()
        return [(a.is_passed, a.score_percent, len(a.answers)) for a in attempts]


def test_the_final_assessment_is_locked_until_every_module_is_passed(client, app, learner):
    response = client.get(URL)
    assert response.status_code == 403
    assert "The final assessment opens once you have passed every module" in " ".join(
        response.text.split()
    )
    assert 'href="/">Back to the course' in response.text
    for slug in TINY_LESSONS[:-1]:
        submit_quiz(client, slug, page_key(app, QuizPage(client.get(f"/modules/{slug}/quiz").text)))
    assert client.get(URL).status_code == 403  # all lessons but one is not enough


def test_the_draw_covers_every_module_and_changes_per_attempt(client, app, learner):
    pass_every_module(client, app)
    overview = client.get("/").text
    assert f'href="{URL}">Final check</a>' in overview
    draws = []
    for _ in range(4):
        page = QuizPage(client.get(URL).text)
        modules = drawn_modules(app, page)
        assert modules == list(TINY_LESSONS)
        draws.append(tuple(page.fields))
    assert len(set(draws)) > 1


def test_the_page_reveals_no_answers_and_signs_the_draw(client, app, learner):
    pass_every_module(client, app)
    html = client.get(URL).text
    page = QuizPage(html)
    assert len(page.fields) == DRAWN and html.count("<fieldset") == DRAWN
    assert "served" in page.hidden
    for marker in ("correct", "explanation", "feedback", "data-"):
        assert marker not in html.lower().replace("correct horse", "")


def test_passing_the_final_completes_the_course(client, app, learner):
    pass_every_module(client, app)
    page = QuizPage(client.get(URL).text)
    response = client.post(URL, data=page.form_data(page_key(app, page)))
    assert response.status_code == 302
    result = client.get(response.headers["Location"]).text
    assert "Your result: Final check" in result and "100%" in result
    # each answer links to its own module's lesson
    links = set(re.findall(r'href="/modules/([a-z-]+)#', result))
    assert links == set(TINY_LESSONS)
    assert "You have completed the course" in client.get("/").text
    assert final_attempts(app) == [(True, 100.0, DRAWN)]
    # one filled button, the certificate; taking the assessment again is secondary
    assert re.findall(r'<a class="button" href="([^"]+)"', result) == ["/certificate"]
    assert 'class="button button-secondary" href="/final-assessment">Take the assessment' in result


def test_after_the_last_module_the_result_leads_to_the_final_assessment(client, app, learner):
    for slug in TINY_LESSONS[:-1]:
        submit_quiz(client, slug, answer_key(app, slug))
    response, _ = submit_quiz(client, TINY_LESSONS[-1], answer_key(app, TINY_LESSONS[-1]))
    result = client.get(response.headers["Location"]).text
    assert re.findall(r'<a class="button" href="([^"]+)">([^<]+)', result) == [
        (URL, "Take the final assessment")
    ]


def test_grading_uses_the_signed_draw_not_what_the_client_claims(client, app, learner):
    pass_every_module(client, app)
    page = QuizPage(client.get(URL).text)
    other = QuizPage(client.get(URL).text)
    # a draw from another form, or an altered one, is refused with a fresh draw to answer
    data = page.form_data(page_key(app, page))
    data["served"] = other.hidden["served"]
    refused = client.post(URL, data=data)
    assert refused.status_code == 409 and "nothing was saved" in refused.text
    fresh = QuizPage(refused.text)
    assert len(fresh.fields) == DRAWN and fresh.hidden["served"] != page.hidden["served"]
    assert "checked" not in refused.text  # nothing of the refused answers is refilled
    data["served"] = page.hidden["served"][:-3] + "abc"
    assert client.post(URL, data=data).status_code == 409
    del data["served"]
    assert client.post(URL, data=data).status_code == 409
    assert final_attempts(app) == []


def test_answers_to_questions_outside_the_draw_are_ignored_not_graded(client, app, learner):
    pass_every_module(client, app)
    page = QuizPage(client.get(URL).text)
    data = page.form_data(page_key(app, page, wrong=True))
    undrawn = next(f"q{n}" for n in range(1, 100) if f"q{n}" not in page.fields)
    data[undrawn] = "anything"  # an answer to a question this draw does not ask
    response = client.post(URL, data=data)
    assert response.status_code == 302
    assert final_attempts(app) == [(False, 0.0, DRAWN)]


def test_a_draw_is_submitted_once(client, app, learner):
    pass_every_module(client, app)
    page = QuizPage(client.get(URL).text)
    first = client.post(URL, data=page.form_data(page_key(app, page, wrong=True)))
    again = client.post(URL, data=page.form_data(page_key(app, page)))
    assert again.headers["Location"] == first.headers["Location"]
    assert final_attempts(app) == [(False, 0.0, DRAWN)]


def test_an_incomplete_final_comes_back_with_the_same_questions(client, app, learner):
    pass_every_module(client, app)
    page = QuizPage(client.get(URL).text)
    key = page_key(app, page)
    key.pop(next(iter(key)))
    response = client.post(URL, data=page.form_data(key))
    assert response.status_code == 400
    again = QuizPage(response.text)
    assert list(again.fields) == list(page.fields)
    assert again.hidden["served"] == page.hidden["served"]


def test_draws_are_not_kept_in_the_per_process_stores(client, app, learner):
    """A draw (its questions, numbering and orders) hardly ever comes again, so keeping its form
    class and fieldsets would only fill each worker's memory; lesson quizzes are kept."""
    pass_every_module(client, app)
    stores = [
        app.extensions[name]
        for name in ("pkcourse.quiz_form_classes", "pkcourse.question_fieldsets")
    ]
    before = [dict(store) for store in stores]
    assert all(before)  # the lesson quizzes just taken
    for _ in range(3):
        page = QuizPage(client.get(URL).text)
        assert len(page.fields) == DRAWN
    assert [dict(store) for store in stores] == before
