"""Misconception tags seen by a learner: the result names the misconception behind a wrong choice
that carries one, and says nothing of it when the choice is right or untagged."""

import pytest

from pkcourse.courses.models import Misconception, Option, QuestionVersion
from pkcourse.extensions import db
from tests.helpers import answer_key, submit_quiz

pytestmark = pytest.mark.usefixtures("open_quizzes")

CASES = "case-studies"  # cs-unosom-causes: two distractors tagged distant-causes


def tagged_field(app, question_slug: str) -> tuple[str, list[str], str]:
    """(form field, the tagged wrong option ids, the misconception's sentence)."""
    with app.app_context():
        version = db.session.scalar(
            db.select(QuestionVersion)
            .join(QuestionVersion.question)
            .where(QuestionVersion.question.has(slug=question_slug))
            .order_by(QuestionVersion.number.desc())
        )
        tagged = [o for o in version.options if o.misconception]
        sentence = db.session.scalar(
            db.select(Misconception.text).where(Misconception.slug == tagged[0].misconception)
        )
        return f"q{version.id}", [o.slug for o in tagged], sentence


def result_page(client, response) -> str:
    return " ".join(client.get(response.headers["Location"]).text.split())


def test_a_wrong_choice_carrying_a_misconception_shows_its_sentence(client, app, learner):
    field, tagged, sentence = tagged_field(app, "cs-unosom-causes")
    answers = answer_key(app, CASES)
    answers[field] = [tagged[0]]
    response, _ = submit_quiz(client, CASES, answers)
    html = result_page(client, response)
    assert f"<strong>A common misconception:</strong> {sentence}" in html
    assert html.count("A common misconception:") == 1


def test_right_answers_show_no_misconception(client, app, learner):
    response, _ = submit_quiz(client, CASES, answer_key(app, CASES))
    assert "A common misconception" not in result_page(client, response)


def test_a_true_false_misconception_shows_when_the_wrong_value_is_chosen(client, app, learner):
    field, tagged, sentence = tagged_field(app, "rd-tf-peace-enforcement")
    assert tagged == ["false"]
    answers = answer_key(app, "role-in-diplomacy")
    answers[field] = ["false"]
    response, _ = submit_quiz(client, "role-in-diplomacy", answers)
    assert sentence in result_page(client, response)
    with app.app_context():  # the tag sits on the option the learner chose
        assert (
            db.session.scalar(
                db.select(Option.misconception).where(
                    Option.slug == "false", Option.misconception.is_not(None)
                )
            )
            == "enforcement-excluded"
        )
