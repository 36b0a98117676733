"""The demo class is made by the real submission service: its progress rows and certificates are
exactly what learners' own submissions would have made, and nothing is dated after the seed."""

import re
from collections import defaultdict

import pytest

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.courses.services import final_module, get_course
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import QuizAttempt
from pkcourse.teaching.models import Classroom, Membership
from pkcourse.timeutil import utcnow
from tests.helpers import login

pytestmark = pytest.mark.tiny_course


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["demo", "seed", "--learners", "40", "--seed", "4"])
    assert result.exit_code == 0, result.output
    return utcnow()


def test_demo_progress_is_what_the_attempts_make(app, seeded):
    with app.app_context():
        attempts = defaultdict(list)
        for attempt in db.session.scalars(db.select(QuizAttempt).order_by(QuizAttempt.number)):
            attempts[(attempt.user_id, attempt.module_id)].append(attempt)
        rows = {(p.user_id, p.module_id): p for p in db.session.scalars(db.select(ModuleProgress))}
        assert set(rows) == set(attempts)
        retook = 0
        for key, made in attempts.items():
            row, last = rows[key], made[-1]
            assert [a.number for a in made] == list(range(1, len(made) + 1))
            assert row.attempt_count == len(made)
            assert row.best_score_percent == max(a.score_percent for a in made)
            assert row.is_passed == any(a.is_passed for a in made)
            assert (row.last_score_percent, row.last_is_passed) == (
                last.score_percent,
                last.is_passed,
            )
            assert row.last_attempt_at == last.submitted_at
            retook += len(made) > 1
        assert retook > 0  # some learners retake a quiz, so "last" differs from "first"


def test_every_demo_learner_who_passed_the_final_has_a_certificate(app, seeded):
    with app.app_context():
        final = final_module(get_course(app.config["COURSE_SLUG"]))
        passed = {}
        for attempt in db.session.scalars(
            db.select(QuizAttempt)
            .where(QuizAttempt.module_id == final.id, QuizAttempt.is_passed)
            .order_by(QuizAttempt.number.desc())
        ):
            passed[attempt.user_id] = attempt  # ends on the first passing attempt
        certificates = {c.user_id: c for c in db.session.scalars(db.select(Certificate))}
        assert passed, "some demo learners complete the course"
        assert set(certificates) == set(passed)
        for user_id, certificate in certificates.items():
            assert certificate.attempt_id == passed[user_id].id
            assert certificate.issued_at == passed[user_id].submitted_at


def test_nothing_in_the_demo_is_dated_after_the_seed(app, seeded):
    with app.app_context():
        latest = [
            db.session.scalar(db.select(db.func.max(column)))
            for column in (
                QuizAttempt.submitted_at,
                ModuleProgress.last_attempt_at,
                Certificate.issued_at,
                Membership.joined_at,
                User.created_at,
                Classroom.created_at,
            )
        ]
        assert all(when is not None and when <= seeded for when in latest), latest
        first_attempt = dict(
            db.session.execute(
                db.select(QuizAttempt.user_id, db.func.min(QuizAttempt.submitted_at)).group_by(
                    QuizAttempt.user_id
                )
            ).all()
        )
        classroom = db.session.scalar(db.select(Classroom))
        for membership in db.session.scalars(db.select(Membership)):
            assert classroom.created_at < membership.joined_at
            if membership.user_id in first_attempt:
                assert membership.joined_at < first_attempt[membership.user_id]


def test_demo_class_can_go_to_an_existing_teacher(app, runner, client, make_user):
    make_user("rivera@example.com", "Ms Rivera", role="teacher")
    result = runner.invoke(
        args=["demo", "seed", "--learners", "5", "--teacher", "Rivera@Example.com"]
    )
    assert result.exit_code == 0, result.output
    assert "It is in the classes of rivera@example.com" in result.output
    assert "demo-teacher" not in result.output
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.email.like("demo-teacher%"))) is None
    login(client, "rivera@example.com")
    dashboard = client.get("/teach").text
    class_id = re.search(r'href="/teach/classes/(\d+)"', dashboard)[1]
    assert "Demo class" in dashboard
    assert client.get(f"/teach/classes/{class_id}").text.count("/learners/") >= 5

    again = runner.invoke(args=["demo", "seed", "--learners", "5"])
    assert again.exit_code == 1
    assert "created once per database" in again.output


@pytest.mark.parametrize("email", ["lea@example.com", "nobody@example.com"])
def test_demo_class_is_given_only_to_a_teacher(app, runner, make_user, email):
    make_user("lea@example.com", "Lea Learner")
    result = runner.invoke(args=["demo", "seed", "--learners", "5", "--teacher", email])
    assert result.exit_code == 1
    assert f"{email} is not a teacher's account" in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Classroom)) == 0
