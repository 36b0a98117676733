"""Ordering, matching and short-answer questions through the browser's eyes: rendered without
JavaScript and without giving the key away, graded on the server, reviewed on the result page."""

import re
from collections import Counter

import pytest

from pkcourse.courses.models import Module
from pkcourse.courses.services import current_questions
from pkcourse.extensions import db
from pkcourse.quizzes.forms import build_quiz_form, field_name
from pkcourse.quizzes.kinds.short_answer import MAX_LENGTH
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import Match, Order, QuizPage, answer_key, key_for, submit_quiz

pytestmark = pytest.mark.usefixtures("open_quizzes")

TOOLS = "tools-for-conflict-resolution"  # has matching, ordering and short-answer questions
IMPACT = "challenges-and-limitations"  # has an ordering and a short-answer question


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def flat(html: str) -> str:
    return " ".join(html.split())


def field_of_kind(page: QuizPage, kind: str) -> str:
    return next(name for name, k in page.kinds.items() if k == kind)


MATCHING = "tc-match-groundwork"  # the module's matching question these tests answer
SHORT = "tc-short-direct"


def field_for(app, question_slug: str) -> str:
    """The form field of one question of the module, by its author's id."""
    with app.app_context():
        module = db.session.scalar(db.select(Module).where(Module.slug == TOOLS))
        versions = current_questions(module)
        return next(f"q{v.id}" for v in versions if v.question.slug == question_slug)


def test_every_question_kind_renders_as_labelled_form_controls(client, learner):
    html = client.get(f"/modules/{IMPACT}/quiz").text
    page = QuizPage(html)
    ordering = field_of_kind(page, "ordering")
    rows = page.rows[ordering]
    assert len(rows) == 4
    for row_name, _text in rows:
        # each select has its own label, and the hint is read with it
        assert f'<label class="slot-label" for="{row_name}">' in html
        assert re.search(rf'<select id="{row_name}" name="{row_name}"\s+aria-describedby=', html)
    assert set(page.choices[ordering].values()) == {"1", "2", "3", "4"}
    short = field_of_kind(page, "text")
    assert f'<label class="field-label" for="{short}-input">Your answer</label>' in html
    # the browser stops typing where the server would refuse the answer
    assert re.search(rf'<input[^>]* id="{short}-input" maxlength="{MAX_LENGTH}"', html)
    # the only scripts are the local times and the answered count, loaded from /static/: the
    # quiz works without them
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/js/time.js" defer>',
        '<script src="/static/js/quiz.js" defer>',
    ]


def test_ordering_and_matching_pages_never_carry_the_authors_ids(client, app, learner):
    html = client.get(f"/modules/{TOOLS}/quiz").text
    page = QuizPage(html)
    matching = field_for(app, MATCHING)
    # rows and choices go out under their display position only
    assert all(re.fullmatch(rf"{matching}-\d", row) for row, _ in page.rows[matching])
    assert set(page.choices[matching].values()) == {"1", "2", "3", "4"}
    for author_id in ("unmil", "unosom", "partition", "withdrawal"):
        assert f'value="{author_id}"' not in html and f"-{author_id}" not in html


def test_ordering_starts_in_any_order_the_right_one_included(app):
    """The starting order does not depend on the key: a start that avoided the right order would
    give the key away to anyone who reloads the quiz until one order never shows up."""
    with app.test_request_context():
        module = db.session.scalar(db.select(Module).where(Module.slug == IMPACT))
        version = next(v for v in current_questions(module) if v.kind == "ordering")
        assert len(version.options) == 4
        right = tuple(o.slug for o in sorted(version.options, key=lambda o: o.position))
        starts = Counter(
            tuple(
                row
                for row, _ in build_quiz_form([version], f"seed-{n:020d}")[field_name(version)].rows
            )
            for n in range(480)
        )
    assert len(starts) == 24  # every order of four items is a possible start
    assert 0 < starts[right] < 40  # the right one too, about as often as any (480 / 24 = 20)


def test_right_answers_to_every_kind_score_full_marks(client, app, learner):
    response, _ = submit_quiz(client, TOOLS, answer_key(app, TOOLS))
    assert response.status_code == 302
    result = client.get(response.headers["Location"]).text
    assert "Passed" in result and "100%" in result
    assert "Right match" in result and "Accepted" in result
    with app.app_context():
        responses = [a.response for a in db.session.scalars(db.select(Answer)) if a.response]
        assert {"channels": "channels", "dialogue": "dialogue"} in responses
        assert "direct" in responses


def test_partial_matching_and_wrong_short_answer_are_shown_with_feedback(client, app, learner):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    matching, short = field_for(app, MATCHING), field_for(app, SHORT)
    (first_left, first_right), (second_left, _) = key[matching].pairs
    # one right pair, one row matched to a distractor: 1 - 1 = 0 points; then one right, one blank
    key[matching] = Match(((first_left, first_right), (second_left, None)))
    key[short] = "  somalia "
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(key))
    result = flat(client.get(response.headers["Location"]).text)
    assert "Partly right · 0.5 of 1 point" in result
    assert "Left blank" in result
    assert "somalia" in result and "Not accepted" in result
    assert "the first key step is encouraging direct communication" in result  # feedback


def test_a_distractor_match_shows_why_it_is_wrong(client, app, learner):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    matching = field_for(app, MATCHING)
    (first_left, first_right), (second_left, _) = key[matching].pairs
    distractor = "A durable political settlement"
    key[matching] = Match(((first_left, first_right), (second_left, distractor)))
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(key))
    result = flat(client.get(response.headers["Location"]).text)
    assert "Wrong · 0 of 1 point" in result
    assert "The lesson names no settlement here" in result


