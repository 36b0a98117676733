"""Accounts in a real browser: reset by e-mail (a real local SMTP server) and by a teacher's
link, the profile, downloading one's data and deleting the account. Every page passes axe."""

import json
import re

from playwright.sync_api import expect

from pkcourse.extensions import db
from pkcourse.teaching.models import Classroom, Membership
from tests.browser.conftest import DESKTOP, check_page
from tests.browser.test_learner_journey import register
from tests.browser.test_teacher_journey import add_teacher, log_in
from tests.helpers import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have been logged out.")).to_be_visible()


def choose_new_password(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_page(page, "choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()


def test_reset_by_email_profile_data_and_deletion(live_server, page, mailbox, tmp_path):
    base, app = live_server.url, live_server.app
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port)
    register(page, base, "ida@example.com", "Ida")
    log_out(page)

    page.goto(base + "/auth/login")
    page.get_by_role("link", name="Forgot your password?").click()
    check_page(page, "forgot password")
    page.get_by_label("Email").fill("ida@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("If an account uses that address")).to_be_visible()
    assert len(mailbox.messages) == 1
    link = re.search(r"http://\S+/account/reset/\S+", mailbox.messages[0].get_content())[0]
    page.goto(link)
    choose_new_password(page)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This reset link does not work")
    check_page(page, "used reset link")

    page.goto(base + "/")
    page.get_by_role("link", name="Account").click()
    check_page(page, "account page")
    page.get_by_label("Display name").fill("Ida Bauer")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("Your name has been changed.")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("Ida Bauer")
    page.get_by_role("textbox", name="Email").fill("ida.bauer@example.com")
    page.get_by_label("Your password").fill("wrong password")
    page.get_by_role("button", name="Save email").click()
    expect(page.locator("#password-error")).to_contain_text("That is not your password.")
    check_page(page, "account page with an error")
    page.get_by_label("Your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save email").click()
    expect(page.get_by_text("Your email has been changed")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as JSON").click()
    saved = tmp_path / "my-data.json"
    download_info.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["account"] == {
        **data["account"],
        "email": "ida.bauer@example.com",
        "display_name": "Ida Bauer",
    }
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    assert download_info.value.suggested_filename == "my-data.csv"

    page.get_by_role("link", name="Delete your account").click()
    check_page(page, "delete account")
    page.get_by_label("Your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything recorded about you")).to_be_visible()
    page.goto(base + "/auth/login")
    page.get_by_role("textbox", name="Email").fill("ida.bauer@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password-error")).to_contain_text("do not match an account")


def test_a_teacher_hands_a_learner_a_reset_link(live_server, browser, page):
    base, app = live_server.url, live_server.app
    add_teacher(app)
    learner_context = browser.new_context(viewport=DESKTOP)
    learner = learner_context.new_page()
    register(learner, base, "max@example.com", "Max")
    log_out(learner)

    log_in(page, base, "rivera@example.com")
    page.get_by_role("link", name="Teach").click()
    page.get_by_label("Class name").fill("Year 9")
    page.get_by_role("button", name="Create class").click()
    # The class exists once its page has loaded; reloading before then interrupts the navigation.
    expect(page.get_by_text("No learners in this class yet")).to_be_visible()
    with app.app_context():
        classroom = db.session.scalar(db.select(Classroom))
        from pkcourse.auth.models import User

        user = db.session.scalar(db.select(User).where(User.email == "max@example.com"))
        db.session.add(Membership(classroom_id=classroom.id, user_id=user.id))
        db.session.commit()
    page.reload()
    expect(page.get_by_role("link", name="Max").first).to_be_visible()
    page.get_by_role("link", name="Max").first.click()
    page.get_by_role("button", name="Make a password reset link").click()
    check_page(page, "teacher's reset link")
    link = page.get_by_label("Reset link").input_value()
    assert link.startswith(base + "/account/reset/")

    learner.goto(link)
    choose_new_password(learner)
    log_out(learner)
    learner.goto(base + "/auth/login")
    learner.get_by_label("Email").fill("max@example.com")
    learner.get_by_label("Password").fill(PASSWORD)
    learner.get_by_role("button", name="Log in").click()
    expect(learner.locator("#password-error")).to_contain_text("do not match an account")
    learner_context.close()
