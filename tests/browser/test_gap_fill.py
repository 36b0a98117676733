"""A gap-fill question in a real browser: each gap answered with the keyboard (one gap) and the
mouse (the other), the page and its result pass axe at desktop and phone widths (check_page)."""

from playwright.sync_api import expect

from pkcourse.courses.models import Course
from pkcourse.extensions import db
from tests.browser.conftest import check_page
from tests.browser.test_learner_journey import answer_by_clicking, register
from tests.helpers import Gaps, answer_key

TOOLS = "tools-for-conflict-resolution"


def test_a_gap_fill_question_answered_by_keyboard_and_mouse(live_server, page):
    base, app = live_server.url, live_server.app
    with app.app_context():
        db.session.execute(db.update(Course).values(is_sequential=False))
        db.session.commit()
    register(page, base, "gia@example.com", "Gia Gaps")
    page.goto(f"{base}/modules/{TOOLS}/quiz")
    key = answer_key(app, TOOLS)
    name, gaps = next((n, a) for n, a in key.items() if isinstance(a, Gaps))
    check_page(page, "quiz with a gap fill")

    question = page.locator(f'fieldset[id="{name}"]')
    expect(question.locator(".gap-text")).to_contain_text("(gap 1) ______")
    first = question.get_by_label("Gap 1 of 2")
    expect(first).to_have_accessible_description(
        "These operations often act as impartial (gap 1) ______, creating space for "
        "(gap 2) ______ that might not be possible otherwise. Choose the missing word or words "
        "for each gap. A wrong or empty gap earns nothing for that gap."
    )
    # Gap 1 by keyboard: focus it, then move through its choices with the arrow keys.
    choices = first.locator("option").all_inner_texts()
    first.focus()
    for _ in range(choices.index(gaps.texts[0])):
        page.keyboard.press("ArrowDown")
    expect(first).to_have_value(str(choices.index(gaps.texts[0])))
    # Gap 2 (a wrong word) and every other question with the mouse.
    others = {n: a for n, a in key.items() if n != name}
    answer_by_clicking(page, {**others, name: Gaps((None, "dialogue"))})
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#score-heading")).to_be_visible()
    review = page.locator("li.review-item", has_text="(gap 1) ______")
    expect(review).to_contain_text("Partly right · 0.5 of 1 point")
    expect(review).to_contain_text("Dialogue is what missions facilitate elsewhere")
    check_page(page, "result with a gap fill")
