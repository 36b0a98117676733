"""The path through the course in a real browser: locked modules and why, practising missed
questions, the final assessment and the certificate anyone can verify. Every page passes axe."""

import re
import secrets

from playwright.sync_api import expect

from pkcourse.auth.models import User
from pkcourse.courses.models import QuestionVersion
from pkcourse.courses.services import active_modules, current_questions, get_course
from pkcourse.extensions import db
from pkcourse.quizzes.grading import gradable
from pkcourse.quizzes.kinds import KINDS
from pkcourse.quizzes.services import submit_attempt
from tests.browser.conftest import check_page
from tests.browser.test_learner_journey import answer_by_clicking, register
from tests.helpers import answer_key, key_for, wrong_answers

FIRST = "role-in-diplomacy"
SECOND = "strategic-frameworks"


def pass_remaining_lessons(app, email: str) -> None:
    """Modules 2 to 8 passed through the service, as if taken in another session."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        course = get_course(app.config["COURSE_SLUG"])
        for module in active_modules(course)[1:]:
            versions = current_questions(module)
            responses = {str(v.id): KINDS[v.kind].right_response(gradable(v)) for v in versions}
            submit_attempt(
                user.id, module, versions, responses, secrets.token_urlsafe(24), course.pass_mark
            )
        db.session.commit()


def key_on_page(app, page) -> dict:
    """The key for whichever questions the page shows (the final assessment draws them)."""
    fields = page.evaluate("[...document.querySelectorAll('fieldset.question')].map(f => f.id)")
    ids = [int(field.removeprefix("q")) for field in fields]
    with app.app_context():
        versions = db.session.scalars(
            db.select(QuestionVersion).where(QuestionVersion.id.in_(ids))
        ).all()
        return {f"q{v.id}": key_for(v) for v in versions}


def test_locks_practice_final_assessment_and_certificate(live_server, browser, page):
    base, app = live_server.url, live_server.app
    register(page, base, "ada@example.com", "Ada Learner")
    expect(page.get_by_text("Locked").first).to_be_visible()
    check_page(page, "course overview with locked modules")

    page.goto(f"{base}/modules/{SECOND}/quiz")
    expect(page.get_by_role("heading", level=1)).to_have_text("This quiz is not open")
    expect(page.locator(".lock-reason")).to_contain_text("opens once you pass the quiz of")
    page.get_by_role("link", name=re.compile("Take the quiz of")).click()
    expect(page).to_have_url(f"{base}/modules/{FIRST}/quiz")
    page.go_back()
    check_page(page, "locked quiz")
    page.goto(f"{base}/final-assessment")
    expect(page.locator(".lock-reason")).to_contain_text("once you have passed every module")
    check_page(page, "final assessment still locked")

    key = answer_key(app, FIRST)
    missed = [field for field in key if isinstance(key[field], list)][:2]
    wrong = wrong_answers(app, FIRST)
    page.goto(f"{base}/modules/{FIRST}/quiz")
    answer_by_clicking(page, {**key, **{field: wrong[field] for field in missed}})
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#score-heading")).to_contain_text("Passed")
    page.get_by_role("link", name=re.compile("Review my mistakes")).click()
    expect(page.locator("fieldset.question")).to_have_count(2)
    check_page(page, "practice missed questions")
    answer_by_clicking(page, {field: key[field] for field in missed})
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practice result")
    check_page(page, "practice result")

    pass_remaining_lessons(app, "ada@example.com")
    page.goto(f"{base}/final-assessment")
    check_page(page, "final assessment")
    answer_by_clicking(page, key_on_page(app, page))
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("You have completed the course.")).to_be_visible()
    check_page(page, "final assessment result")

    page.get_by_role("link", name="See your certificate").click()
    expect(page.locator(".certificate-name")).to_have_text("Ada Learner")
    check_page(page, "certificate")
    verify_url = page.locator(".certificate-verify a").get_attribute("href")

    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(verify_url)
    expect(public.get_by_text("Ada Learner").first).to_be_visible()
    check_page(public, "certificate verified by a visitor")
    public.goto(f"{base}/certificates/not-a-real-code")
    expect(public.get_by_role("heading", level=1)).to_have_text(
        "This certificate code is not valid"
    )
    check_page(public, "certificate code not valid")
    visitor.close()
