"""A teacher and a learner in two browser contexts: class, join link, a passed quiz, the gradebook,
drill-down, question analysis and a CSV download holding the score. Every page passes axe."""

import re

from playwright.sync_api import expect

from pkcourse.auth.models import User
from pkcourse.auth.passwords import hash_password
from pkcourse.courses.models import Question, QuestionVersion
from pkcourse.extensions import db
from tests.browser.conftest import DESKTOP, check_page
from tests.browser.test_learner_journey import answer_by_clicking, register
from tests.helpers import PASSWORD, TEST_HASH_METHOD, answer_key


def add_teacher(app, email: str = "rivera@example.com") -> None:
    with app.app_context():
        db.session.add(
            User(
                email=email,
                display_name="Ms Rivera",
                role="teacher",
                password_hash=hash_password(PASSWORD, TEST_HASH_METHOD),
            )
        )
        db.session.commit()


def field_of(app, question_slug: str) -> str:
    """The quiz form field of a question's current version."""
    with app.app_context():
        version_id = db.session.scalar(
            db.select(QuestionVersion.id)
            .join(Question, Question.id == QuestionVersion.question_id)
            .where(Question.slug == question_slug)
            .where(QuestionVersion.number == Question.current_version)
        )
    return f"q{version_id}"


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome back")).to_be_visible()


def test_teacher_journey(live_server, browser, page, tmp_path):
    base = live_server.url
    add_teacher(live_server.app)
    log_in(page, base, "rivera@example.com")
    page.get_by_role("link", name="Teach").click()
    expect(page.get_by_text("You have no classes yet")).to_be_visible()
    check_page(page, "teacher, no classes")

    page.get_by_role("button", name="Create class").click()
    expect(page.locator("#name-error")).to_contain_text("Give the class a name")
    check_page(page, "teacher, class form with errors")
    page.get_by_label("Class name").fill("Year 11 History")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_text("No learners in this class yet")).to_be_visible()
    check_page(page, "class without learners")
    page.get_by_role("link", name="Invite learners").first.click()
    join_link = page.get_by_label("Join link").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/join/[A-Z0-9]{{8}}", join_link)

    learner_context = browser.new_context(viewport=DESKTOP)
    learner = learner_context.new_page()
    register(learner, base, "sam@example.com", "Sam Learner")
    learner.goto(join_link)
    expect(learner.get_by_text("your teacher sees your quiz scores")).to_be_visible()
    check_page(learner, "join a class")
    learner.get_by_role("button", name="Join the class").click()
    expect(learner.get_by_text("You joined “Year 11 History”")).to_be_visible()
    learner.goto(base + "/modules/role-in-diplomacy/quiz")
    answers = answer_key(live_server.app, "role-in-diplomacy")
    answers[field_of(live_server.app, "rd-tf-peace-enforcement")] = ["false"]  # a misconception
    answer_by_clicking(learner, answers)
    learner.get_by_role("button", name="Submit answers").click()
    expect(learner.locator("#score-heading")).to_contain_text("Passed with 87.5%")
    expect(learner.locator("p.misconception")).to_contain_text(
        "Peacekeeping leaves peace enforcement to others"
    )
    check_page(learner, "result naming a misconception")
    learner.goto(base + "/teach")
    expect(learner.get_by_role("heading", level=1)).to_have_text("This page is not open to you")
    check_page(learner, "teacher page refused to a learner")
    learner_context.close()

    page.get_by_role("link", name="Gradebook", exact=True).click()
    row = page.locator("table.gradebook tbody tr", has_text="Sam Learner")
    expect(row).to_contain_text("87.5%")
    check_page(page, "gradebook")
    page.get_by_role("link", name="Charts").click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check_page(page, "charts")
    page.get_by_role("link", name="Gradebook", exact=True).click()

    row.get_by_role("link", name="Sam Learner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Learner")
    check_page(page, "one learner's attempts")
    page.get_by_role("link", name=re.compile("Attempt 1")).click()
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    check_page(page, "one attempt with the key")

    page.get_by_role("link", name="Question analysis").click()
    expect(page.get_by_text("with fewer than 5 learners answering, not judged yet")).to_be_visible()
    report = page.locator("table.misconception-table tbody tr", has_text="peace enforcement")
    expect(report.locator("td.num")).to_have_text("1")
    expect(report.get_by_role("link")).to_contain_text("Among the things through which")
    check_page(page, "question analysis with the misconception report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Gradebook (CSV)").click()
    download = download_info.value
    assert re.fullmatch(r"class-\d+-gradebook-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert "Sam Learner,sam@example.com,87.5,yes,1" in text
