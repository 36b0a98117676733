"""Accounts people can recover, correct and take away: password reset by e-mail (through a real
local SMTP server) and by a teacher's link or the command line, the profile, the learner's data,
and deleting the account."""

import csv
import io
import json
import re
from html import unescape

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from pkcourse.teaching.models import Membership
from tests.helpers import (
    PASSWORD,
    answer_key,
    csrf_from,
    login,
    pass_every_module,
    post_form,
    submit_quiz,
)
from tests.web.test_certificates import certificates, take_final

NEW_PASSWORD = "a brand new passphrase"
FIRST = "role-in-diplomacy"


def reset_link(message) -> str:
    body = message.get_content()
    return re.search(r"http://localhost(/account/reset/\S+)", body)[1]


def user_row(app, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


def test_reset_by_email_sends_one_single_use_link_that_ends_other_sessions(
    mail_app, mailbox, client, make_user
):
    user = make_user()
    other_device = mail_app.test_client()
    login(other_device, user.email)
    assert other_device.get("/progress").status_code == 200

    response = post_form(client, "/account/forgot-password", {"email": "Learner@Example.com "})
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == user.email and message["Subject"] == "Choose a new password"
    link = reset_link(message)

    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.text
    done = client.post(
        link,
        data={
            "csrf_token": csrf_from(page.text),
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    assert client.get("/progress").status_code == 200  # logged in with the new password
    # the session on the other device ended with the reset
    assert other_device.get("/progress").status_code == 302
    # the link works once
    assert client.get(link).status_code == 400
    client.post("/auth/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    assert login(client, user.email, PASSWORD).status_code == 400
    assert login(client, user.email, NEW_PASSWORD).status_code == 302


def test_the_forgot_page_answers_the_same_whether_or_not_the_address_has_an_account(
    mail_app, mailbox, client, make_user
):
    make_user()
    known = post_form(client, "/account/forgot-password", {"email": "learner@example.com"})
    unknown = post_form(client, "/account/forgot-password", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    first = client.get(known.headers["Location"]).text
    assert "If an account uses that address" in first
    assert len(mailbox.messages) == 1  # only the real account got a message


def test_without_mail_the_forgot_page_points_to_the_teacher(client):
    page = client.get("/account/forgot-password")
    assert page.status_code == 200
    assert "Ask your teacher for a password reset link" in page.text
    assert "Send me a link" not in page.text


def test_expired_forged_and_used_links_are_refused(mail_app, mailbox, client, make_user):
    make_user()
    post_form(client, "/account/forgot-password", {"email": "learner@example.com"})
    link = reset_link(mailbox.messages[0])
    assert client.get(link[:-4] + "abcd").status_code == 400
    mail_app.config["PASSWORD_RESET_EMAIL_MAX_AGE"] = -1
    expired = client.get(link)
    assert expired.status_code == 400 and "does not work" in expired.text


def test_a_new_password_from_a_reset_link_follows_the_password_rules(
    mail_app, mailbox, client, make_user
):
    make_user()
    post_form(client, "/account/forgot-password", {"email": "learner@example.com"})
    link = reset_link(mailbox.messages[0])
    page = client.get(link)
    short = client.post(
        link, data={"csrf_token": csrf_from(page.text), "new_password": "short", "confirm": "short"}
    )
    assert short.status_code == 400


def teacher_with_class(client, make_user, learner_email="learner@example.com"):
    """A teacher (logged in on ``client``) with a class the learner joined; the class id."""
    from pkcourse.teaching.models import Classroom

    teacher = make_user(email="teacher@example.com", name="Ms T", role="teacher")
    login(client, teacher.email)
    post_form(client, "/teach", {"name": "Class A"})
    with client.application.app_context():
        classroom = db.session.scalar(db.select(Classroom))
        learner = db.session.scalar(db.select(User).where(User.email == learner_email))
        db.session.add(Membership(classroom_id=classroom.id, user_id=learner.id))
        db.session.commit()
        return classroom.id, learner.id


def test_a_teacher_issues_a_reset_link_for_a_learner_in_their_class(app, client, make_user):
    make_user()
    class_id, learner_id = teacher_with_class(client, make_user)
    learner_page = f"/teach/classes/{class_id}/learners/{learner_id}"
    issued = post_form(
        client, f"/account/reset-links/{class_id}/{learner_id}", {}, form_url=learner_page
    )
    assert issued.status_code == 200
    link = re.search(r'value="http://localhost(/account/reset/[^"]+)"', issued.text)[1]

    # another teacher cannot make one for this learner
    other = app.test_client()
    make_user(email="other@example.com", role="teacher")
    login(other, "other@example.com")
    refused = other.post(
        f"/account/reset-links/{class_id}/{learner_id}",
        data={"csrf_token": csrf_from(other.get("/teach").text)},
    )
    assert refused.status_code == 404

    learner = app.test_client()
    page = learner.get(unescape(link))
    done = learner.post(
        unescape(link),
        data={
            "csrf_token": csrf_from(page.text),
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    assert login(app.test_client(), "learner@example.com", NEW_PASSWORD).status_code == 302


def test_learners_cannot_issue_reset_links(app, client, learner):
    response = client.post(
        "/account/reset-links/1/1", data={"csrf_token": csrf_from(client.get("/").text)}
    )
    assert response.status_code == 403


def test_the_command_line_prints_a_reset_link(app, runner, make_user):
    make_user()
    result = runner.invoke(args=["users", "reset-password", "learner@example.com"])
    assert result.exit_code == 0, result.output
    path = re.search(r"(/account/reset/\S+)", result.output)[1]
    page = app.test_client().get(path)
    assert page.status_code == 200 and "learner@example.com" in page.text
    missing = runner.invoke(args=["users", "reset-password", "nobody@example.com"])
    assert missing.exit_code != 0 and "no account" in missing.output


def test_the_profile_changes_the_name_and_the_email_with_the_password(app, client, learner):
    assert client.get("/account").status_code == 200
    renamed = post_form(
        client, "/account/name", {"display_name": "Lea M. Learner"}, form_url="/account"
    )
    assert renamed.status_code == 302
    assert "Lea M. Learner" in client.get("/").text

    wrong = post_form(
        client,
        "/account/email",
        {"email": "new@example.com", "password": "wrong password"},
        form_url="/account",
    )
    assert wrong.status_code == 400 and "That is not your password." in wrong.text
    assert user_row(app, "learner@example.com") is not None
    moved = post_form(
        client,
        "/account/email",
        {"email": "New@Example.com", "password": PASSWORD},
        form_url="/account",
    )
    assert moved.status_code == 302
    assert user_row(app, "new@example.com").display_name == "Lea M. Learner"


def test_the_profile_page_with_two_forms_repeats_no_id(client, learner):
    ids = re.findall(r'\bid="([^"]+)"', client.get("/account").text)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_email_cannot_take_another_accounts_address(app, client, make_user, learner):
    make_user(email="taken@example.com")
    response = post_form(
        client,
        "/account/email",
        {"email": "taken@example.com", "password": PASSWORD},
        form_url="/account",
    )
    assert (
        response.status_code == 400 and "Another account already uses this email" in response.text
    )


def test_your_data_holds_every_attempt_answer_and_progress(app, client, learner):
    submit_quiz(client, FIRST, answer_key(app, FIRST))
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.text)
    assert data["account"]["email"] == "learner@example.com"
    assert len(data["attempts"]) == 1 and len(data["attempts"][0]["answers"]) == 8
    assert data["attempts"][0]["score_percent"] == 100.0
    assert data["progress"][0]["passed"] is True
    assert data["attempts"][0]["submitted_at"].endswith("+00:00")  # UTC

    table = client.get("/account/data.csv")
    assert table.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(table.text.lstrip("\ufeff"))))
    assert rows[0][0] == "record"
    kinds = [row[0] for row in rows[1:]]
    assert kinds.count("answer") == 8 and kinds.count("attempt") == 1 and "progress" in kinds


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_deleting_the_account_removes_everything_and_needs_the_password(app, client, make_user):
    make_user()
    class_id, learner_id = teacher_with_class(client, make_user)
    learner = app.test_client()
    login(learner, "learner@example.com")
    pass_every_module(learner, app)
    take_final(learner, app)
    code = certificates(app)[0].code
    assert learner.get(f"/certificates/{code}").status_code == 200
    assert "Lea Learner" in client.get(f"/teach/classes/{class_id}").text

    wrong = post_form(learner, "/account/delete", {"password": "not my password"})
    assert wrong.status_code == 400 and count(app, QuizAttempt) == 9

    gone = post_form(learner, "/account/delete", {"password": PASSWORD})
    assert gone.status_code == 302
    assert user_row(app, "learner@example.com") is None
    for model in (QuizAttempt, Answer, ModuleProgress, Membership, Certificate):
        assert count(app, model) == 0, model
    assert learner.get("/progress").status_code == 302  # logged out
    assert learner.get(f"/certificates/{code}").status_code == 404  # no longer verifies
    assert "Lea Learner" not in client.get(f"/teach/classes/{class_id}").text
    assert client.get(f"/teach/classes/{class_id}/learners/{learner_id}").status_code == 404


def test_a_teacher_with_classes_cannot_delete_their_account(app, client, make_user):
    make_user()
    teacher_with_class(client, make_user)
    response = post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 400 and "hand them over" in response.text
    assert user_row(app, "teacher@example.com") is not None


def test_no_reset_email_carries_a_link_to_a_forged_host(mail_app, mailbox, client, make_user):
    make_user()
    page = client.get("/account/forgot-password", headers={"Host": "evil.example"})
    response = client.post(
        "/account/forgot-password",
        data={"csrf_token": csrf_from(page.text), "email": "learner@example.com"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 302  # the same answer as always
    assert mailbox.messages == []
    # with the site's name configured, the link names it, whatever the request said
    mail_app.config["SERVER_NAME"] = "learn.example.org"
    site = "http://learn.example.org"
    page = client.get("/account/forgot-password", base_url=site)
    client.post(
        "/account/forgot-password",
        data={"csrf_token": csrf_from(page.text), "email": "learner@example.com"},
        base_url=site,
    )
    assert "http://learn.example.org/account/reset/" in mailbox.messages[0].get_content()
