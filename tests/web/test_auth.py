import pytest

from pkcourse.auth.models import User
from pkcourse.extensions import db
from tests.helpers import PASSWORD, login, post_form


def register(client, **fields):
    data = {
        "email": "ann@example.com",
        "display_name": "Ann",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(fields)
    return post_form(client, "/auth/register", data)


def test_registration_stores_a_modern_hash_and_logs_in(client, app):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:32768:8:1"
    assert register(client).status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert PASSWORD not in user.password_hash
        assert user.role == "learner"
    assert "Signed in as" in client.get("/").text


def test_duplicate_email_is_a_form_error_not_a_crash(client, app):
    register(client)
    post_form(client, "/auth/logout", {}, form_url="/")
    response = register(client, email="ANN@example.com ")
    assert response.status_code == 400
    assert "already exists" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else entirely"}, "The passwords do not match."),
        ({"display_name": "   "}, "Enter the name you want to be shown."),
    ],
)
def test_registration_errors_are_shown_next_to_their_field(client, app, fields, message):
    response = register(client, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    user = make_user()
    wrong = login(client, user.email, "not the password")
    unknown = login(client, "nobody@example.com")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "do not match an account" in response.text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "////evil.example"]
)
def test_login_never_redirects_off_site(client, make_user, target):
    user = make_user()
    response = login(client, user.email, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logout_is_post_only(client, learner):
    assert client.get("/auth/logout").status_code == 405
    assert "Signed in as" in client.get("/").text


def test_a_copied_session_cookie_is_useless_after_logout(client, app, learner):
    cookie = client.get_cookie("session").value
    post_form(client, "/auth/logout", {}, form_url="/")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/progress").status_code == 302


def test_deactivated_user_is_logged_out_and_cannot_log_in(client, app, learner):
    with app.app_context():
        user = db.session.get(User, learner.id)
        user.is_active = False
        db.session.commit()
    assert client.get("/progress").status_code == 302
    assert login(client, learner.email).status_code == 400


def test_legacy_password_hash_is_a_failed_login_not_a_500(client, app, make_user):
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).password_hash = "sha256$abc$0123456789abcdef"
        db.session.commit()
    assert login(client, user.email).status_code == 400


def test_forged_session_ids_are_anonymous_not_errors(client, app):
    for forged in ("abc", "1", "1:wrong-token", "99999999999999999999:x"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/progress").status_code == 302


def test_outdated_hash_is_upgraded_at_login(client, app, make_user):
    user = make_user()  # stored with the cheap test method
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:32768:8:1"
    assert login(client, user.email).status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).password_hash.startswith("scrypt:")


def test_remember_me_cookie_lasts_two_weeks_and_dies_with_logout(client, app, make_user):
    from datetime import UTC, datetime, timedelta

    user = make_user()
    post_form(client, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    assert cookie.expires - datetime.now(UTC) <= timedelta(days=14, minutes=1)

    post_form(client, "/auth/logout", {}, form_url="/")
    replay = app.test_client()
    replay.set_cookie("remember_token", cookie.value)
    assert replay.get("/progress").status_code == 302


def test_session_cookie_is_httponly_samesite_lax_and_secure(client, make_user):
    user = make_user()
    response = login(client, user.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_session_is_renewed_at_login(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
