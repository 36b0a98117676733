"""Do the teacher pages of one 200-learner class stay as cheap in a large PostgreSQL database?

    .venv/bin/python benchmarks/scale.py --learners 100000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/pkcourse_bench_scale

1. prepares the database like ``bench.py`` (the demo class of 200 learners; the database, whose
   name must start with ``pkcourse_bench``, is dropped and created again);
2. ANALYZEs it and times the demo class's gradebook, question analysis and gradebook.csv
   in-process (median of ``--repeat`` requests);
3. grows the database with bulk SQL: ``--learners`` more learners in classes of 200 (another
   teacher's), each with 1-4 attempts at every lesson quiz (about 2.5 on average, so 100,000
   learners make about 2 million attempts), an answer to every question of each attempt (about
   17 million) with a chosen option for choice questions, and their progress rows; then ANALYZE;
4. times the same pages again and prints the ratio grown / demo;
5. prints ``EXPLAIN`` of every SELECT those pages and a quiz submission run, and says whether
   any plan reads a large table (user_account, class_membership, quiz_attempt, answer,
   answer_selection, module_progress) with a sequential scan.
"""

import argparse
import re
import statistics
import sys
import time

from bench import in_process

LARGE_TABLES = (
    "user_account",
    "class_membership",
    "quiz_attempt",
    "answer",
    "answer_selection",
    "module_progress",
)

