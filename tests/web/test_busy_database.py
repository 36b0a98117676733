"""A crowded database queues requests and, at worst, answers 503 with Retry-After: never a 500,
never a half-stored attempt. SQLite's write lock is held only around writes; a PostgreSQL
transaction that deadlocks or fails to serialize is rerun once."""

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from pkcourse.extensions import db
from pkcourse.quizzes import services
from pkcourse.quizzes.models import QuizAttempt
from tests.helpers import (
    QuizPage,
    add_user,
    answer_key,
    login,
    make_app,
    post_form,
)

MODULE = "role-in-diplomacy"
QUIZ = f"/modules/{MODULE}/quiz"


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt))


@pytest.fixture
def sqlite_app(sqlite_course_db, tmp_path):
    path = tmp_path / "app.sqlite3"
    path.write_bytes(Path(sqlite_course_db).read_bytes())
    app = make_app(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT=0.5)
    add_user(app, "lea@example.com")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def other_writer(sqlite_app):
    """Another process's long write: call ``.execute("BEGIN IMMEDIATE")`` to hold SQLite's write
    lock until ``ROLLBACK``."""
    path = make_url(sqlite_app.config["SQLALCHEMY_DATABASE_URI"]).database
    other = sqlite3.connect(path, isolation_level=None)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_pages_and_refused_forms_never_wait_for_the_write_lock(sqlite_app, other_writer):
    other_writer.execute("BEGIN IMMEDIATE")
    client = sqlite_app.test_client()
    assert login(client, "lea@example.com").status_code == 302  # logging in writes nothing
    start = time.perf_counter()
    assert client.get(QUIZ).status_code == 200
    assert client.get("/progress").status_code == 200
    wrong = post_form(client, "/auth/password", {"current_password": "nope nope nope"})
    assert wrong.status_code == 400
    assert time.perf_counter() - start < 0.5 * 3  # none of them sat out the busy timeout


def test_a_submission_that_cannot_get_the_lock_is_a_503_and_stores_nothing(
    sqlite_app, other_writer
):
    client = sqlite_app.test_client()
    assert login(client, "lea@example.com").status_code == 302
    page = QuizPage(client.get(QUIZ).text)
    data = page.form_data(answer_key(sqlite_app, MODULE))
    other_writer.execute("BEGIN IMMEDIATE")

    busy = client.post(QUIZ, data=data)
    assert busy.status_code == 503
    assert busy.headers["Retry-After"].isdigit()
    assert "Nothing was saved" in busy.text
    assert busy.headers["Cache-Control"] == "no-store"

    other_writer.execute("ROLLBACK")
    assert attempts(sqlite_app) == 0
    again = client.post(QUIZ, data=data)  # the same form, sent again once the crowd has gone
    assert again.status_code == 302
    assert attempts(sqlite_app) == 1


class Deadlock(Exception):
    sqlstate = "40P01"


def deadlocking(times: int, real=services.submit_attempt):
    calls = {"n": 0}

    def submit(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            # what the database would have done before detecting the deadlock: a write
            real(*args, **kwargs)
            raise OperationalError("UPDATE …", {}, Deadlock("deadlock detected"))
        return real(*args, **kwargs)

    return submit


def test_a_deadlocked_submission_is_rerun_once_and_stored_once(app, client, learner, monkeypatch):
    monkeypatch.setattr(services, "submit_attempt", deadlocking(times=1))
    page = QuizPage(client.get(QUIZ).text)
    response = client.post(QUIZ, data=page.form_data(answer_key(app, MODULE)))
    assert response.status_code == 302
    assert attempts(app) == 1


def test_a_submission_deadlocked_twice_is_a_503_and_stores_nothing(
    app, client, learner, monkeypatch
):
    monkeypatch.setattr(services, "submit_attempt", deadlocking(times=2))
    page = QuizPage(client.get(QUIZ).text)
    response = client.post(QUIZ, data=page.form_data(answer_key(app, MODULE)))
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    assert attempts(app) == 0
