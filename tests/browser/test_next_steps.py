"""The next step in a real browser: the Continue card, result pages that lead on, the answered
count, Enter in a text answer, and Back after submitting. Every page passes axe."""

import re

from playwright.sync_api import expect

from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from tests.browser.conftest import check_page
from tests.browser.test_learner_journey import answer_by_clicking, register
from tests.helpers import answer_key, wrong_answers

FIRST = "role-in-diplomacy"
SECOND = "strategic-frameworks"


def attempts(app) -> list[float]:
    with app.app_context():
        return list(db.session.scalars(db.select(QuizAttempt.score_percent)))


def test_continue_card_answered_count_and_next_step(live_server, page):
    base, app = live_server.url, live_server.app
    register(page, base, "nina@example.com", "Nina")
    card = page.locator(".continue-card")
    expect(card.get_by_role("heading")).to_have_text("Start here")
    expect(card).to_contain_text("0 of 8 modules passed")
    expect(page.locator(".module-locked")).to_have_count(8)
    check_page(page, "course overview with continue card")

    card.get_by_role("link", name=re.compile("Start Module 1")).click()
    page.get_by_role("link", name="Take the quiz").click()
    count = page.locator("#answered-count")
    expect(count).to_have_text("0 of 8 answered")
    key = answer_key(app, FIRST)
    fields = list(key)
    answer_by_clicking(page, {fields[0]: key[fields[0]]})
    expect(count).to_have_text("1 of 8 answered")
    check_page(page, "quiz with answered count")

    answer_by_clicking(page, {f: a for f, a in key.items() if f != fields[0]})
    expect(count).to_have_text("8 of 8 answered")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#score-heading")).to_contain_text("Passed")
    primary = page.locator(".score-card a.button:not(.button-secondary)")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text(re.compile("Continue to Module 2"))
    check_page(page, "passed result with next step")
    primary.click()
    expect(page).to_have_url(f"{base}/modules/{SECOND}")

    # Enter in a text answer does not send the quiz
    page.get_by_role("link", name="Take the quiz").click()
    key = answer_key(app, SECOND)
    text_field = next(f for f, answer in key.items() if isinstance(answer, str))
    box = page.locator(f'fieldset[id="{text_field}"]').get_by_label("Your answer")
    box.fill(key[text_field])
    box.press("Enter")
    page.wait_for_timeout(500)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quiz:")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(count).to_have_text(re.compile("^1 of "))
    assert len(attempts(app)) == 1

    page.goto(base + "/")
    expect(card.get_by_role("heading")).to_have_text("Continue")
    expect(card).to_contain_text("1 of 8 modules passed")
    expect(card.get_by_role("link", name=re.compile("Continue to Module 2"))).to_be_visible()


def test_back_after_submitting_cannot_store_a_second_set_of_answers(live_server, page):
    base, app = live_server.url, live_server.app
    register(page, base, "omar@example.com", "Omar")
    page.goto(f"{base}/modules/{FIRST}/quiz")
    answer_by_clicking(page, wrong_answers(app, FIRST))
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#score-heading")).to_contain_text("Not passed yet")
    assert attempts(app) == [0.0]

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quiz:")
    # whatever the browser restored, nothing of the old choices is put back
    assert page.locator("form.quiz input:checked").count() == 0
    answer_by_clicking(page, answer_key(app, FIRST))
    page.get_by_role("button", name="Submit answers").click()
    # the page shown after Back is a fresh quiz: it is stored as a new attempt of its own
    expect(page.locator("#score-heading")).to_contain_text("Passed")
    assert sorted(attempts(app)) == [0.0, 100.0]


def test_a_resubmitted_stale_page_is_refused_with_a_fresh_quiz(live_server, page):
    """The served page after the one that was submitted, with the old page's order put back
    (what a browser's form restore does on Back), is refused and nothing is stored."""
    base, app = live_server.url, live_server.app
    register(page, base, "pia@example.com", "Pia")
    page.goto(f"{base}/modules/{FIRST}/quiz")
    old_seed = page.locator('input[name="order_seed"]').input_value()
    page.reload()
    answer_by_clicking(page, answer_key(app, FIRST))
    page.evaluate("seed => document.querySelector('input[name=order_seed]').value = seed", old_seed)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator(".flash-error")).to_contain_text("This quiz page was out of date")
    expect(page.locator("form.quiz input:checked")).to_have_count(0)
    expect(page.locator("#answered-count")).to_have_text("0 of 8 answered")
    check_page(page, "stale quiz refused")
    assert attempts(app) == []
