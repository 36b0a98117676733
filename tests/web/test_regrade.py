"""Fixing a key and regrading: the preview's numbers, applying it (scores, originals kept,
progress, certificates issued and never silently withdrawn, the audit entry), who may do it, and
the command line.

The story on the tiny course: question ww-most-water (single choice, key "b") is re-keyed to "a"
in a copy of the course and re-imported. Lesson quizzes have three questions and pass at 70%,
so one answer decides a pass."""

import secrets

import pytest
import yaml

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.certificates.services import issue_for
from pkcourse.content.definitions import FINAL_SLUG
from pkcourse.courses.models import Module, Question, QuestionVersion
from pkcourse.courses.services import current_questions, get_course
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.grading import gradable
from pkcourse.quizzes.kinds import kind_of
from pkcourse.quizzes.models import Answer, QuizAttempt
from pkcourse.quizzes.services import submit_attempt
from pkcourse.regrading.models import CertificateReview, Regrade
from pkcourse.teaching import services as teaching
from tests.helpers import (
    TINY_COURSE_DIR,
    add_user,
    change_key,
    copy_course,
    csrf_from,
    login,
    post_form,
)
from tests.web.test_query_counts import counting_queries
from tests.web.test_teaching import csv_rows

pytestmark = pytest.mark.tiny_course

LESSON = "where-water-is"
QUESTION = "ww-most-water"


def take(app, user_id: int, module_slug: str, picks: dict | None = None, versions=None) -> int:
    """Submit an attempt as the quiz would: every question right except ``picks`` (question
    slug -> response). ``versions``: the question versions asked (default: the lesson's current
    ones; the final assessment's draw). Returns the attempt's id."""
    picks = picks or {}
    with app.app_context():
        course = get_course(app.config["COURSE_SLUG"])
        module = db.session.scalar(
            db.select(Module).where(Module.course_id == course.id, Module.slug == module_slug)
        )
        versions = versions(module) if versions else current_questions(module)
        responses = {
            str(v.id): picks.get(v.question.slug, kind_of(v.kind).right_response(gradable(v)))
            for v in versions
        }
        attempt = submit_attempt(
            user_id, module, versions, responses, secrets.token_urlsafe(16), course.pass_mark
        )
        if attempt.earns_certificate:
            issue_for(user_id, course.id, attempt.id, attempt.score_percent, attempt.submitted_at)
        db.session.commit()
        return attempt.id


def final_draw(app):
    """A final-assessment draw holding the re-keyed question and one question of the other
    lesson."""

    def versions(module):
        course = get_course(app.config["COURSE_SLUG"])
        lessons = [m for m in course.modules if not m.is_final]
        first = next(v for v in current_questions(lessons[0]) if v.question.slug == QUESTION)
        return [first, current_questions(lessons[1])[0]]

    return versions


@pytest.fixture
def school(app, tmp_path, runner):
    """A teacher's class: Ann chose "a" (wrong, then right: she newly passes), Ben chose "b"
    (right, then wrong: he newly fails), Dan failed the final on "a" and Eve passed it on "b"
    (with a certificate); Cat, outside the class, chose "a". Then the key is fixed and the
    course re-imported."""
    teacher = add_user(app, "tess@example.com", "Tess Teacher", "teacher")
    people = {
        name: add_user(app, f"{name.lower()}@example.com", f"{name} Learner")
        for name in ("Ann", "Ben", "Cat", "Dan", "Eve")
    }
    with app.app_context():
        classroom = teaching.create_class(teacher.id, "Water 1")
        for name in ("Ann", "Ben", "Dan", "Eve"):
            teaching.join(classroom, people[name].id)
        db.session.commit()
        class_id = classroom.id
    attempts = {
        "Ann": take(app, people["Ann"].id, LESSON, {QUESTION: ["a"]}),
        "Ben": take(app, people["Ben"].id, LESSON),
        "Cat": take(app, people["Cat"].id, LESSON, {QUESTION: ["a"]}),
    }
    for name, pick in (("Dan", "a"), ("Eve", "b")):
        attempts[name] = take(
            app, people[name].id, FINAL_SLUG, {QUESTION: [pick]}, versions=final_draw(app)
        )
    copy = copy_course(TINY_COURSE_DIR, tmp_path)
    change_key(copy, LESSON, QUESTION, "a")
    result = runner.invoke(args=["content", "import", str(copy)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id).where(Question.slug == QUESTION))
    return {
        "teacher": teacher,
        "people": people,
        "class_id": class_id,
        "attempts": attempts,
        "question_id": question_id,
        "url": f"/teach/classes/{class_id}/questions/{question_id}/regrade",
    }


