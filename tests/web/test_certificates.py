"""Certificates: earned by passing the final assessment, printable, verifiable by code."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pkcourse.certificates.models import Certificate
from pkcourse.extensions import db
from tests.helpers import QuizPage, login, page_key, pass_every_module, post_form

pytestmark = pytest.mark.tiny_course

URL = "/final-assessment"


def take_final(client, app, wrong: bool = False):
    page = QuizPage(client.get(URL).text)
    return client.post(URL, data=page.form_data(page_key(app, page, wrong=wrong)))


def certificates(app) -> list[Certificate]:
    with app.app_context():
        rows = db.session.scalars(db.select(Certificate)).all()
        db.session.expunge_all()
        return rows


@pytest.fixture
def graduate(client, app, learner):
    """A learner who passed every module and then the final assessment."""
    pass_every_module(client, app)
    response = take_final(client, app)
    assert response.status_code == 302
    return learner, response.headers["Location"]


def flat(html: str) -> str:
    return " ".join(html.split())


def test_passing_the_final_issues_a_certificate_with_name_course_date_score_and_code(
    client, app, graduate
):
    _, result_url = graduate
    result = client.get(result_url).text
    assert 'href="/certificate">See your certificate' in result
    (certificate,) = certificates(app)
    assert certificate.learner_name == "Lea Learner"
    assert certificate.course_title == "Water in Three Steps"
    assert certificate.score_percent == 100.0
    # 12 characters without look-alikes, printed in groups of four
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{12}", certificate.code)
    shown = "-".join((certificate.code[:4], certificate.code[4:8], certificate.code[8:]))

    page = flat(client.get("/certificate").text)
    assert "Certificate of completion" in page and "Lea Learner" in page
    assert "Water in Three Steps" in page
    assert f"{certificate.issued_at.day} {certificate.issued_at:%B %Y}" in page
    assert "100%" in page and shown in page
    assert f"http://localhost/certificates/{shown}" in page
    assert "Issued by The Peacekeeping &amp; Diplomacy course team" in page
    assert "See your certificate" in client.get("/").text


def test_anyone_with_the_code_can_verify_it(client, app, graduate):
    (certificate,) = certificates(app)
    anonymous = app.test_client()
    response = anonymous.get(f"/certificates/{certificate.code}")
    assert response.status_code == 200
    page = flat(response.text)
    assert "This is a valid certificate issued by this site." in page
    assert "Lea Learner" in page and "100%" in page


@pytest.mark.parametrize(
    "code",
    ["AAAAAAAAAAAAAAAAAAAAAA", "short", "x" * 200, "..", "<script>", "0' OR '1'='1"],
)
def test_a_wrong_code_is_a_404_that_says_it_is_not_valid(client, app, graduate, code):
    response = app.test_client().get(f"/certificates/{code}")
    assert response.status_code == 404
    assert "This certificate code is not valid" in response.text


def test_a_code_can_be_typed_in_any_case_with_or_without_dashes(client, app, graduate):
    (certificate,) = certificates(app)
    anonymous = app.test_client()
    box = anonymous.get("/certificates")
    assert box.status_code == 200 and 'name="code"' in box.text
    typed = certificate.code.lower()[:6] + " " + certificate.code.lower()[6:]
    found = anonymous.get("/certificates", query_string={"code": typed})
    assert found.status_code == 302
    page = anonymous.get(found.headers["Location"])
    assert page.status_code == 200 and "This is a valid certificate" in page.text
    missing = anonymous.get("/certificates", query_string={"code": "nothing-like-it"})
    assert anonymous.get(missing.headers["Location"]).status_code == 404


def test_certificates_issued_with_the_old_long_codes_still_verify(client, app, graduate):
    assert len(certificates(app)) == 1
    old = "Ab3_x-Yz0123456789qrst"
    with app.app_context():
        db.session.execute(db.update(Certificate).values(code=old))
        db.session.commit()
    response = app.test_client().get(f"/certificates/{old}")
    assert response.status_code == 200 and "Lea Learner" in response.text
    assert app.test_client().get(f"/certificates/{old.lower()}").status_code == 404


def test_a_nearly_right_code_is_not_valid(client, app, graduate):
    (certificate,) = certificates(app)
    code = certificate.code
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert app.test_client().get(f"/certificates/{altered}").status_code == 404


def test_no_certificate_before_passing_the_final(client, app, learner):
    response = client.get("/certificate")
    assert response.status_code == 404
    assert "No certificate yet" in response.text
    pass_every_module(client, app)
    take_final(client, app, wrong=True)
    assert certificates(app) == []
    assert client.get("/certificate").status_code == 404


def test_the_certificate_is_issued_once_and_keeps_its_code(client, app, graduate):
    (first,) = certificates(app)
    assert take_final(client, app).status_code == 302  # passing again
    (again,) = certificates(app)
    assert (again.code, again.attempt_id) == (first.code, first.attempt_id)


def test_a_learners_certificate_page_shows_only_their_own(client, app, graduate, make_user):
    post_form(client, "/auth/logout", {}, form_url="/")
    other = make_user("other@example.com", "Otto")
    login(client, other.email)
    response = client.get("/certificate")
    assert response.status_code == 404 and "Lea Learner" not in response.text


def test_the_certificate_page_prints_without_navigation(client, app, graduate):
    html = client.get("/certificate").text
    assert 'class="no-print' in html
    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{[^}]*\.no-print", css)


def test_two_passing_finals_at_once_make_one_certificate(client, app, learner):
    pass_every_module(client, app)
    pages = [QuizPage(client.get(URL).text) for _ in range(4)]
    data = [p.form_data(page_key(app, p)) for p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda d: client.post(URL, data=d).status_code, data))
    assert statuses == [302] * 4
    assert len(certificates(app)) == 1
