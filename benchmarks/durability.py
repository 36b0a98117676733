"""Durability under kill -9: learners keep submitting quizzes through the real forms while the
whole gunicorn tree (master and workers) is killed with SIGKILL at random moments and restarted.
Afterwards every attempt the server acknowledged (a redirect to /attempts/<id>) is looked up in
the database.

Reported: acknowledged, stored, lost (acknowledged but not stored: must be 0), duplicated
(acknowledged twice, or stored twice under one submission: must be 0), stored without an
acknowledgement (the server committed but died before answering: allowed), and progress rows that
disagree with the stored attempts (count, best and last score, passed: must be 0).

Not part of the test suite (it runs for many minutes). Run from the project root with the
project's virtualenv (production extras installed, as for `make serve`):

    .venv/bin/python benchmarks/durability.py --database-url sqlite:////tmp/durability.sqlite3
    .venv/bin/python benchmarks/durability.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/pkcourse_durability

The database is created if missing (PostgreSQL: the server must accept CREATE DATABASE), migrated,
loaded with the course and the learners' accounts, and emptied of earlier attempts.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crowd import Learner  # noqa: E402

PASSWORD = "durability passphrase"
HASH_METHOD = "pbkdf2:sha256:1"  # logins are not what is measured
MODULES = ["role-in-diplomacy", "strategic-frameworks", "tools-for-conflict-resolution"]


def app_for(url: str):
    from pkcourse import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "durability", "DATABASE_URL": url})


def prepare(url: str, learners: int) -> None:
    """Create and migrate the database, import the course, open every quiz without an attempt
    limit, make the learners' accounts and remove earlier attempts."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()

    from pkcourse.auth.models import User
    from pkcourse.auth.passwords import hash_password
    from pkcourse.content.loader import load_course
    from pkcourse.content.services import import_course
    from pkcourse.courses.models import Course
    from pkcourse.extensions import db

    app = app_for(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        import_course(load_course(ROOT / "content" / "peacekeeping-diplomacy"))
        records = {"answer_selection", "answer", "certificate", "module_progress", "quiz_attempt"}
        for table in reversed(db.metadata.sorted_tables):
            if table.name in records:
                db.session.execute(table.delete())
        db.session.execute(db.update(Course).values(is_sequential=False, max_attempts=None))
        hashed = hash_password(PASSWORD, HASH_METHOD)
        known = set(db.session.scalars(db.select(User.email)))
        db.session.add_all(
            User(email=email(n), display_name=f"Learner {n}", password_hash=hashed)
            for n in range(learners)
            if email(n) not in known
        )
        db.session.commit()
        db.engine.dispose()


def email(n: int) -> str:
    return f"durability{n}@example.com"


class Server:
    """gunicorn as `make serve` runs it, in a process group of its own so one killpg takes the
    master and every worker at once."""

    def __init__(self, url: str, port: int, workers: int):
        self.port = port
        self.args = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--preload",
            "--config",
            "python:pkcourse.gunicorn_config",
            "--log-level",
            "warning",
            "pkcourse:create_app()",
        ]
        self.env = {
            **os.environ,
            "PKCOURSE_DATABASE_URL": url,
            "PKCOURSE_SECRET_KEY": "durability-benchmark-secret",
            "PKCOURSE_SESSION_COOKIE_SECURE": "false",
            "PKCOURSE_PASSWORD_HASH_METHOD": HASH_METHOD,
            "PKCOURSE_RATELIMIT_ENABLED": "false",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.args, env=self.env, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 300  # a loaded machine can take a while
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                # The learners are already queueing at the door: be patient with the answer.
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=60
                ) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not come up")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def run(args) -> dict:
    prepare(args.database_url, args.learners)
    server = Server(args.database_url, args.port, args.workers)
    server.start()
    base = f"http://127.0.0.1:{args.port}"
    rng = random.Random(args.seed)
    learners = [Learner(base, email(n), PASSWORD, timeout=30) for n in range(args.learners)]
    stop = threading.Event()

    def keep_submitting(learner: Learner) -> None:
        logged_in = False
        while not stop.is_set():
            try:
                if not logged_in:
                    logged_in = learner.log_in() == 302
                    continue
                outcome = learner.take_quiz(rng.choice(MODULES))
            except Exception:  # the server died mid-answer: a page cut short, a reset
                outcome = None
            if outcome is None or outcome.status == 0:
                time.sleep(0.05)  # the server is down: try again shortly

    threads = [threading.Thread(target=keep_submitting, args=(lr,)) for lr in learners]
    for thread in threads:
        thread.start()

    def acknowledged() -> int:
        return sum(o.attempt_id is not None for lr in learners for o in lr.outcomes)

    kills = 0
    started = time.monotonic()
    deadline = started + args.max_seconds
    try:
        while (acknowledged() < args.submissions or kills < args.kills) and (
            time.monotonic() < deadline
        ):
            # Spread the kills over the run, at random moments.
            time.sleep(rng.uniform(args.min_interval, args.max_interval))
            server.kill()
            kills += 1
            print(f"kill {kills}: {acknowledged()} acknowledged so far", flush=True)
            time.sleep(rng.uniform(0, 0.5))
            server.start()
    except BaseException:
        server.kill()
        raise
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    server.stop()
    return check(args.database_url, learners, kills, time.monotonic() - started)


