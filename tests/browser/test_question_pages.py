"""Every module's quiz in a real browser: all six question kinds pass axe and fit a phone screen
(a select whose longest choice is wider than the screen must shrink, not push the page sideways)."""

from pkcourse.courses.models import Course
from pkcourse.extensions import db
from tests.browser.conftest import check_page
from tests.browser.test_learner_journey import register
from tests.helpers import MODULE_SLUGS


def test_every_quiz_page_passes_axe_and_fits_390px(live_server, page):
    base, app = live_server.url, live_server.app
    with app.app_context():
        db.session.execute(db.update(Course).values(is_sequential=False))
        db.session.commit()
    register(page, base, "pia@example.com", "Pia Phone")
    for slug in MODULE_SLUGS:
        page.goto(f"{base}/modules/{slug}/quiz")
        check_page(page, f"quiz {slug}")
