"""The quiz form itself: what was served is what gets graded, and the learner sees what is open."""

import re

from pkcourse.courses.models import Module
from pkcourse.courses.services import current_questions
from pkcourse.extensions import db
from pkcourse.quizzes.fieldsets import question_fieldset
from pkcourse.quizzes.forms import build_quiz_form
from pkcourse.quizzes.models import QuizAttempt
from tests.helpers import QuizPage, answer_key, login

FIRST = "role-in-diplomacy"
URL = f"/modules/{FIRST}/quiz"


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt))


def test_a_refilled_form_from_before_a_new_shuffle_is_refused_with_a_fresh_quiz(
    client, app, learner
):
    """Back after submitting reloads the quiz with a new order and token; answers put back by
    position must not be stored under it."""
    first = QuizPage(client.get(URL).text)
    second = QuizPage(client.get(URL).text)
    data = first.form_data(answer_key(app, FIRST))
    data["served"] = second.hidden["served"]  # the newer page's record, the older page's order
    refused = client.post(URL, data=data)
    assert refused.status_code == 409
    text = " ".join(refused.text.split())
    assert "This quiz page was out of date" in text and "nothing was saved" in text
    fresh = QuizPage(refused.text)
    assert len(fresh.fields) == 8
    assert fresh.hidden["submission_token"] not in (
        first.hidden["submission_token"],
        second.hidden["submission_token"],
    )
    assert "checked" not in refused.text
    assert attempts(app) == 0
    # the fresh quiz is accepted
    assert client.post(URL, data=fresh.form_data(answer_key(app, FIRST))).status_code == 302
    assert attempts(app) == 1


def test_a_quiz_served_to_someone_else_is_refused(client, app, make_user, learner):
    page = QuizPage(client.get(URL).text)
    other = make_user(email="other@example.com")
    client.post("/auth/logout", data={"csrf_token": page.csrf})
    login(client, other.email)
    mine = QuizPage(client.get(URL).text)
    data = {**page.form_data(answer_key(app, FIRST)), "csrf_token": mine.csrf}
    assert client.post(URL, data=data).status_code == 409
    del data["served"]
    assert client.post(URL, data=data).status_code == 409
    assert attempts(app) == 0


def test_answers_are_never_refilled_and_enter_cannot_submit(client, learner):
    html = client.get(URL).text
    form = re.search(r'<form method="post" class="quiz"[^>]*>\s*<button[^>]*>', html)[0]
    assert 'autocomplete="off"' in form
    # implicit submission (Enter in a text box) uses the first submit button: a disabled one
    assert re.search(r'<button type="submit" disabled hidden tabindex="-1">', form)


def test_the_error_summary_counts_answers_and_names_questions_by_number(client, app, learner):
    page = QuizPage(client.get(URL).text)
    key = answer_key(app, FIRST)
    names = list(page.fields)
    answers = {name: key[name] for name in names if name not in (names[2], names[5])}
    response = client.post(URL, data=page.form_data(answers))
    assert response.status_code == 400
    summary = " ".join(
        re.search(r'<div class="error-summary".*?</div>', response.text, re.S)[0].split()
    )
    assert "You answered 6 of 8 questions" in summary
    assert f'<a href="#{names[2]}">Question 3</a>' in summary
    assert f'<a href="#{names[5]}">Question 6</a>' in summary
    assert attempts(app) == 0


def test_a_form_sent_back_after_an_error_keeps_each_choice_order_and_the_ticked_answers(
    client, app, learner
):
    page = QuizPage(client.get(URL).text)
    key = answer_key(app, FIRST)
    choice = next(name for name, kind in page.kinds.items() if kind == "radio")
    short = next(name for name, kind in page.kinds.items() if kind == "text")
    response = client.post(URL, data=page.form_data({**key, short: ""}))
    assert response.status_code == 400
    again = QuizPage(response.text)
    assert again.fields == page.fields  # every question's options in the order first served
    (ticked,) = re.findall(
        rf'<input checked id="[^"]+" name="{choice}"[^>]*value="([^"]+)"', response.text
    )
    assert [ticked] == key[choice]


def test_one_form_class_serves_a_quiz_and_every_form_has_its_own_order(app):
    """The class is made once per quiz; the shuffle is applied to each form's own fields."""
    with app.test_request_context():
        module = db.session.scalar(
            db.select(Module).where(Module.slug == "tools-for-conflict-resolution")
        )
        versions = current_questions(module)
        assert {"matching", "ordering", "single_choice"} <= {v.kind for v in versions}

        def order(form):
            return [
                (
                    getattr(f, "choices", None),
                    getattr(f, "rows", None),
                    getattr(f, "gap_choices", None),
                )
                for _, f in form.question_fields
            ]

        first = build_quiz_form(versions, "a" * 20)
        before = order(first)
        others = [build_quiz_form(versions, f"seed-{n:020d}") for n in range(5)]
        assert all(type(form) is type(first) for form in others)
        assert order(first) == before == order(build_quiz_form(versions, "a" * 20))
        assert any(order(form) != before for form in others)


def test_an_unanswered_question_is_written_once_and_an_answered_one_for_its_form(app):
    """Fieldsets are kept by version, number and order; a field with an answer or an error is
    written for the form at hand, answer included."""
    with app.test_request_context():
        module = db.session.scalar(db.select(Module).where(Module.slug == FIRST))
        versions = current_questions(module)
        written = app.jinja_env.get_template("quizzes/_questions.html").module.question_fieldset
        first = build_quiz_form(versions, "a" * 20)
        same = build_quiz_form(versions, "a" * 20)
        for number, ((version, field), (_, twin)) in enumerate(
            zip(first.question_fields, same.question_fields, strict=True), start=1
        ):
            kept = question_fieldset(version, field, number)
            assert kept == written(version, field, number)  # what the macro writes
            assert question_fieldset(version, twin, number) is kept  # written once
            assert question_fieldset(version, field, number + 1) != kept  # another number
    choice = next(v for v in versions if v.kind == "single_choice")
    chosen = choice.options[0].slug
    data = {f"q{choice.id}": chosen, "order_seed": "a" * 20}
    with app.test_request_context(method="POST", data=data):
        form = build_quiz_form(versions, "a" * 20)
        field = form[f"q{choice.id}"]
        number = versions.index(choice) + 1
        answered = question_fieldset(choice, field, number)
        assert f'checked id="q{choice.id}-' in answered and f'value="{chosen}"' in answered
        assert "checked" not in question_fieldset(choice, same[f"q{choice.id}"], number)
