"""The teacher reports at scale: a fixed number of queries whatever the class size, SQL aggregates
that agree with the pure rules applied to the raw rows, and the demo seed."""

import re
from collections import defaultdict

import pytest
from markupsafe import escape

from pkcourse.courses.services import active_modules, final_module, get_course
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from pkcourse.teaching import demo, reports, stats
from pkcourse.teaching.models import Classroom
from tests.helpers import (
    FIXTURES_DIR,
    TEST_HASH_METHOD,
    TINY_COURSE_SLUG,
    login,
    make_app,
)
from tests.web.test_query_counts import counting_queries

TINY_COURSE = {"CONTENT_DIR": str(FIXTURES_DIR), "COURSE_SLUG": TINY_COURSE_SLUG}

TEACHER_PAGES = (
    "/teach",
    "/teach/classes/{c}",
    "/teach/classes/{c}?sort=score&dir=desc",
    "/teach/classes/{c}?sort=module-{m}",
    "/teach/classes/{c}/charts",
    "/teach/classes/{c}/invite",
    "/teach/classes/{c}/settings",
    "/teach/classes/{c}/article",
    "/teach/classes/{c}/questions",
    "/teach/classes/{c}/gradebook.csv",
    "/teach/classes/{c}/attempts.csv",
)


@pytest.fixture
def seeded_app(tiny_course_db, new_database):
    """Factory: an app on a fresh database holding a demo class of the given size."""
    apps = []

    def _seeded(learners: int, seed: int = 7):
        app = make_app(new_database(tiny_course_db), **TINY_COURSE)
        apps.append(app)
        with app.app_context():
            course = get_course(app.config["COURSE_SLUG"])
            result = demo.seed(course, learners, seed=seed, hash_method=TEST_HASH_METHOD)
            db.session.commit()
            ids = {"c": result.classroom.id, "m": active_modules(course)[1].id}
        return app, result, ids

    yield _seeded
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def queries_per_page(app, result, ids, *, again: bool = False) -> dict[str, int]:
    """Queries per teacher page; with ``again``, of a second request for each page (the reports
    kept per process since the first, teaching/snapshots.py)."""
    client = app.test_client()
    assert login(client, result.teacher_email, result.password).status_code == 302
    counts = {}
    for template in TEACHER_PAGES:
        url = template.format(**ids)
        if again:
            assert client.get(url).status_code == 200, url
        with counting_queries(app) as statements:
            assert client.get(url).status_code == 200, url
        counts[template] = len(statements)
    return counts


def test_teacher_pages_make_the_same_number_of_queries_for_10_or_120_learners(seeded_app):
    small = queries_per_page(*seeded_app(10))
    large = queries_per_page(*seeded_app(120))
    assert small == large
    # the question analysis is the busiest: item analysis, the misconception report and the
    # learners' open reports on questions
    assert max(small.values()) <= 13, small


def test_teacher_pages_served_again_make_the_same_number_of_queries_for_10_or_120_learners(
    seeded_app,
):
    small = queries_per_page(*seeded_app(10), again=True)
    large = queries_per_page(*seeded_app(120), again=True)
    assert small == large
    first = queries_per_page(*seeded_app(10))
    assert all(small[page] <= first[page] for page in TEACHER_PAGES), (small, first)


def test_gradebook_numbers_match_the_stored_progress(seeded_app):
    app, result, _ = seeded_app(40, seed=11)
    with app.app_context():
        classroom = db.session.get(Classroom, result.classroom.id)
        course = get_course(app.config["COURSE_SLUG"])
        modules, final = active_modules(course), final_module(course)
        book = reports.gradebook(classroom, course)
        lesson_ids = {m.id for m in modules}
        progress = defaultdict(dict)
        for row in db.session.scalars(db.select(ModuleProgress)):
            progress[row.user_id][row.module_id] = row
        assert len(book.rows) == 40
        for row in book.rows:
            mine = progress[row.user_id]
            lessons = [p for m, p in mine.items() if m in lesson_ids]
            expected = sum(p.best_score_percent for p in lessons) / len(modules)
            assert row.course_score == pytest.approx(expected)
            assert row.passed_modules == sum(p.is_passed for p in lessons)
            assert row.attempts == sum(p.attempt_count for p in mine.values())
            assert row.completed == (final.id in mine and mine[final.id].is_passed)
            assert {m: c.score for m, c in row.cells.items()} == {
                m: p.best_score_percent for m, p in mine.items()
            }
        for column in book.columns:
            tried = [p[column.module.id] for p in progress.values() if column.module.id in p]
            assert column.attempted == len(tried)
            assert column.passed == sum(p.is_passed for p in tried)
            assert sum(column.bands) == len(tried)
            if tried:
                mean = sum(p.best_score_percent for p in tried) / len(tried)
                assert column.average == pytest.approx(mean)
        completed = sum(r.completed for r in book.rows)
        assert book.summary.completed == completed > 0  # the demo has learners who finish
        assert book.summary.size == 40