# Each statement runs once; ``:learners`` and ``:first`` are bound. Foreign key triggers are off
# during the load (session_replication_role), the rows being consistent by construction.
GROW = [
    """INSERT INTO user_account (email, display_name, password_hash, role, is_active,
           session_token, created_at)
       VALUES ('scale-teacher@example.org', 'Scale Teacher', '!', 'teacher', true,
               md5(random()::text), now())""",
    """INSERT INTO user_account (email, display_name, password_hash, role, is_active,
           session_token, created_at)
       SELECT 'scale-' || g || '@example.org', 'Scale learner ' || g, '!', 'learner', true,
              md5(g::text), now()
       FROM generate_series(1, :learners) AS g""",
    """INSERT INTO classroom (teacher_id, name, join_code, created_at)
       SELECT (SELECT id FROM user_account WHERE email = 'scale-teacher@example.org'),
              'Scale class ' || c, 'SC' || lpad(c::text, 10, '0'), now()
       FROM generate_series(1, (:learners + 199) / 200) AS c""",
    """INSERT INTO class_membership (classroom_id, user_id, joined_at)
       SELECT cls.id, u.id, now()
       FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 200 AS k
             FROM user_account WHERE id >= :first AND role = 'learner') AS u
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
             FROM classroom WHERE name LIKE 'Scale class %') AS cls ON cls.k = u.k""",
    """INSERT INTO quiz_attempt (user_id, module_id, number, submission_token, points,
           max_points, score_percent, pass_mark, is_passed, submitted_at)
       SELECT u.id, m.id, n, md5(u.id || ':' || m.id || ':' || n), s, 10, s * 10, 70, s >= 7,
              now() - make_interval(days => 30 - m.position * 3 + n)
       FROM user_account AS u
       CROSS JOIN module AS m
       CROSS JOIN LATERAL generate_series(1, 1 + (u.id * 7 + m.position) % 4) AS n
       CROSS JOIN LATERAL (SELECT ((u.id * 31 + m.id * 17 + n * 13) % 11)::float AS s) AS score
       WHERE u.id >= :first AND u.role = 'learner' AND m.kind = 'lesson' AND m.is_active""",
    """INSERT INTO answer (attempt_id, question_version_id, position, points, max_points,
           is_correct, response)
       SELECT a.id, v.id, q.position, CASE WHEN right_ THEN 1 ELSE 0 END, 1, right_, NULL
       FROM quiz_attempt AS a
       JOIN question AS q ON q.module_id = a.module_id AND q.is_active
       JOIN question_version AS v ON v.question_id = q.id AND v.number = q.current_version
       CROSS JOIN LATERAL (SELECT (a.id * 7 + v.id * 3) % 10 < 6 AS right_) AS r
       WHERE a.user_id >= :first""",
    """INSERT INTO answer_selection (answer_id, option_id)
       SELECT ans.id, o.id
       FROM answer AS ans
       JOIN question_version AS v ON v.id = ans.question_version_id
       JOIN (SELECT id, question_version_id,
                    row_number() OVER (PARTITION BY question_version_id ORDER BY position) AS rn,
                    count(*) OVER (PARTITION BY question_version_id) AS n
             FROM option) AS o
         ON o.question_version_id = ans.question_version_id AND o.rn = 1 + ans.id % o.n
       WHERE v.kind IN ('single_choice', 'multiple_select', 'true_false')
         AND ans.attempt_id >= (SELECT min(id) FROM quiz_attempt WHERE user_id >= :first)""",
    """INSERT INTO module_progress (user_id, module_id, attempt_count, best_score_percent,
           is_passed, last_score_percent, last_is_passed, last_attempt_at)
       SELECT user_id, module_id, count(*), max(score_percent), bool_or(is_passed),
              (array_agg(score_percent ORDER BY number DESC))[1],
              (array_agg(is_passed ORDER BY number DESC))[1], max(submitted_at)
       FROM quiz_attempt WHERE user_id >= :first GROUP BY user_id, module_id""",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgresql+psycopg://…")
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("the large database is a PostgreSQL one")

    site = in_process(args.database_url, "")
    app, learner, teacher = site.app, site.learner, site.teacher
    class_id, quiz = site.class_id, site.quiz

    from sqlalchemy import event, text

    from pkcourse.extensions import db

    pages = {
        "gradebook": f"/teach/classes/{class_id}",
        "question analysis": f"/teach/classes/{class_id}/questions",
        "gradebook.csv": f"/teach/classes/{class_id}/gradebook.csv",
    }

    from pkcourse.courses.services import get_course
    from pkcourse.teaching import snapshots

    def forget() -> None:
        with app.app_context():
            course = get_course(app.config["COURSE_SLUG"])
            assert course is not None
            snapshots.forget(course)

    def timings() -> dict[str, float]:
        """Median ms per page: computed afresh (the kept reports dropped before each request:
        what the SQL and the report code cost) and kept (teaching/snapshots.py: what a teacher
        looking again while nothing changed costs)."""
        result = {}
        for name, path in pages.items():
            assert teacher.get(path).status_code == 200
            for kept in (False, True):
                samples = []
                for _ in range(args.repeat):
                    if not kept:
                        forget()
                    started = time.perf_counter()
                    teacher.get(path)
                    samples.append(time.perf_counter() - started)
                result[f"{name}, {'kept' if kept else 'computed'}"] = (
                    statistics.median(samples) * 1000
                )
        return result

    def analyze() -> None:
        with app.app_context(), db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))

    analyze()  # both databases measured with fresh statistics, so only their size differs
    before = timings()
    with app.app_context():
        started = time.monotonic()
        with db.engine.begin() as connection:
            first = connection.scalar(text("SELECT max(id) + 1 FROM user_account"))
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for statement in GROW:
                connection.execute(text(statement), {"learners": args.learners, "first": first})
        analyze()
        with db.engine.connect() as connection:
            counts = {
                table: connection.scalar(text(f"SELECT count(*) FROM {table}"))
                for table in LARGE_TABLES
            }
        print(f"grown in {time.monotonic() - started:.0f} s: " + ", ".join(
            f"{table} {count:,}" for table, count in counts.items()
        ))  # fmt: skip
    after = timings()

    print(f"\nmedian of {args.repeat} requests, in-process (Flask test client)\n")
    print("| page | demo database ms | grown database ms | grown / demo |")
    print("|---|---|---|---|")
    for name in before:
        print(
            f"| {name} | {before[name]:.1f} | {after[name]:.1f} "
            f"| {after[name] / before[name]:.2f} |"
        )

    captured: list[tuple[str, object]] = []
    with app.app_context():
        engine = db.engine

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    for path in pages.values():
        teacher.get(path)
    body = site.submission()
    learner.post(quiz, data=body, content_type="application/x-www-form-urlencoded")
    event.remove(engine, "before_cursor_execute", capture)

    seq_scans = []
    with app.app_context(), db.engine.connect() as connection:
        for statement, parameters in captured:
            plan = connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
            print("\n" + " ".join(statement.split())[:300])
            for line in plan:
                print("    " + line)
                found = re.search(r"Seq Scan on (\w+)", line)
                if found and found.group(1) in LARGE_TABLES:
                    seq_scans.append((found.group(1), " ".join(statement.split())[:120]))
            connection.rollback()
    if seq_scans:
        print("\nSequential scans of large tables:")
        for table, statement in seq_scans:
            print(f"  {table}: {statement}")
    else:
        print("\nNo plan reads a large table with a sequential scan.")


if __name__ == "__main__":
    sys.exit(main())
