import logging
import re

import pytest

from pkcourse.extensions import db
from tests.helpers import make_app

pytestmark = pytest.mark.usefixtures("open_quizzes")


def test_every_page_carries_the_security_headers(client):
    for url in ("/", "/auth/login", "/no-such-page", "/healthz"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def inline_scripts(html: str) -> list[str]:
    """Script elements the CSP would block: anything but an empty element loading /static/."""
    scripts = re.findall(r"<script\b[^>]*>.*?</script>", html, re.S)
    assert html.count("<script") == len(scripts)
    return [
        s for s in scripts if not re.fullmatch(r'<script src="/static/[^"]+" defer></script>', s)
    ]


def test_pages_have_no_inline_scripts_or_styles(client, learner):
    for url in ("/", "/modules/case-studies", "/modules/case-studies/quiz", "/progress"):
        html = client.get(url).text
        assert not inline_scripts(html)
        assert "style=" not in html and "<style" not in html


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_unavailable_when_the_database_does_not(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/nothing.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    with app.app_context():
        db.engine.dispose()


def test_a_server_error_is_logged_with_the_request_id_shown_to_the_user(
    course_db, new_database, caplog
):
    app = make_app(new_database(course_db), PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = app.test_client().get("/boom", headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req-12345678"
    assert "req-12345678" in response.text
    assert any(getattr(r, "request_id", None) == "req-12345678" for r in caplog.records)
    assert "kaboom" in caplog.text and "kaboom" not in response.text
    with app.app_context():
        db.engine.dispose()


def test_a_malformed_multipart_body_is_a_4xx(client, learner):
    response = client.post(
        "/modules/case-studies/quiz",
        data=b'--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nbroken',
        content_type="multipart/form-data; boundary=xyz",
    )
    assert 400 <= response.status_code < 500


def test_new_pages_have_no_inline_scripts_or_styles_either(client, app, learner):
    from pkcourse.certificates.models import Certificate
    from tests.helpers import QuizPage, page_key, pass_every_module, submit_quiz, wrong_answers

    locked = client.get("/final-assessment")
    assert locked.status_code == 403
    pass_every_module(client, app)
    final = QuizPage(client.get("/final-assessment").text)
    passed = client.post("/final-assessment", data=final.form_data(page_key(app, final)))
    missed, _ = submit_quiz(client, "case-studies", wrong_answers(app, "case-studies"))
    practice = QuizPage(client.get(missed.headers["Location"] + "/practice").text)
    practice_result = client.post(
        missed.headers["Location"] + "/practice", data=practice.form_data(page_key(app, practice))
    )
    with app.app_context():
        code = db.session.scalar(db.select(Certificate.code))
    pages = [
        locked.text,
        final.html,
        client.get(passed.headers["Location"]).text,
        client.get(missed.headers["Location"]).text,
        practice.html,
        practice_result.text,
        client.get("/certificate").text,
        client.get(f"/certificates/{code}").text,
        client.get("/certificates/not-a-real-code-at-all").text,
    ]
    for html in pages:
        assert not inline_scripts(html)
        assert "style=" not in html and "<style" not in html
