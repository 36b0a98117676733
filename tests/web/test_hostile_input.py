"""Malformed input gets a 4xx before it reaches the database, on SQLite and PostgreSQL alike:
NUL bytes and invalid UTF-8 anywhere in a request, ids beyond an id column, bad Host headers."""

import pytest

from pkcourse.auth.models import User
from pkcourse.extensions import db
from pkcourse.teaching.models import Classroom
from tests.helpers import login, make_app, post_form, registration


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def teacher(client, make_user):
    user = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    assert login(client, user.email).status_code == 302
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/modules/role-in-diplomacy%00",
        "/modules/role-in-diplomacy%00/quiz",
        "/certificates/abc%00def",
        "/join/ABCD%00EFGH",
        "/?next=%00",
        "/auth/login?next=%C0%AF",
    ],
)
def test_nul_bytes_and_invalid_utf8_in_a_url_are_a_400(client, learner, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "cannot be read" in response.text


def test_invalid_utf8_in_the_path_is_a_400(client):
    # What a server hands over for /modules/%FF%FE (the test client would re-encode it).
    response = client.get("/", environ_overrides={"PATH_INFO": "/modules/\xff\xfe"})
    assert response.status_code == 400


def test_nul_in_a_header_is_a_400(client):
    assert client.get("/", headers={"X-Anything": "a\x00b"}).status_code == 400
    assert client.get("/", headers={"User-Agent": "caf\xe9"}).status_code == 400  # latin-1


def test_nul_in_the_login_email_is_a_400(client, make_user):
    make_user()
    response = post_form(
        client, "/auth/login", {"email": "learner@example.com\x00", "password": "whatever1"}
    )
    assert response.status_code == 400


def test_nul_in_a_display_name_at_registration_is_refused_and_nothing_stored(app, client):
    assert post_form(client, "/auth/register", registration("Lea\x00Learner")).status_code == 400
    assert count(app, User) == 0


def test_invalid_utf8_in_a_form_field_is_refused(app, client):
    page = client.get("/auth/register")
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    body = f"csrf_token={token}&email=x%40example.com&display_name=%FF%FE&password=a+fine+long+pw"
    response = client.post(
        "/auth/register", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert count(app, User) == 0


def test_nul_in_a_class_name_is_refused_and_no_class_made(app, client, teacher):
    assert post_form(client, "/teach", {"name": "Year\x0011"}).status_code == 400
    assert count(app, Classroom) == 0


@pytest.mark.parametrize("attempt_id", ["2147483648", "9223372036854775808", "9" * 40])
def test_ids_beyond_the_id_column_are_404_not_an_overflow(client, learner, attempt_id):
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/practice").status_code == 404


def test_a_class_id_beyond_the_id_column_is_404(client, teacher):
    for class_id in ("2147483648", "9223372036854775808"):
        assert client.get(f"/teach/classes/{class_id}/gradebook.csv").status_code == 404
        assert client.get(f"/teach/classes/{class_id}").status_code == 404


def test_a_session_naming_a_huge_user_id_is_just_anonymous(client):
    with client.session_transaction() as session:
        session["_user_id"] = "99999999999999999:token"
    response = client.get("/progress")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "host",
    ["a" * 64, "a" * 64 + ".example.org", "exa mple.org", "example.org:port", "-bad.org", "[zz]"],
)
def test_a_malformed_host_is_a_400(client, host):
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "host name" in response.text


def test_only_trusted_hosts_are_served_when_they_are_configured(course_db, new_database):
    app = make_app(new_database(course_db), TRUSTED_HOSTS=["learn.example.org"])
    client = app.test_client()
    assert client.get("/", headers={"Host": "learn.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    with app.app_context():
        db.engine.dispose()


def test_trusted_hosts_may_be_given_as_plain_comma_separated_names(course_db, new_database):
    app = make_app(new_database(course_db), TRUSTED_HOSTS="learn.example.org, 127.0.0.1")
    assert app.config["TRUSTED_HOSTS"] == ["learn.example.org", "127.0.0.1"]
    assert app.test_client().get("/", headers={"Host": "learn"}).status_code == 400
    with app.app_context():
        db.engine.dispose()


def test_a_foreign_cookie_with_odd_bytes_does_not_lock_anyone_out(client, learner):
    client.set_cookie("other_app", "caf\xe9\x00")
    assert client.get("/progress").status_code == 200