def test_ordering_partial_credit_and_review(client, app, learner):
    key = answer_key(app, IMPACT)
    page = QuizPage(client.get(f"/modules/{IMPACT}/quiz").text)
    ordering = field_of_kind(page, "ordering")
    a, b, c, d = key[ordering].texts
    key[ordering] = Order((d, a, b, c))  # keeps a-b and b-c: 2 of 3 pairs
    response = client.post(f"/modules/{IMPACT}/quiz", data=page.form_data(key))
    result = flat(client.get(response.headers["Location"]).text)
    assert "Partly right · 0.67 of 1 point" in result
    assert "Points: 2 of 3 neighbouring pairs kept together." in result
    assert "Right order" in result


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("duplicate_position", "Use each position from 1 to 4 once."),
        ("missing_position", "Give every item a position."),
        ("unknown_position", "Not a valid choice."),
        ("two_values", "Choose one value per row."),
    ],
)
def test_bad_ordering_input_is_a_form_error_and_stores_nothing(
    client, app, learner, tamper, message
):
    key = answer_key(app, IMPACT)
    page = QuizPage(client.get(f"/modules/{IMPACT}/quiz").text)
    ordering = field_of_kind(page, "ordering")
    data = page.form_data(key)
    first, second = page.rows[ordering][0][0], page.rows[ordering][1][0]
    if tamper == "duplicate_position":
        data[second] = data[first]
    elif tamper == "missing_position":
        data[first] = ""
    elif tamper == "unknown_position":
        data[first] = "9"
    else:
        data[first] = [data[first], data[second]]
    response = client.post(f"/modules/{IMPACT}/quiz", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert count(app, QuizAttempt) == 0


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("all_blank", "Match at least one item."),
        ("unknown_choice", "Not a valid choice."),
    ],
)
def test_bad_matching_input_is_a_form_error_and_stores_nothing(
    client, app, learner, tamper, message
):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    matching = field_for(app, MATCHING)
    data = page.form_data(key)
    for row, _ in page.rows[matching]:
        data[row] = "" if tamper == "all_blank" else "unmil"
    response = client.post(f"/modules/{TOOLS}/quiz", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert count(app, QuizAttempt) == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [("   ", "Type an answer."), ("x" * 201, "Keep your answer under 200 characters.")],
)
def test_blank_or_overlong_short_answers_are_form_errors(client, app, learner, typed, message):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    key[field_of_kind(page, "text")] = typed
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(key))
    assert response.status_code == 400
    assert message in response.text
    assert count(app, QuizAttempt) == 0


def test_a_form_sent_back_after_an_error_keeps_the_ordering_and_matching_choices(
    client, app, learner
):
    key = answer_key(app, TOOLS)
    page = QuizPage(client.get(f"/modules/{TOOLS}/quiz").text)
    short = field_of_kind(page, "text")
    key[short] = ""
    response = client.post(f"/modules/{TOOLS}/quiz", data=page.form_data(key))
    again = QuizPage(response.text)
    matching = field_for(app, MATCHING)
    assert again.rows[matching] == page.rows[matching]
    for row, _ in page.rows[matching]:
        assert re.search(rf'name="{row}".*?<option value="\d"\s*selected', response.text, re.S)


def test_key_for_matches_what_the_grader_expects(app):
    from pkcourse.courses.models import Module
    from pkcourse.courses.services import current_questions
    from pkcourse.quizzes.grading import gradable, grade_answer

    with app.app_context():
        module = db.session.scalar(db.select(Module).where(Module.slug == TOOLS))
        for version in current_questions(module):
            if version.kind == "short_answer":
                assert grade_answer(gradable(version), key_for(version)).is_correct


def test_an_ordering_scoring_zero_marks_no_item_right(client, app, learner):
    """The review's marks come from the grading rule: first and last items at their own places
    keep no neighbouring pair, so nothing may be marked right next to 0 points."""
    key = answer_key(app, IMPACT)
    page = QuizPage(client.get(f"/modules/{IMPACT}/quiz").text)
    ordering = field_of_kind(page, "ordering")
    a, b, c, d = key[ordering].texts
    key[ordering] = Order((a, c, b, d))  # a and d in place, but no pair kept: 0 of 3
    response = client.post(f"/modules/{IMPACT}/quiz", data=page.form_data(key))
    result = client.get(response.headers["Location"]).text
    table = re.search(r"<caption>Your order and the right order.*?</table>", result, re.S).group(0)
    assert "Points: 0 of 3 neighbouring pairs kept together." in table
    assert "tag-correct" not in table


def test_ordering_marks_add_up_to_the_kept_pairs(client, app, learner):
    key = answer_key(app, IMPACT)
    page = QuizPage(client.get(f"/modules/{IMPACT}/quiz").text)
    ordering = field_of_kind(page, "ordering")
    a, b, c, d = key[ordering].texts
    key[ordering] = Order((d, a, b, c))  # keeps a-b and b-c
    response = client.post(f"/modules/{IMPACT}/quiz", data=page.form_data(key))
    result = client.get(response.headers["Location"]).text
    table = re.search(r"<caption>Your order and the right order.*?</table>", result, re.S).group(0)
    assert "Points: 2 of 3 neighbouring pairs kept together." in table
    marked = re.findall(r"<td>([^<]*?) <span class=\"tag tag-correct\">", table)
    assert [text.strip() for text in marked] == [b, c]  # each follows its right predecessor
