"""`flask users …`: create accounts, change roles, deactivate and reactivate."""

import pytest

from pkcourse.auth.models import User
from pkcourse.extensions import db
from tests.helpers import PASSWORD, login, post_form


def account(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_create_makes_an_account_with_the_given_role(runner, app):
    result = runner.invoke(
        args=["users", "create", "Rivera@School.example", "--role", "teacher", "--name", "Ms R"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created teacher rivera@school.example." in result.output
    assert account(app, "rivera@school.example").role == "teacher"
    again = runner.invoke(args=["users", "create", "rivera@school.example", "--password", PASSWORD])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_set_role_changes_the_role(runner, app, make_user):
    user = make_user()
    result = runner.invoke(args=["users", "set-role", user.email.upper(), "teacher"])
    assert result.exit_code == 0, result.output
    assert f"{user.email} is now a teacher (was a learner)." in result.output
    assert account(app, user.email).role == "teacher"

    same = runner.invoke(args=["users", "set-role", user.email, "teacher"])
    assert same.exit_code == 0
    assert "already a teacher" in same.output


def test_set_role_rejects_an_unknown_role(runner, app, make_user):
    user = make_user()
    result = runner.invoke(args=["users", "set-role", user.email, "principal"])
    assert result.exit_code == 2
    assert "'principal' is not one of 'learner', 'teacher', 'admin'" in result.output
    assert account(app, user.email).role == "learner"


@pytest.mark.parametrize(
    "args",
    [
        ["set-role", "nobody@example.com", "admin"],
        ["deactivate", "nobody@example.com"],
        ["activate", "nobody@example.com"],
    ],
)
def test_unknown_email_is_a_clear_error(runner, args):
    result = runner.invoke(args=["users", *args])
    assert result.exit_code == 1
    assert "There is no account with the email nobody@example.com." in result.output


def test_deactivation_ends_sessions_and_remember_me_and_refuses_login(runner, app, make_user):
    user = make_user()
    browser = app.test_client()
    post_form(browser, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = {name: browser.get_cookie(name).value for name in ("session", "remember_token")}
    assert browser.get("/progress").status_code == 200

    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0, result.output
    assert f"Deactivated {user.email}" in result.output
    assert account(app, user.email).is_active is False

    assert browser.get("/progress").status_code == 302
    for name, value in cookies.items():
        replay = app.test_client()
        replay.set_cookie(name, value)
        assert replay.get("/progress").status_code == 302, name
    refused = login(app.test_client(), user.email)
    assert refused.status_code == 400
    assert "This account has been deactivated" in refused.text
    wrong_password = login(app.test_client(), user.email, "not the password")
    assert "deactivated" not in wrong_password.text  # only the owner learns why

    result = runner.invoke(args=["users", "activate", user.email])
    assert result.exit_code == 0, result.output
    assert f"Activated {user.email}" in result.output
    for name, value in cookies.items():  # reactivation does not revive old cookies
        replay = app.test_client()
        replay.set_cookie(name, value)
        assert replay.get("/progress").status_code == 302, name
    assert login(app.test_client(), user.email).status_code == 302


def test_deactivate_and_activate_are_idempotent(runner, make_user):
    user = make_user()
    assert runner.invoke(args=["users", "activate", user.email]).output.startswith(
        f"{user.email} is already active"
    )
    runner.invoke(args=["users", "deactivate", user.email])
    again = runner.invoke(args=["users", "deactivate", user.email])
    assert again.exit_code == 0
    assert "already deactivated" in again.output


def test_a_piped_password_is_read_once_without_echo_warnings(runner, app):
    result = runner.invoke(args=["users", "create", "piped@school.example"], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert result.output == "Created learner piped@school.example.\n"
    assert login(app.test_client(), "piped@school.example").status_code == 302
