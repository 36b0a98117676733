"""A crowd on SQLite: 32 learners submitting quizzes at once for a few seconds, through real HTTP,
against Flask's threaded development server (what `make run` uses) and against gunicorn with
several processes. No answer is a 5xx, and every attempt the server acknowledged is stored exactly
once, with progress rows that agree.

SQLite whatever database the rest of the suite uses: the write lock being tested is SQLite's."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pkcourse.auth.models import User
from pkcourse.auth.passwords import hash_password
from pkcourse.courses.models import Course
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import QuizAttempt
from tests.crowd import Learner
from tests.helpers import PASSWORD, TEST_HASH_METHOD, make_app

LEARNERS = 32
SECONDS = 6
MODULE = "role-in-diplomacy"


@pytest.fixture
def crowd_db(sqlite_course_db, tmp_path) -> str:
    path = tmp_path / "crowd.sqlite3"
    path.write_bytes(Path(sqlite_course_db).read_bytes())
    url = f"sqlite:///{path}"
    app = make_app(url)
    with app.app_context():
        db.session.execute(db.update(Course).values(is_sequential=False, max_attempts=None))
        hashed = hash_password(PASSWORD, TEST_HASH_METHOD)
        db.session.add_all(
            User(email=f"crowd{n}@example.com", display_name=f"Crowd {n}", password_hash=hashed)
            for n in range(LEARNERS)
        )
        db.session.commit()
        db.engine.dispose()
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base_url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base_url} did not come up")


def run_crowd(base_url: str) -> list[Learner]:
    learners = [Learner(base_url, f"crowd{n}@example.com", PASSWORD) for n in range(LEARNERS)]
    for learner in learners:
        assert learner.log_in() == 302
    start = threading.Barrier(LEARNERS)

    def keep_submitting(learner: Learner) -> None:
        form = learner.quiz_form(MODULE)
        start.wait()  # everyone's first submission at the same moment
        deadline = time.monotonic() + SECONDS
        learner.submit(MODULE, form)
        while time.monotonic() < deadline:
            learner.take_quiz(MODULE)

    with ThreadPoolExecutor(max_workers=LEARNERS) as pool:
        list(pool.map(keep_submitting, learners))
    return learners


def check_every_acknowledged_attempt_stored_once(url: str, learners: list[Learner]) -> None:
    outcomes = [o for learner in learners for o in learner.outcomes]
    assert not [o for o in outcomes if o.status >= 500 or o.status == 0]
    acknowledged = [o.attempt_id for o in outcomes if o.attempt_id is not None]
    assert len(acknowledged) == len(outcomes)  # nothing refused either: all queued
    assert len(acknowledged) >= LEARNERS
    assert len(set(acknowledged)) == len(acknowledged)
    app = make_app(url)
    with app.app_context():
        stored = db.session.execute(db.select(QuizAttempt.id, User.email).join(User)).all()
        assert sorted(i for i, _ in stored) == sorted(acknowledged)
        owner = dict(stored)
        for learner in learners:
            mine = [o.attempt_id for o in learner.outcomes]
            assert all(owner[i] == learner.email for i in mine)
        counts = dict(
            db.session.execute(db.select(User.email, ModuleProgress.attempt_count).join(User)).all()
        )
        assert counts == {learner.email: len(learner.outcomes) for learner in learners}
        db.engine.dispose()


def test_a_crowd_on_the_threaded_development_server(crowd_db):
    app = make_app(crowd_db, TESTING=False, SESSION_COOKIE_SECURE=False)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}"
        wait_until_up(base_url)
        learners = run_crowd(base_url)
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()
    check_every_acknowledged_attempt_stored_once(crowd_db, learners)


def test_a_crowd_on_gunicorn(crowd_db):
    port = free_port()
    env = {
        **os.environ,
        "PKCOURSE_DATABASE_URL": crowd_db,
        "PKCOURSE_SECRET_KEY": "crowd-test-secret",
        "PKCOURSE_SESSION_COOKIE_SECURE": "false",
        "PKCOURSE_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "PKCOURSE_RATELIMIT_ENABLED": "false",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # Three processes with four threads each: writers in several processes queue on one file.
    options = ["--workers", "3", "--threads", "4", "--bind", f"127.0.0.1:{port}"]
    options += ["--no-control-socket", "--log-level", "warning"]
    server = subprocess.Popen([str(gunicorn), *options, "pkcourse:create_app()"], env=env)
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(base_url)
        learners = run_crowd(base_url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    check_every_acknowledged_attempt_stored_once(crowd_db, learners)
