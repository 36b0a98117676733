"""Concurrent submissions on the suite's database (SQLite or PostgreSQL): none fails, none is
lost, none is stored twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import QuizPage, answer_key, login

pytestmark = pytest.mark.usefixtures("open_quizzes")

MODULE = "impact-on-diplomacy"
THREADS = 20


def logged_in_clients(app, make_user, count):
    clients = []
    for n in range(count):
        user = make_user(f"concurrent{n}@example.com", f"Learner {n}")
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        clients.append(client)
    return clients


def table_count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_twenty_learners_submitting_at_once_are_all_stored_once(app, make_user):
    key = answer_key(app, MODULE)
    clients = logged_in_clients(app, make_user, THREADS)
    pages = [QuizPage(c.get(f"/modules/{MODULE}/quiz").text) for c in clients]

    def submit(pair):
        client, page = pair
        return client.post(f"/modules/{MODULE}/quiz", data=page.form_data(key)).status_code

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(submit, zip(clients, pages, strict=True)))

    assert statuses == [302] * THREADS
    assert table_count(app, QuizAttempt) == THREADS
    assert table_count(app, Answer) == THREADS * len(key)
    with app.app_context():
        rows = db.session.scalars(db.select(ModuleProgress)).all()
        assert len(rows) == THREADS
        assert all(r.attempt_count == 1 and r.is_passed for r in rows)


def test_the_same_submission_sent_many_times_at_once_counts_once(app, make_user):
    (client,) = logged_in_clients(app, make_user, 1)
    page = QuizPage(client.get(f"/modules/{MODULE}/quiz").text)
    data = page.form_data(answer_key(app, MODULE))

    def submit(_):
        response = client.post(f"/modules/{MODULE}/quiz", data=data)
        return response.status_code, response.headers.get("Location")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(submit, range(8)))

    assert {status for status, _ in results} == {302}
    assert len({location for _, location in results}) == 1
    assert table_count(app, QuizAttempt) == 1
    with app.app_context():
        assert db.session.scalar(db.select(ModuleProgress.attempt_count)) == 1


def test_one_learner_racing_two_different_attempts_gets_both_numbered(app, make_user):
    (client,) = logged_in_clients(app, make_user, 1)
    key = answer_key(app, MODULE)
    pages = [QuizPage(client.get(f"/modules/{MODULE}/quiz").text) for _ in range(6)]

    def submit(page):
        return client.post(f"/modules/{MODULE}/quiz", data=page.form_data(key)).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(submit, pages)) == [302] * 6
    with app.app_context():
        numbers = sorted(db.session.scalars(db.select(QuizAttempt.number)))
        assert numbers == [1, 2, 3, 4, 5, 6]
        assert db.session.scalar(db.select(ModuleProgress.attempt_count)) == 6