def attempt_of(app, attempt_id: int) -> QuizAttempt:
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def flat(html: str) -> str:
    return " ".join(html.split())


def test_the_question_analysis_links_to_the_regrade_of_a_changed_question(client, app, school):
    login(client, "tess@example.com")
    page = flat(client.get(f"/teach/classes/{school['class_id']}/questions").text)
    assert "Changed since they were answered" in page
    # Ann, Ben, Dan and Eve answered the old version (Cat is not in Tess's classes)
    assert "(4 answers graded on an earlier version)" in page
    assert f'href="{school["url"]}"' in page


def test_the_preview_shows_who_gains_loses_passes_and_fails(client, app, school):
    login(client, "tess@example.com")
    response = client.get(school["url"])
    assert response.status_code == 200
    page = flat(response.text)
    assert "learners in the classes of Tess Teacher" in page
    assert "<dt>Answers regraded</dt><dd>4</dd>" in page
    assert "<dt>Attempts that change</dt><dd>4</dd>" in page
    assert "<dt>Points gained</dt><dd>2</dd>" in page
    assert "<dt>Points lost</dt><dd>2</dd>" in page
    assert "<dt>Newly pass</dt><dd>2</dd>" in page  # Ann, and Dan's final
    assert "<dt>Newly fail</dt><dd>2</dd>" in page
    assert "Ann Learner" in page and "Cat Learner" not in page
    assert "1 final assessment would no longer pass" in page
    assert "This question has not been regraded." in page
    # a preview changes nothing
    assert attempt_of(app, school["attempts"]["Ann"]).regraded_at is None


def test_applying_regrades_keeps_the_originals_and_writes_the_audit(client, app, school):
    login(client, "tess@example.com")
    response = post_form(client, school["url"], {})
    assert response.status_code == 302
    ann = attempt_of(app, school["attempts"]["Ann"])
    assert (ann.points, ann.is_passed, ann.score_percent) == (3.0, True, 100.0)
    assert (ann.original_points, ann.original_is_passed) == (2.0, False)
    assert ann.original_score_percent == pytest.approx(200 / 3)
    assert ann.regraded_at is not None
    ben = attempt_of(app, school["attempts"]["Ben"])
    assert (ben.points, ben.is_passed, ben.original_points, ben.original_is_passed) == (
        2.0,
        False,
        3.0,
        True,
    )
    cat = attempt_of(app, school["attempts"]["Cat"])
    assert cat.regraded_at is None and cat.points == 2.0  # not one of Tess's learners
    with app.app_context():
        question = db.session.scalar(db.select(Question).where(Question.slug == QUESTION))
        answer = db.session.scalar(
            db.select(Answer)
            .where(Answer.attempt_id == ann.id)
            .where(Answer.original_question_version_id.is_not(None))
        )
        assert answer.question_version.number == question.current_version == 2
        assert answer.original_question_version_id != answer.question_version_id
        assert (answer.points, answer.is_correct) == (1.0, True)
        assert (answer.original_points, answer.original_is_correct) == (0.0, False)
        assert [o.slug for o in answer.selected_options] == ["a"]
        assert answer.selected_options[0].question_version_id == answer.question_version_id
        (audit,) = db.session.scalars(db.select(Regrade)).all()
        assert audit.actor_id == school["teacher"].id and audit.question_id == question.id
        assert (audit.from_versions, audit.to_version) == ("1", 2)
        assert (audit.answers_regraded, audit.attempts_changed) == (4, 4)
        assert (audit.points_gained, audit.points_lost) == (2.0, 2.0)
        assert (audit.newly_passed, audit.newly_failed, audit.certificates_issued) == (2, 2, 1)
    page = flat(client.get(school["url"]).text)
    assert "Regraded: 4 attempt(s) changed, 1 certificate(s) issued." in page
    assert "Tess Teacher" in page and "1 → 2" in page and "+2 / \u22122" in page
    assert "Nothing to regrade" in page


def test_progress_follows_the_regrade(client, app, school):
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    with app.app_context():
        module_id = db.session.scalar(db.select(Module.id).where(Module.slug == LESSON))
        ann = db.session.get(ModuleProgress, (school["people"]["Ann"].id, module_id))
        ben = db.session.get(ModuleProgress, (school["people"]["Ben"].id, module_id))
        assert (ann.best_score_percent, ann.is_passed, ann.last_is_passed) == (100.0, True, True)
        assert ann.attempt_count == 1
        assert ben.best_score_percent == pytest.approx(200 / 3)
        assert (ben.is_passed, ben.last_is_passed) == (False, False)