def test_question_analysis_in_sql_agrees_with_the_pure_rules(seeded_app):
    """The database counts what stats.py would count from the raw first-attempt answers."""
    app, result, _ = seeded_app(60, seed=5)
    with app.app_context():
        classroom = db.session.get(Classroom, result.classroom.id)
        course = get_course(app.config["COURSE_SLUG"])
        lesson_ids = [m.id for m in active_modules(course)]
        from_sql = reports.question_analysis(classroom, course)
        scores = {
            row.user_id: row.course_score for row in reports.gradebook(classroom, course).rows
        }
        groups = stats.split_groups(scores)
        responses = defaultdict(list)
        # First attempts at lesson quizzes only: the final assessment's draws are not counted.
        first_answers = db.session.scalars(
            db.select(Answer)
            .join(QuizAttempt)
            .where(QuizAttempt.number == 1, QuizAttempt.module_id.in_(lesson_ids))
        )
        for answer in first_answers:
            responses[answer.question_version.question_id].append(
                stats.LearnerResponse(
                    answer.attempt.user_id,
                    answer.is_correct,
                    frozenset(o.slug for o in answer.selected_options),
                )
            )
        for report in from_sql:
            version = report.version
            question = stats.QuestionData(
                key=version.question.slug,
                option_ids=tuple(o.slug for o in version.options),
                correct_ids=frozenset(o.slug for o in version.options if o.is_correct),
                responses=tuple(responses[version.question_id]),
            )
            labels = {o.slug: o.text for o in version.options}
            assert report.analysis == stats.analyse_question(question, groups, labels=labels)
        assert any(r.analysis.respondents >= 30 for r in from_sql)
        # Each learner answers a question once in a first attempt: never more answers than learners.
        assert max(r.analysis.respondents for r in from_sql) <= 60


def test_demo_seed_makes_a_class_worth_looking_at(app, runner, client):
    result = runner.invoke(args=["demo", "seed", "--learners", "60", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "with 60 learners" in result.output
    email, password = re.search(
        r"Log in as the demo teacher: (\S+) / (\S+)", result.output
    ).groups()
    assert login(client, email, password).status_code == 302
    classes = client.get("/teach").text
    class_id = re.search(r'href="/teach/classes/(\d+)"', classes)[1]
    book = client.get(f"/teach/classes/{class_id}").text
    assert book.count("learners/") >= 60
    analysis = client.get(f"/teach/classes/{class_id}/questions").text
    assert "Check that the key is right" in analysis  # the planted miskeyed-looking question

    again = runner.invoke(args=["demo", "seed", "--learners", "5"])
    assert again.exit_code == 1
    assert "created once per database" in again.output


def test_demo_seed_needs_the_course(new_database, migrated_db):
    app = make_app(new_database(migrated_db))
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    with app.app_context():
        db.engine.dispose()
    assert result.exit_code == 1
    assert "content import" in result.output


def test_gradebook_rows_stay_compact(seeded_app):
    """A class of hundreds must load fast: about half a kilobyte of HTML per learner row."""
    app, result, ids = seeded_app(40, seed=5)
    client = app.test_client()
    login(client, result.teacher_email, result.password)
    page = client.get("/teach/classes/{c}".format(**ids)).text
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = body.count("<tr>")
    assert rows == 40
    assert len(body.encode()) / rows <= 520, len(body.encode()) / rows


def test_misconception_report_matches_the_first_attempts_raw_rows(seeded_app):
    app, result, _ = seeded_app(60, seed=5)
    with app.app_context():
        classroom = db.session.get(Classroom, result.classroom.id)
        course = get_course(app.config["COURSE_SLUG"])
        lesson_ids = {m.id for m in active_modules(course)}
        learners, per_question = defaultdict(set), defaultdict(set)
        for answer in db.session.scalars(db.select(Answer).join(Answer.attempt)):
            attempt = answer.attempt
            if attempt.number != 1 or attempt.module_id not in lesson_ids:
                continue
            for option in answer.selected_options:
                if option.misconception and not option.is_correct:
                    learners[option.misconception].add(attempt.user_id)
                    question = answer.question_version.question_id
                    per_question[option.misconception, question].add(attempt.user_id)
        report = reports.misconception_report(classroom, course)
    assert [r.slug for r in report] == ["rivers-hold-most", "clouds-store-water"]
    assert sum(r.learners for r in report) > 0  # the demo class makes some of these mistakes
    for row in report:
        assert row.learners == len(learners[row.slug]), row.slug
        assert dict(row.questions) == {
            q: len(users) for (slug, q), users in per_question.items() if slug == row.slug
        }
        assert [n for _, n in row.questions] == sorted((n for _, n in row.questions), reverse=True)


def test_the_question_analysis_page_shows_the_misconception_report(seeded_app):
    app, result, ids = seeded_app(30, seed=5)
    client = app.test_client()
    assert login(client, result.teacher_email, result.password).status_code == 302
    html = " ".join(client.get(f"/teach/classes/{ids['c']}/questions").text.split())
    assert '<h2 id="misconceptions-heading">Misconceptions</h2>' in html
    with app.app_context():
        course = get_course(app.config["COURSE_SLUG"])
        classroom = db.session.get(Classroom, result.classroom.id)
        top = max(reports.misconception_report(classroom, course), key=lambda r: r.learners)
    assert f'<th scope="row">{escape(top.text)}</th> <td class="num">{top.learners}</td>' in html
    question_id, count = top.questions[0]
    assert f'<a href="#q-{question_id}">' in html and f"({count})" in html
