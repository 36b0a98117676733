"""The number of SQL queries a page makes does not grow with the number of learners."""

import secrets
from contextlib import contextmanager

import pytest

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.courses.models import Module
from pkcourse.courses.services import current_questions
from pkcourse.extensions import db
from pkcourse.quizzes.services import submit_attempt
from tests.helpers import (
    QuizPage,
    answer_key,
    any_response,
    engine_listener,
    page_key,
    pass_every_module,
    submit_quiz,
    wrong_answers,
)

pytestmark = pytest.mark.usefixtures("open_quizzes")

PAGES = ["/", "/modules/case-studies", "/modules/case-studies/quiz", "/progress"]


def add_learners_with_attempts(app, count: int) -> None:
    with app.app_context():
        modules = db.session.scalars(db.select(Module).order_by(Module.position)).all()[:3]
        questions = {m.id: current_questions(m) for m in modules}
        for n in range(count):
            user = User(
                email=f"crowd{n}-{secrets.token_hex(3)}@example.com",
                display_name=f"Learner {n}",
                password_hash="x",
            )
            db.session.add(user)
            db.session.flush()
            for module in modules:
                versions = questions[module.id]
                responses = {str(v.id): any_response(v, n) for v in versions}
                submit_attempt(user.id, module, versions, responses, secrets.token_urlsafe(24), 70)
        db.session.commit()


@contextmanager
def counting_queries(app):
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        if not statement.startswith(("BEGIN", "PRAGMA")):
            statements.append(statement)

    with engine_listener(app, "before_cursor_execute", record):
        yield statements


def queries_per_page(app, client) -> dict[str, int]:
    response, _ = submit_quiz(client, "case-studies", answer_key(app, "case-studies"))
    pages = [*PAGES, response.headers["Location"]]
    counts = {}
    for page in pages:
        with counting_queries(app) as statements:
            assert client.get(page).status_code == 200
        counts[page.split("/attempts/")[0] or "/attempts/<id>"] = len(statements)
    return counts


def test_learner_pages_make_the_same_number_of_queries_with_5_or_60_learners(app, client, learner):
    add_learners_with_attempts(app, 5)
    few = queries_per_page(app, client)
    add_learners_with_attempts(app, 55)
    many = queries_per_page(app, client)
    assert few == many
    # 9: the result page also asks, in one query, whether the learner can report a problem with
    # a question to a teacher and which questions they already reported.
    assert max(few.values()) <= 9, few


def test_final_assessment_certificate_and_practice_pages_stay_constant(app, client, learner):
    pass_every_module(client, app)
    final = QuizPage(client.get("/final-assessment").text)
    passed = client.post("/final-assessment", data=final.form_data(page_key(app, final)))
    missed, _ = submit_quiz(client, "conclusion", wrong_answers(app, "conclusion"))
    with app.app_context():
        code = db.session.scalar(db.select(Certificate.code))
    pages = [
        "/final-assessment",
        passed.headers["Location"],
        "/certificate",
        f"/certificates/{code}",
        missed.headers["Location"] + "/practice",
    ]

    def count_all() -> list[int]:
        counts = []
        for page in pages:
            with counting_queries(app) as statements:
                assert client.get(page).status_code == 200, page
            counts.append(len(statements))
        return counts

    add_learners_with_attempts(app, 5)
    few = count_all()
    add_learners_with_attempts(app, 55)
    assert count_all() == few
    # 9 on the result page, which also asks whether questions can be reported (see above).
    assert max(few) <= 9, dict(zip(pages, few, strict=True))
