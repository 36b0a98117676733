"""A learner in a real browser: register, read, answer by clicking, read the feedback, follow the
passage link, find the progress again after logging out and in. Every page passes axe."""

import re

from playwright.sync_api import expect

from pkcourse.numbers import format_percent as format_score
from tests.browser.conftest import check_page
from tests.helpers import PASSWORD, Gaps, Match, Order, answer_key, wrong_answers

FIRST_MODULE = "role-in-diplomacy"


def register(page, base: str, email: str, name: str) -> None:
    page.goto(base + "/auth/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Welcome, {name}!")).to_be_visible()


def answer_by_clicking(page, answers: dict) -> None:
    """Answer like a person with a mouse: click options, pick from the lists, type the text.
    Answers are in the shapes of tests.helpers.key_for."""
    for field, answer in answers.items():
        question = page.locator(f'fieldset[id="{field}"]')
        if isinstance(answer, Gaps):
            rows = question.locator("li.slot-row select").all()
            for select, text in zip(rows, answer.texts, strict=True):
                if text:
                    select.select_option(label=text)
        elif isinstance(answer, Order | Match):
            wanted = dict(answer.pairs) if isinstance(answer, Match) else None
            for row in question.locator("li.slot-row").all():
                text = row.locator("label").inner_text().strip()
                if wanted is None:
                    row.locator("select").select_option(str(answer.texts.index(text) + 1))
                elif wanted.get(text):
                    row.locator("select").select_option(label=wanted[text])
        elif isinstance(answer, str):
            question.get_by_label("Your answer").fill(answer)
        else:
            for option in answer:
                question.locator(f'label:has(input[value="{option}"])').click()


def test_learner_journey(live_server, page):
    base = live_server.url
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peacekeeping")
    expect(page.get_by_text("AI-assisted content.")).to_be_visible()
    check_page(page, "course overview, visitor")

    page.get_by_role("link", name="Create account").first.click()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("Please fix")
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile("email-error"))
    check_page(page, "register with errors")

    register(page, base, "lena@example.com", "Lena")
    check_page(page, "course overview, learner")

    page.get_by_role("link", name=re.compile("Role of UN Peacekeeping")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Role of UN Peacekeeping")
    check_page(page, "lesson")

    page.get_by_role("link", name="Take the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quiz:")
    check_page(page, "quiz")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("You answered 0 of 8 questions")
    check_page(page, "quiz with unanswered questions")

    key = answer_key(live_server.app, FIRST_MODULE)
    missed = next(field for field in key if isinstance(key[field], list) and len(key[field]) == 1)
    answers = {**key, missed: wrong_answers(live_server.app, FIRST_MODULE)[missed]}
    score = format_score(100 * (len(key) - 1) / len(key))
    page.reload()
    answer_by_clicking(page, answers)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    expect(page.locator("#score-heading")).to_contain_text(f"Passed with {score}")
    wrong = page.locator(".review-wrong")
    expect(wrong).to_have_count(1)
    expect(wrong.get_by_text("Wrong")).to_be_visible()  # said in words, not by colour alone
    expect(wrong.locator(".opt-feedback")).to_be_visible()
    check_page(page, "quiz result")

    wrong.get_by_role("link", name="Read this passage in the lesson").click()
    expect(page).to_have_url(re.compile(r"/modules/role-in-diplomacy#"))
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f'[id="{anchor}"]')
    expect(target).to_be_in_viewport()
    highlighted = page.evaluate("document.querySelector(':target')?.id")
    assert highlighted == anchor

    page.goto(base + "/")
    expect(page.get_by_text("1 of 8 modules passed")).to_be_visible()
    page.get_by_role("link", name="My progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    check_page(page, "my progress")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have been logged out.")).to_be_visible()
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill("lena@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("1 of 8 modules passed")).to_be_visible()
    expect(page.locator(".module-card").first).to_contain_text(f"Best score {score}")


def test_error_pages_are_styled_and_accessible(live_server, page):
    page.goto(live_server.url + "/no/such/page")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page isn't here")
    expect(page.get_by_role("link", name="Go to the course")).to_be_visible()
    check_page(page, "not found")
