"""The teacher's tools in a real browser on the 30-learner demo class: the gradebook at desk and
phone widths, the invite tab and the confirm pages. Every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from pkcourse.auth.models import User
from pkcourse.auth.passwords import hash_password
from pkcourse.courses.services import get_course
from pkcourse.extensions import db
from pkcourse.teaching import demo
from tests.browser.conftest import DESKTOP, PHONE, check_page
from tests.browser.test_learner_journey import answer_by_clicking, register
from tests.browser.test_teacher_journey import log_in
from tests.helpers import PASSWORD, TEST_HASH_METHOD, answer_key


@pytest.fixture
def demo_class(live_server):
    app = live_server.app
    with app.app_context():
        course = get_course(app.config["COURSE_SLUG"])
        result = demo.seed(course, 30, seed=3, hash_method=TEST_HASH_METHOD)
        db.session.commit()
        class_id = result.classroom.id
        db.session.add(
            User(
                email="cole@example.com",
                display_name="Cole Colleague",
                role="teacher",
                password_hash=hash_password(PASSWORD, TEST_HASH_METHOD),
            )
        )
        db.session.commit()
    return live_server.url, class_id, result.teacher_email, result.password, app


def test_gradebook_shows_every_column_at_1280_and_dots_on_a_phone(page, demo_class):
    base, class_id, email, password, _ = demo_class
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}")
    table = page.locator("table.gradebook")
    expect(table).to_be_visible()
    assert page.viewport_size == DESKTOP
    wrap = page.locator(".gradebook-wrap")
    clipped = wrap.evaluate("w => w.scrollWidth - w.clientWidth")
    assert clipped <= 0, f"the gradebook hides {clipped}px of columns at 1280px"
    for name in ("Last activity", "Modules passed", "Course score", "Final"):
        expect(page.locator("table.gradebook thead").get_by_text(name)).to_be_in_viewport()
    # The header row sticks while the rows scroll under it.
    header = page.locator("table.gradebook thead th").first
    top_before = header.bounding_box()["y"]
    wrap.evaluate("w => { w.scrollTop = 400; }")
    assert wrap.evaluate("w => w.scrollTop") > 0
    assert abs(header.bounding_box()["y"] - top_before) < 1
    first_row = page.locator("table.gradebook tbody tr").first
    assert first_row.bounding_box()["y"] < top_before  # scrolled under the header
    check_page(page, "gradebook of the demo class")

    page.set_viewport_size(PHONE)
    page.reload()
    row = page.locator("table.gradebook tbody tr").first
    expect(row.locator("td.c-last")).to_be_hidden()
    dots = row.locator("td i")
    expect(dots.first).to_be_visible()
    assert dots.count() == 9  # 8 lessons and the final assessment
    name = row.locator("th a").inner_text()
    # A tap on a dot lands on the row-wide link to the learner (hence force: it covers the dot).
    row.locator("td i").nth(4).click(force=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.go_back()
    page.get_by_role("link", name="course score").click()
    expect(page.locator(".phone-sort a[aria-current]")).to_have_text("course score")


def test_invite_tab_and_new_code_confirmation(page, context, demo_class):
    base, class_id, email, password, _ = demo_class
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}")
    page.get_by_role("link", name="Invite learners").first.click()
    expect(page.locator("svg.qr")).to_be_visible()
    link = page.get_by_label("Join link").input_value()
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    check_page(page, "invite learners")

    page.get_by_role("button", name="Make a new code…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Make a new join code")
    check_page(page, "confirm a new join code")
    page.get_by_role("link", name="Cancel").click()
    assert page.get_by_label("Join link").input_value() == link
    page.get_by_role("button", name="Make a new code…").click()
    page.get_by_role("button", name="Make a new code").click()
    expect(page.get_by_text("New join code")).to_be_visible()
    assert page.get_by_label("Join link").input_value() != link

    page.goto(f"{base}/teach/classes/{class_id}/charts")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check_page(page, "charts of the demo class")


def test_managing_a_class_with_a_co_teacher(page, demo_class):
    base, class_id, email, password, _ = demo_class
    app_url = f"{base}/teach/classes/{class_id}"
    log_in(page, base, email, password)
    page.goto(app_url)
    page.get_by_role("link", name="Manage").click()
    check_page(page, "manage a class")

    page.get_by_label("Class name").fill("Year 11 History")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_text("The class is now called “Year 11 History”")).to_be_visible()

    page.get_by_label("Colleague's e-mail address").fill("nobody@example.com")
    page.get_by_role("button", name="Add a co-teacher").click()
    expect(page.locator("#email-error")).to_contain_text("No account has this e-mail address")
    check_page(page, "co-teacher form with an error")
    page.get_by_label("Colleague's e-mail address").fill("cole@example.com")
    page.get_by_role("button", name="Add a co-teacher").click()
    expect(
        page.get_by_text("Cole Colleague now teaches “Year 11 History” with you")
    ).to_be_visible()

    page.get_by_role("button", name="Remove Cole Colleague…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Cole Colleague?")
    check_page(page, "confirm removing a co-teacher")
    page.get_by_role("button", name="Remove Cole Colleague").click()
    expect(page.get_by_text("Cole Colleague no longer teaches")).to_be_visible()

    page.get_by_role("button", name="Archive the class").click()
    expect(page.get_by_text("Archived, read-only")).to_be_visible()
    check_page(page, "an archived class")
    page.get_by_role("link", name="Your classes").click()
    expect(page.get_by_role("heading", name="Archived classes")).to_be_visible()
    page.get_by_role("link", name="Year 11 History").click()
    page.get_by_role("button", name="Restore the class").click()
    expect(page.get_by_text("is restored")).to_be_visible()

    page.get_by_role("link", name="Manage").click()
    page.get_by_role("button", name="Delete the class…").click()
    check_page(page, "confirm deleting a class")
    page.get_by_label("Type the class's name to confirm").fill("Year 11")
    page.get_by_role("button", name="Delete the class").click()
    expect(page.locator("#typed-error")).to_contain_text("Type the name exactly as shown")
    check_page(page, "delete confirmation with an error")
    page.get_by_label("Type the class's name to confirm").fill("Year 11 History")
    page.get_by_role("button", name="Delete the class").click()
    expect(page.get_by_text("“Year 11 History” was deleted")).to_be_visible()


def test_join_messages_and_a_learner_who_leaves(page, demo_class):
    base, class_id, email, password, _ = demo_class
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}/invite")
    link = page.get_by_label("Join link").input_value()
    page.get_by_role("button", name="Log out").click()

    page.goto(base + "/join/ABCDEFGH")
    expect(page.get_by_text("No class has this code")).to_have_count(2)  # summary and field
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join “Demo class”")
    expect(page.get_by_text("Demo Teacher invites you")).to_be_visible()
    check_page(page, "join page for a visitor")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("newbie@example.com")
    page.get_by_label("Display name").fill("New Bie")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("button", name="Join the class").click()
    expect(page.get_by_text("You joined “Demo class”")).to_be_visible()

    page.goto(base + "/classes/join?code=zzzz-zzzz")
    expect(page.locator("#code-error")).to_contain_text("No class has this code")
    expect(page.get_by_text("never 0, 1, 5, I, L, O or S")).to_be_visible()
    check_page(page, "join form with an unknown code")

    page.goto(base + "/progress")
    page.get_by_role("button", name="Leave Demo class…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave “Demo class”?")
    check_page(page, "confirm leaving a class")
    page.get_by_role("button", name="Leave the class").click()
    expect(page.get_by_text("You left “Demo class”")).to_be_visible()
    expect(page.get_by_text("You are not in a class")).to_be_visible()


def test_question_analysis_leads_with_likely_wrong_keys_and_filters(page, demo_class):
    base, class_id, email, password, _ = demo_class
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}")
    page.get_by_role("link", name="Question analysis").click()
    first = page.locator("article.item").first
    # The most serious kind present leads; the demo's question answered as if its key were
    # wrong shows as one of these two.
    expect(first.locator(".flag").first).to_contain_text(
        re.compile("Likely miskeyed|Negative discrimination")
    )
    expect(first.locator("svg.opt-bar").first).to_be_attached()
    check_page(page, "question analysis of the demo class")

    page.get_by_label("Show", exact=True).select_option("too_easy")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"flag=too_easy"))
    expect(page.get_by_role("heading", level=2, name="Too easy")).to_be_visible()
    easy = page.locator("article.item")
    for i in range(easy.count()):
        expect(easy.nth(i).locator(".flag-too_easy")).to_have_count(1)

    page.get_by_label("Module", exact=True).select_option(index=2)
    page.get_by_label("Show", exact=True).select_option("all")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"module=\d+&flag=all"))
    modules = page.locator("article.item .item-module").all_inner_texts()
    assert modules and len(set(modules)) == 1
    check_page(page, "question analysis filtered by module")


def test_a_learner_flags_a_question_and_the_teacher_resolves_it(browser, page, demo_class):
    base, class_id, email, password, _ = demo_class
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}/invite")
    link = page.get_by_label("Join link").input_value()

    learner_context = browser.new_context(viewport=DESKTOP)
    learner = learner_context.new_page()
    register(learner, base, "flagger@example.com", "Flo Flagger")
    learner.goto(link)
    learner.get_by_role("button", name="Join the class").click()
    # Going on before the join has answered would abandon it.
    expect(learner.get_by_text("You joined “Demo class”")).to_be_visible()
    learner.goto(base + "/modules/role-in-diplomacy/quiz")
    answer_by_clicking(learner, answer_key(demo_class[4], "role-in-diplomacy"))
    learner.get_by_role("button", name="Submit answers").click()
    first = learner.locator("li.review-item").first
    first.get_by_text("Report a problem with this question").click()
    first.get_by_label("The question is unclear").check()
    first.get_by_label("Comment (optional)").fill("Which mission is meant here?")
    check_page(learner, "result page with the report form open")
    first.get_by_role("button", name="Send to my teacher").click()
    expect(learner.get_by_text("Your teacher sees your note")).to_be_visible()
    expect(learner.locator("li.review-item").first).to_contain_text("You reported a problem")
    learner_context.close()

    page.goto(f"{base}/teach/classes/{class_id}/questions?flag=learners")
    notes = page.locator("section.learner-flags")
    expect(notes).to_have_count(1)
    expect(notes).to_contain_text(
        "Flo Flagger: the question is unclear: “Which mission is meant here?”"
    )
    check_page(page, "question analysis with a learner's note")
    notes.get_by_role("button", name="Mark resolved").click()
    expect(page.get_by_text("Marked resolved")).to_be_visible()
    expect(page.locator("section.learner-flags")).to_have_count(0)


def test_the_lesson_text_shaded_by_what_the_class_and_a_learner_missed(page, demo_class):
    base, class_id, email, password, _ = demo_class
    log_in(page, base, email, password)
    page.goto(f"{base}/teach/classes/{class_id}")
    page.get_by_role("link", name="What was missed").click()
    shaded = page.locator(".heat-map .heat")
    expect(shaded.first).to_be_visible()
    first = shaded.first
    row_id = first.get_attribute("aria-describedby")
    expect(page.locator(f"#{row_id}")).to_be_attached()  # its row in the table
    first.focus()
    assert "first answers" in first.evaluate("e => getComputedStyle(e, '::after').content")
    check_page(page, "lesson text shaded for the class")
    page.get_by_label("Lesson", exact=True).select_option(index=3)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"lesson="))

    page.get_by_role("link", name="Gradebook", exact=True).click()
    page.locator("table.gradebook tbody th a").first.click()
    page.get_by_role("link", name=re.compile("missed, in the lesson text")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What ")
    check_page(page, "lesson text shaded for one learner")