def check(url: str, learners: list[Learner], kills: int, seconds: float) -> dict:
    from pkcourse.auth.models import User
    from pkcourse.extensions import db
    from pkcourse.progress.models import ModuleProgress
    from pkcourse.quizzes.models import QuizAttempt

    outcomes = [o for lr in learners for o in lr.outcomes]
    acked = Counter(o.attempt_id for o in outcomes if o.attempt_id is not None)
    app = app_for(url)
    with app.app_context():
        attempts = db.session.execute(
            db.select(
                QuizAttempt.id,
                QuizAttempt.user_id,
                QuizAttempt.module_id,
                QuizAttempt.submission_token,
                QuizAttempt.score_percent,
                QuizAttempt.is_passed,
                QuizAttempt.submitted_at,
            )
        ).all()
        progress = db.session.scalars(db.select(ModuleProgress)).all()
        users = dict(db.session.execute(db.select(User.id, User.email)).all())
        disagreeing = 0
        by_key: dict[tuple[int, int], list] = {}
        for row in attempts:
            by_key.setdefault((row.user_id, row.module_id), []).append(row)
        for row in progress:
            mine = sorted(by_key.pop((row.user_id, row.module_id), []), key=lambda a: a.id)
            if (
                not mine
                or row.attempt_count != len(mine)
                or row.best_score_percent != max(a.score_percent for a in mine)
                or row.last_score_percent != mine[-1].score_percent
                or row.is_passed != any(a.is_passed for a in mine)
            ):
                disagreeing += 1
        disagreeing += len(by_key)  # attempts without a progress row
        db.engine.dispose()
    stored = {row.id for row in attempts}
    owner = {row.id: users[row.user_id] for row in attempts}
    tokens = Counter(row.submission_token for row in attempts)
    wrong_owner = sum(
        1
        for lr in learners
        for o in lr.outcomes
        if o.attempt_id in owner and owner[o.attempt_id] != lr.email
    )
    return {
        "database": url.split(":", 1)[0],
        "seconds": round(seconds),
        "kills": kills,
        "requests answered": sum(o.status != 0 for o in outcomes),
        "no answer (server down)": sum(o.status == 0 for o in outcomes),
        "5xx": sum(o.status >= 500 for o in outcomes),
        "acknowledged": sum(acked.values()),
        "stored": len(stored),
        "lost": len(set(acked) - stored),
        "duplicated": sum(n - 1 for n in acked.values() if n > 1)
        + sum(n - 1 for n in tokens.values() if n > 1),
        "acknowledged to the wrong learner": wrong_owner,
        "stored without acknowledgement": len(stored - set(acked)),
        "disagreeing progress rows": disagreeing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("PKCOURSE_DATABASE_URL"))
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--submissions", type=int, default=10_000, help="acknowledged, at least")
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs of the tree, at least")
    parser.add_argument("--min-interval", type=float, default=20, help="seconds between kills")
    parser.add_argument("--max-interval", type=float, default=60)
    parser.add_argument(
        "--max-seconds", type=float, default=float("inf"), help="stop then even if short"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (or set PKCOURSE_DATABASE_URL)")
    result = run(args)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    bad = result["lost"] + result["duplicated"] + result["disagreeing progress rows"]
    sys.exit(1 if bad or result["5xx"] or result["acknowledged to the wrong learner"] else 0)


if __name__ == "__main__":
    main()