def test_the_teachers_kept_reports_show_the_regraded_scores(client, app, school):
    """The gradebook, its CSV and the question analysis are kept per process until the class
    changes; a regrade changes scores without adding an attempt, and must be seen at once."""
    login(client, "tess@example.com")
    base = f"/teach/classes/{school['class_id']}"

    def ann_row():
        rows = csv_rows(client.get(f"{base}/gradebook.csv"))
        return next(row for row in rows if row[0] == "Ann Learner")

    before = ann_row()
    assert client.get(base).status_code == 200
    assert "Changed since they were answered" in client.get(f"{base}/questions").text
    post_form(client, school["url"], {})
    after = ann_row()
    assert after != before
    assert "100" in after
    assert "Changed since they were answered" not in client.get(f"{base}/questions").text


def test_certificates_newly_earned_are_issued_and_lost_ones_wait_for_an_admin(
    client, app, school, make_user
):
    people = school["people"]
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    with app.app_context():
        holders = {c.user_id: c for c in db.session.scalars(db.select(Certificate))}
        assert people["Dan"].id in holders  # newly passed the final: issued
        assert holders[people["Dan"].id].attempt_id == school["attempts"]["Dan"]
        assert people["Eve"].id in holders  # newly failed: kept until an admin decides
        eve_code = holders[people["Eve"].id].code
        eve_certificate = holders[people["Eve"].id].id

    # Tess is no admin.
    assert client.get("/admin/certificates/withdrawals").status_code == 403
    admin = make_user("ada@example.com", "Ada Admin", "admin")
    client.get("/auth/logout")
    admin_client = app.test_client()
    login(admin_client, admin.email)
    page = flat(admin_client.get("/admin/certificates/withdrawals").text)
    assert "Eve Learner" in page and "Dan Learner" not in page
    response = post_form(
        admin_client,
        f"/admin/certificates/{eve_certificate}/review",
        {"decision": "withdrawn"},
        form_url="/admin/certificates/withdrawals",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Certificate, eve_certificate) is None
        (review,) = db.session.scalars(db.select(CertificateReview)).all()
        assert (review.certificate_code, review.decision, review.decided_by_id) == (
            eve_code,
            "withdrawn",
            admin.id,
        )
    assert "No certificate is waiting" in admin_client.get("/admin/certificates/withdrawals").text


def test_an_admin_can_keep_a_certificate_instead(app, school, make_user):
    client = app.test_client()
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    admin = make_user("ada@example.com", "Ada Admin", "admin")
    admin_client = app.test_client()
    login(admin_client, admin.email)
    with app.app_context():
        eve = db.session.scalar(
            db.select(Certificate).where(Certificate.user_id == school["people"]["Eve"].id)
        )
    data = {"decision": "kept"}
    url = f"/admin/certificates/{eve.id}/review"
    form = "/admin/certificates/withdrawals"
    assert post_form(admin_client, url, data, form_url=form).status_code == 302
    with app.app_context():
        assert db.session.get(Certificate, eve.id) is not None
    assert "No certificate is waiting" in admin_client.get(form).text
    # decided once: a second decision on the same certificate finds nothing pending
    assert post_form(admin_client, url, {"decision": "withdrawn"}, form_url=form).status_code == 404


def test_the_attempt_pages_show_the_regrade_with_both_scores(client, app, school):
    people, attempts = school["people"], school["attempts"]
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    teacher_view = flat(
        client.get(
            f"/teach/classes/{school['class_id']}/learners/{people['Ann'].id}"
            f"/attempts/{attempts['Ann']}"
        ).text
    )
    assert "Regraded on " in teacher_view
    assert "was 66.7% (2 points, not passed), now 100% (3 points, passed)" in teacher_view
    learner = app.test_client()
    login(learner, "ann@example.com")
    result = flat(learner.get(f"/attempts/{attempts['Ann']}").text)
    assert "was 66.7% (2 points, not passed), now 100% (3 points, passed)" in result
    assert "<li>Question 1: 0 → 1 of 1 point</li>" in result
    cat = app.test_client()
    login(cat, "cat@example.com")
    assert "Regraded on" not in cat.get(f"/attempts/{attempts['Cat']}").text


def test_applying_again_changes_nothing(client, app, school):
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    before = attempt_of(app, school["attempts"]["Ann"])
    response = post_form(client, school["url"], {}, follow_redirects=True)
    assert "Nothing to regrade: every answer is already graded on this version." in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Regrade.id))) == 1
    after = attempt_of(app, school["attempts"]["Ann"])
    assert (after.points, after.regraded_at) == (before.points, before.regraded_at)


