"""Changing the password ends every other session, keeps this one, and needs the current one."""

import pytest

from pkcourse.auth.models import User
from pkcourse.extensions import db
from tests.helpers import PASSWORD, login, make_app, post_form

NEW_PASSWORD = "a much better passphrase"


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    data = {"current_password": current, "new_password": new, "confirm": confirm or new}
    return post_form(client, "/auth/password", data)


def stored(app, user_id: int) -> tuple[str, str]:
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.password_hash, user.session_token


def test_password_change_ends_other_sessions_and_keeps_this_one(app, make_user):
    user = make_user()
    this_browser, other_device = app.test_client(), app.test_client()
    post_form(
        this_browser, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    post_form(
        other_device, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    copied_session = this_browser.get_cookie("session").value
    copied_remember = this_browser.get_cookie("remember_token").value
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:32768:8:1"

    response = change_password(this_browser)
    assert response.status_code == 302
    assert "Your password has been changed" in this_browser.get("/").text

    # This browser stays logged in, and its remember-me cookie was renewed with the new token.
    assert this_browser.get("/progress").status_code == 200
    renewed = this_browser.get_cookie("remember_token").value
    assert renewed != copied_remember
    only_renewed = app.test_client()
    only_renewed.set_cookie("remember_token", renewed)
    assert only_renewed.get("/progress").status_code == 200

    # Everything from before the change is dead: the other device, copied cookies of this one.
    assert other_device.get("/progress").status_code == 302
    for name, value in (("session", copied_session), ("remember_token", copied_remember)):
        replay = app.test_client()
        replay.set_cookie(name, value)
        assert replay.get("/progress").status_code == 302, name

    password_hash, _ = stored(app, user.id)
    assert password_hash.startswith("scrypt:32768:8:1$")  # the configured KDF
    assert login(app.test_client(), user.email, PASSWORD).status_code == 400
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


def test_a_session_without_remember_me_gets_no_remember_cookie(client, learner):
    assert change_password(client).status_code == 302
    assert client.get_cookie("remember_token") is None
    assert client.get("/progress").status_code == 200


def test_wrong_current_password_changes_nothing(client, app, learner):
    before = stored(app, learner.id)
    response = change_password(client, current="not my password")
    assert response.status_code == 400
    assert "That is not your current password." in response.text
    assert 'aria-invalid="true"' in response.text
    assert stored(app, learner.id) == before
    assert client.get("/progress").status_code == 200


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "Use at least 10 characters."),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match."),
    ],
)
def test_new_password_follows_the_registration_rules(client, app, learner, new, confirm, message):
    before = stored(app, learner.id)
    response = change_password(client, new=new, confirm=confirm)
    assert response.status_code == 400
    assert message in response.text
    assert stored(app, learner.id) == before


def test_password_change_needs_login_and_a_csrf_token(client, app, make_user):
    assert client.get("/auth/password").headers["Location"].startswith("/auth/login")
    user = make_user()
    login(client, user.email)
    before = stored(app, user.id)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/auth/password", data=data).status_code == 400
    assert stored(app, user.id) == before


def test_navigation_links_to_the_account_page_only_when_logged_in(client, learner, app):
    assert 'href="/account"' in client.get("/").text
    assert 'href="/auth/password"' in client.get("/account").text
    assert 'href="/account"' not in app.test_client().get("/").text


def test_wrong_current_passwords_are_throttled_per_account(app, make_user):
    limited = make_app(
        app.config["DATABASE_URL"],
        RATELIMIT_ENABLED=True,
        PASSWORD_FAILURE_LIMIT_PER_ACCOUNT="2 per 15 minutes",
    )
    user = make_user()
    client = limited.test_client()
    login(client, user.email)
    for _ in range(2):
        assert change_password(client, current="a wrong guess").status_code == 400
    response = change_password(client)
    assert response.status_code == 429
    assert "current password was entered wrongly too many times" in response.text
    with limited.app_context():
        db.engine.dispose()
