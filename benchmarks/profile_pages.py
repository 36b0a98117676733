"""Where a single request's time goes: each benchmark target served in-process (Flask's test
client, no gunicorn), timed, its SQL statements counted, and profiled with cProfile.

    .venv/bin/python benchmarks/profile_pages.py [--database-url …] [--only NAME,…] [--top 25]

Prepares a database like ``bench.py`` does (the demo class of 200 learners), then for each page:
the mean wall and CPU time over ``--repeat`` requests, the statements per request, and the
functions with the most cumulative time (``--top``; 0 for none). ``--sql`` prints each page's
statements.
"""

import argparse
import cProfile
import os
import pstats
import re
import secrets
import sys
import tempfile
import time

from bench import QUIZ_MODULE, complete_answers, prepare_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL statements")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="pkcourse-profile-")
    url = args.database_url or f"sqlite:///{scratch.name}/profile.sqlite3"
    os.environ.update(
        PKCOURSE_DATABASE_URL=url,
        PKCOURSE_SECRET_KEY=secrets.token_hex(32),
        PKCOURSE_SESSION_COOKIE_SECURE="false",
        PKCOURSE_REMEMBER_COOKIE_SECURE="false",
        PKCOURSE_RATELIMIT_ENABLED="false",
    )
    password = prepare_database(dict(os.environ), 200)

    from sqlalchemy import event

    from pkcourse import create_app
    from pkcourse.extensions import db

    app = create_app()
    learner, teacher = app.test_client(), app.test_client()
    csrf = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def post_form(client, path, data):
        token = csrf.search(client.get(path).text).group(1)
        return client.post(path, data={"csrf_token": token, **data})

    secret = secrets.token_urlsafe(16)
    post_form(
        learner,
        "/auth/register",
        {
            "email": "profile@example.com",
            "display_name": "Profile",
            "password": secret,
            "confirm": secret,
        },
    )
    post_form(teacher, "/auth/login", {"email": "demo-teacher@example.org", "password": password})
    class_id = re.search(r"/teach/classes/(\d+)", teacher.get("/teach").text).group(1)
    quiz = f"/modules/{QUIZ_MODULE}/quiz"
    answers = complete_answers(learner.get(quiz).text)

    def submit():
        body = answers.replace("@TOKEN@", secrets.token_urlsafe(24))
        response = learner.post(quiz, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302, response.status_code

    from reference_app import create_app as create_reference

    reference = create_reference().test_client()
    pages = {
        "reference page": lambda: reference.get("/"),
        "course overview": lambda: learner.get("/"),
        "lesson page": lambda: learner.get(f"/modules/{QUIZ_MODULE}"),
        "quiz page (GET)": lambda: learner.get(quiz),
        "quiz submission": submit,
        "gradebook": lambda: teacher.get(f"/teach/classes/{class_id}"),
        "question analysis": lambda: teacher.get(f"/teach/classes/{class_id}/questions"),
        "gradebook.csv": lambda: teacher.get(f"/teach/classes/{class_id}/gradebook.csv"),
    }
    if args.only:
        names = {n.strip() for n in args.only.split(",")}
        pages = {k: v for k, v in pages.items() if k in names or k == "reference page"}

    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda c, cur, statement, *a: statements.append(statement)
    )
    cpu_ms: dict[str, float] = {}
    for name, fetch in pages.items():
        fetch()  # warm up
        statements.clear()
        fetch()
        seen = list(statements)
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            fetch()
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - cpu_started) / args.repeat
        cpu_ms[name] = cpu * 1000
        print(
            f"\n=== {name}: {elapsed * 1000:.2f} ms per request (CPU {cpu * 1000:.2f} ms), "
            f"{len(seen)} statements"
        )
        if args.sql:
            for statement in seen:
                print("   ", " ".join(statement.split())[:200])
        if args.top:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                fetch()
            profile.disable()
            pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)
    print("\n| page | CPU ms per request (in-process) | reference CPU / page CPU |")
    print("|---|---|---|")
    for name, cpu in cpu_ms.items():
        print(f"| {name} | {cpu:.2f} | {cpu_ms['reference page'] / cpu:.3f} |")
    scratch.cleanup()


if __name__ == "__main__":
    main()
