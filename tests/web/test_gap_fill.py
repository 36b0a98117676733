"""Gap-fill questions through the test client: rendered with a labelled drop-down per gap and no
key in the page, graded per gap on the server, reviewed with feedback; tampered input is a 400
and stores nothing."""

import re
from collections import Counter

import pytest

from pkcourse.courses.models import Module
from pkcourse.courses.services import current_questions
from pkcourse.extensions import db
from pkcourse.quizzes.forms import build_quiz_form, field_name
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import Gaps, QuizPage, answer_key

pytestmark = pytest.mark.usefixtures("open_quizzes")

TOOLS = "tools-for-conflict-resolution"  # has a two-gap question


def flat(html: str) -> str:
    return " ".join(html.split())


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def gap_field(page: QuizPage) -> str:
    return next(name for name, kind in page.kinds.items() if kind == "gaps")


def gap_version(app):
    module = db.session.scalar(db.select(Module).where(Module.slug == TOOLS))
    return next(v for v in current_questions(module) if v.body)


def test_each_gap_is_a_labelled_select_and_the_page_holds_no_key(client, app, learner):
    html = client.get(f"/modules/{TOOLS}/quiz").text
    page = QuizPage(html)
    name = gap_field(page)
    assert [text for _, text in page.rows[name]] == ["Gap 1 of 2", "Gap 2 of 2"]
    sentence = re.search(rf'<p class="gap-text" id="{name}-text">(.*?)</p>', html, re.S)
    assert sentence and "(gap 1) ______" in sentence.group(1) and "[[" not in sentence.group(1)
    for row, _ in page.rows[name]:
        assert f'<label class="slot-label" for="{row}">' in html
        assert re.search(rf'<select id="{row}" name="{row}"\s+aria-describedby="{name}-text ', html)
        # choices go out under their display position, never the author's ids or a key mark
        assert sorted(page.gap_choices[row].values()) == ["1", "2", "3", "4"]
    assert "compromises" in html and "correct" not in html.lower()


def test_the_right_choice_can_sit_in_any_position(app):
    with app.test_request_context():
        version = gap_version(app)
        places = Counter()
        for n in range(200):
            field = build_quiz_form([version], f"seed-{n:020d}")[field_name(version)]
            for gap, (right, *_) in enumerate([("mediators",), ("compromises",)]):
                texts = [text for _, text, _ in field.gap_choices[gap]]
                places[(gap, texts.index(right))] += 1
    assert all(places[(gap, place)] > 25 for gap in (0, 1) for place in range(4))


def test_a_right_and_a_wrong_gap_earn_half_with_feedback_for_the_wrong_one(client, app, learner):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    name = gap_field(page)
    key[name] = Gaps(("mediators", "dialogue"))
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(key))
    assert response.status_code == 302
    result = flat(client.get(response.headers["Location"]).text)
    assert "Partly right · 0.5 of 1 point" in result
    assert "Dialogue is what missions facilitate elsewhere in the lesson" in result
    assert "(gap 2) ______" in result
    with app.app_context():
        answer = next(a for a in db.session.scalars(db.select(Answer)) if a.question_version.body)
        assert answer.response == {"role": "c", "space": "a"}
        assert sorted(o.slug for o in answer.selected_options) == ["role.c", "space.a"]
        assert (answer.points, answer.is_correct) == (0.5, False)


def test_the_right_words_score_full_marks(client, app, learner):
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(answer_key(app, TOOLS)))
    result = flat(client.get(response.headers["Location"]).text)
    assert "Passed" in result and "100%" in result


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("unknown_choice", "Not a valid choice."),
        ("two_values", "Choose one value per row."),
        ("all_blank", "Choose a word for at least one gap."),
    ],
)
def test_tampered_gap_input_is_a_400_and_stores_nothing(client, app, learner, tamper, message):
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    data = page.form_data(answer_key(app, TOOLS))
    (first, _), (second, _) = page.rows[gap_field(page)]
    if tamper == "unknown_choice":
        data[first] = "7"
    elif tamper == "two_values":
        data[first] = [data[first], data[second]]
    else:
        data[first] = data[second] = ""
    response = client.post(f"/modules/{TOOLS}/quiz", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert count(app, QuizAttempt) == 0 and count(app, Answer) == 0


def test_a_response_the_grader_rejects_is_a_400_and_stores_nothing(
    client, app, learner, monkeypatch
):
    """Past the form (as a forged client could get): the grader's InvalidResponse."""
    from pkcourse.quizzes import services

    with app.test_request_context():
        version = gap_version(app)
    original = services.grade_quiz

    def forged(questions, responses, pass_mark):
        responses = dict(responses)
        responses[str(version.id)] = {"role": "zz"}
        return original(questions, responses, pass_mark)

    monkeypatch.setattr(services, "grade_quiz", forged)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(answer_key(app, TOOLS)))
    assert response.status_code == 400
    assert count(app, QuizAttempt) == 0 and count(app, Answer) == 0
