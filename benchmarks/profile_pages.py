"""Where a single request's time goes: each benchmark target served in-process (Flask's test
client, no gunicorn), timed, its SQL statements counted, and profiled with cProfile.

    .venv/bin/python benchmarks/profile_pages.py [--database-url …] [--only NAME,…] [--top 25]

Prepares a database like ``bench.py`` does (the demo class of 200 learners), then for each page:
the mean wall and CPU time over ``--repeat`` requests, the statements per request, and the
functions with the most cumulative time (``--top``; 0 for none; ``--sort tottime`` for
the most time of their own). ``--sql`` prints each page's
statements.
"""

import argparse
import cProfile
import pstats
import sys
import tempfile
import time

from bench import QUIZ_MODULE, in_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL statements")
    parser.add_argument("--dump", help="also write each page's profile to DUMP/<page>.prof")
    parser.add_argument(
        "--sort", default="cumulative", help="pstats order: cumulative (default), tottime, …"
    )
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="pkcourse-profile-")
    site = in_process(args.database_url, scratch.name)
    app, learner, teacher = site.app, site.learner, site.teacher
    class_id, quiz = site.class_id, site.quiz

    from sqlalchemy import event

    from pkcourse.extensions import db

    bodies = iter(site.submissions(2 * args.repeat + 2))  # the warm-up, the SQL trace, 2 runs

    def submit():
        body = next(bodies)
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
            pstats.Stats(profile, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
            if args.dump:
                profile.dump_stats(f"{args.dump}/{name.replace(' ', '-')}.prof")
    print("\n| page | CPU ms per request (in-process) | reference CPU / page CPU |")
    print("|---|---|---|")
    for name, cpu in cpu_ms.items():
        print(f"| {name} | {cpu:.2f} | {cpu_ms['reference page'] / cpu:.3f} |")
    scratch.cleanup()


if __name__ == "__main__":
    main()