def test_another_teacher_gets_404_and_a_learner_403(app, school):
    other = add_user(app, "otto@example.com", "Otto Other", "teacher")
    with app.app_context():
        teaching.create_class(other.id, "Otto's class")
        db.session.commit()
    client = app.test_client()
    login(client, other.email)
    assert client.get(school["url"]).status_code == 404
    tess_page = app.test_client()
    login(tess_page, "tess@example.com")
    token = csrf_from(tess_page.get(school["url"]).text)
    assert client.post(school["url"], data={"csrf_token": token}).status_code in (400, 404)
    learner = app.test_client()
    login(learner, "ann@example.com")
    assert learner.get(school["url"]).status_code == 403
    assert attempt_of(app, school["attempts"]["Ann"]).regraded_at is None


def test_an_unknown_question_is_a_404(client, app, school):
    login(client, "tess@example.com")
    url = f"/teach/classes/{school['class_id']}/questions/999999/regrade"
    assert client.get(url).status_code == 404


def test_applying_needs_the_csrf_token(client, app, school):
    login(client, "tess@example.com")
    assert client.post(school["url"], data={}).status_code == 400
    assert attempt_of(app, school["attempts"]["Ann"]).regraded_at is None


def test_an_admin_regrades_every_learner(app, school, make_user):
    admin = make_user("ada@example.com", "Ada Admin", "admin")
    with app.app_context():
        classroom = teaching.create_class(admin.id, "Ada's class")
        db.session.commit()
        url = f"/teach/classes/{classroom.id}/questions/{school['question_id']}/regrade"
    client = app.test_client()
    login(client, admin.email)
    page = flat(client.get(url).text)
    assert "every learner" in page and "Cat Learner" in page
    assert "waiting for a decision" not in page
    post_form(client, url, {})
    assert attempt_of(app, school["attempts"]["Cat"]).points == 3.0
    page = flat(client.get(url).text)
    assert "1 certificate is waiting for a decision" in page  # Eve's


def test_the_preview_makes_as_many_queries_for_a_big_class_as_for_a_small_one(app, school, runner):
    client = app.test_client()
    login(client, "tess@example.com")

    def queries() -> int:
        with counting_queries(app) as statements:
            assert client.get(school["url"]).status_code == 200
        return len(statements)

    queries()  # the first request loads the course into the per-process cache
    small = queries()
    with app.app_context():
        old_version = db.session.scalar(
            db.select(Question).where(Question.slug == QUESTION)
        ).versions[0]
        old_version_id = old_version.id
    for n in range(12):
        user = add_user(app, f"many{n}@example.com", f"Many {n}")
        with app.app_context():
            classroom = teaching.class_for_teacher(school["class_id"], school["teacher"].id)
            teaching.join(classroom, user.id)
            db.session.commit()

        def on_the_old_version(module):
            rest = [v for v in current_questions(module) if v.question.slug != QUESTION]
            return [db.session.get(QuestionVersion, old_version_id), *rest]

        take(app, user.id, LESSON, {QUESTION: ["a" if n % 2 else "b"]}, on_the_old_version)
    assert queries() == small


