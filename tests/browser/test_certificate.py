"""The certificate in a real browser: typing a code into /certificates, and a print layout that
fills one A4 or Letter page. Every page passes axe."""

import random
import secrets

from playwright.sync_api import expect

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.certificates.services import issue_for
from pkcourse.courses.services import active_modules, current_questions, final_module, get_course
from pkcourse.extensions import db
from pkcourse.quizzes.grading import gradable
from pkcourse.quizzes.kinds import KINDS
from pkcourse.quizzes.services import draw_final, submit_attempt
from tests.browser.conftest import check_page
from tests.browser.test_learner_journey import register


def pass_quiz(app, user_id: int, module, versions):
    responses = {str(v.id): KINDS[v.kind].right_response(gradable(v)) for v in versions}
    return submit_attempt(user_id, module, versions, responses, secrets.token_urlsafe(24), 70)


def graduate(app, email: str) -> str:
    """Every module and the final assessment passed through the services; the certificate's
    code."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        course = get_course(app.config["COURSE_SLUG"])
        lessons = active_modules(course)
        for module in lessons:
            pass_quiz(app, user.id, module, current_questions(module))
        final = final_module(course)
        attempt = pass_quiz(app, user.id, final, draw_final(final, lessons, random.Random(1)))
        issue_for(user.id, course.id, attempt.id, attempt.score_percent, attempt.submitted_at)
        db.session.commit()
        return db.session.scalar(db.select(Certificate.code))


def test_a_code_typed_from_paper_finds_the_certificate_which_prints_on_one_page(
    live_server, browser, page
):
    base, app = live_server.url, live_server.app
    register(page, base, "uma@example.com", "Uma Learner")
    code = graduate(app, "uma@example.com")

    page.goto(base + "/certificate")
    shown = page.locator(".certificate-facts code").inner_text()
    assert shown == f"{code[:4]}-{code[4:8]}-{code[8:]}"
    expect(page.locator(".certificate-issuer")).to_contain_text("Issued by")
    check_page(page, "certificate")

    # printed: one page, the certificate filling most of it, for A4 and Letter
    page.emulate_media(media="print")
    for paper, (width, height) in {"A4": (794, 1123), "Letter": (816, 1056)}.items():
        page.set_viewport_size({"width": width, "height": height})
        box = page.locator(".certificate").bounding_box()
        assert box["height"] >= 0.85 * height, (paper, box)
        assert page.locator(".site-header").is_hidden()
        pdf = page.pdf(format=paper, print_background=True)
        assert (
            pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/")
            <= 1
            or pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
        ), paper
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})

    visitor = browser.new_page()
    visitor.goto(base + "/certificates")
    check_page(visitor, "check a certificate")
    visitor.get_by_label("Verification code").fill(code.lower()[:6] + " " + code.lower()[6:])
    visitor.get_by_role("button", name="Check").click()
    expect(visitor.get_by_text("This is a valid certificate issued by this site.")).to_be_visible()
    expect(visitor.locator(".certificate-name")).to_have_text("Uma Learner")
    visitor.goto(base + "/certificates")
    visitor.get_by_label("Verification code").fill("AAAA-BBBB-CCCC")
    visitor.get_by_role("button", name="Check").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This certificate code is not valid"
    )
    check_page(visitor, "certificate code not valid")
    visitor.close()