def test_the_command_line_previews_with_dry_run_and_applies_for_everyone(app, school, runner):
    question_id = school["question_id"]
    result = runner.invoke(args=["content", "regrade", str(question_id), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Question {question_id} ({QUESTION}), now at version 2" in result.output
    assert "5 answer(s) by every learner graded on version 1; 5 attempt(s) change" in result.output
    assert "Cat Learner <cat@example.com>, Where Water Is, attempt 1: 2 -> 3 of 3 points" in (
        result.output
    )
    assert "(66.7% -> 100%), newly passes" in result.output
    assert "Dry run: nothing was changed." in result.output
    assert attempt_of(app, school["attempts"]["Cat"]).regraded_at is None

    result = runner.invoke(args=["content", "regrade", QUESTION])  # by its id in the quiz file
    assert result.exit_code == 0, result.output
    assert "Regraded (audit entry" in result.output
    assert attempt_of(app, school["attempts"]["Cat"]).points == 3.0
    with app.app_context():
        (audit,) = db.session.scalars(db.select(Regrade)).all()
        assert audit.actor_id is None and audit.scope == "every learner"
        assert audit.attempts_changed == 5

    again = runner.invoke(args=["content", "regrade", str(question_id)])
    assert again.exit_code == 0
    assert "no answer by every learner is graded on an older version" in again.output


@pytest.mark.parametrize("typed", ["999999", "no-such-question", "99999999999999999999"])
def test_the_command_line_names_an_unknown_question_in_one_line(runner, typed):
    result = runner.invoke(args=["content", "regrade", typed, "--dry-run"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"Error: No question has the id {typed!r}."]


def test_a_regraded_user_can_still_be_read(app, school):
    """The models read back after a regrade (relationships with two version keys)."""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 6


def test_the_withdrawals_page_makes_as_many_queries_for_many_certificates_as_for_one(
    app, make_user
):
    admin = make_user("ada@example.com", "Ada Admin", "admin")
    client = app.test_client()
    login(client, admin.email)

    def unsupported_certificate(n: int) -> None:
        """A certificate whose holder's only final assessment failed (as after a regrade)."""
        user = add_user(app, f"holder{n}@example.com", f"Holder {n}")
        attempt_id = take(app, user.id, FINAL_SLUG, {QUESTION: ["c"]}, versions=final_draw(app))
        with app.app_context():
            course = get_course(app.config["COURSE_SLUG"])
            attempt = db.session.get(QuizAttempt, attempt_id)
            issue_for(user.id, course.id, attempt.id, 50.0, attempt.submitted_at)
            db.session.commit()

    def queries() -> int:
        with counting_queries(app) as statements:
            page = client.get("/admin/certificates/withdrawals")
            assert page.status_code == 200
        return len(statements)

    unsupported_certificate(0)
    queries()
    one = queries()
    for n in range(1, 6):
        unsupported_certificate(n)
    assert queries() == one
    assert client.get("/admin/certificates/withdrawals").text.count('<th scope="row">Holder') == 6


def edit_question(course_dir, module_slug: str, question_slug: str, change) -> None:
    path = course_dir / "quizzes" / f"{module_slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(q for q in data["questions"] if q["id"] == question_slug))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_answer_naming_a_removed_option_keeps_its_grading(app, runner, tmp_path, make_user):
    cal = make_user("cal@example.com", "Cal Learner")
    attempt_id = take(app, cal.id, LESSON, {QUESTION: ["c"]})
    copy = copy_course(TINY_COURSE_DIR, tmp_path)

    def replace_option_c(question):
        question["options"] = [o for o in question["options"] if o["id"] != "c"] + [
            {"id": "d", "text": "In the ground, as ice", "feedback": "Only a small share."}
        ]

    edit_question(copy, LESSON, QUESTION, replace_option_c)
    assert runner.invoke(args=["content", "import", str(copy)]).exit_code == 0

    result = runner.invoke(args=["content", "regrade", QUESTION])
    assert result.exit_code == 0, result.output
    assert "the 1 answer(s) by every learner graded on an older version cannot be graded" in (
        result.output
    )
    with app.app_context():
        answer = db.session.scalar(
            db.select(Answer)
            .join(QuestionVersion, QuestionVersion.id == Answer.question_version_id)
            .where(Answer.attempt_id == attempt_id, QuestionVersion.number == 1)
        )
        assert answer is not None and answer.original_question_version_id is None
        assert db.session.scalar(db.select(db.func.count(Regrade.id))) == 0


def test_a_typed_answer_is_regraded_from_its_stored_response(app, runner, tmp_path, make_user):
    """Kinds without options regrade the response they stored (here: a short answer)."""
    kim = make_user("kim@example.com", "Kim Learner")
    attempt_id = take(app, kim.id, "how-water-moves", {"hm-carry-back": "streams"})
    assert attempt_of(app, attempt_id).is_passed is False
    copy = copy_course(TINY_COURSE_DIR, tmp_path)
    edit_question(
        copy, "how-water-moves", "hm-carry-back", lambda q: q["accepted"].append("streams")
    )
    assert runner.invoke(args=["content", "import", str(copy)]).exit_code == 0
    result = runner.invoke(args=["content", "regrade", "hm-carry-back"])
    assert result.exit_code == 0, result.output
    assert "newly passes" in result.output
    regraded = attempt_of(app, attempt_id)
    assert regraded.is_passed and regraded.original_is_passed is False


def test_the_learners_attempt_list_marks_a_regraded_attempt(client, app, school):
    login(client, "tess@example.com")
    post_form(client, school["url"], {})
    ann = school["people"]["Ann"]
    page = client.get(f"/teach/classes/{school['class_id']}/learners/{ann.id}").text
    assert 'Regraded<span class="visually-hidden">, originally 66.7%</span>' in page
