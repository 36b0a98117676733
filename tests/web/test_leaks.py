"""Nothing leaks: who has an account, weak passwords, a reflected Host, look-alike names, cached
private pages, and a password page that locks out its owner for a typo."""

import statistics
import time

import pytest

from pkcourse.auth.models import User
from pkcourse.certificates.models import Certificate
from pkcourse.courses.models import Module
from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from pkcourse.teaching.models import Classroom
from tests.helpers import PASSWORD, add_user, login, make_app, post_form, registration

# A real scrypt, lighter than production's so the test stays quick; the point is that an unknown
# email costs the same hash as a known one.
SCRYPT = "scrypt:16384:8:1"
WEAK = ["1234567890", "password12", "qwertyuiop", " " * 10, "Password2024!", "aaaaaaaaaaaa"]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_login_takes_as_long_for_an_unknown_email_as_for_a_known_one(course_db, new_database):
    app = make_app(new_database(course_db), PASSWORD_HASH_METHOD=SCRYPT)
    add_user(app, "known@example.com", hash_method=SCRYPT)
    client = app.test_client()
    token = client.get("/auth/login").text.split('name="csrf_token" type="hidden" value="')[1]
    token = token.split('"')[0]

    def timed(email: str) -> float:
        start = time.perf_counter()
        response = client.post(
            "/auth/login", data={"csrf_token": token, "email": email, "password": "wrong guess!"}
        )
        assert response.status_code == 400
        return time.perf_counter() - start

    known, unknown = [], []
    for _ in range(9):  # interleaved, so a busy machine slows both alike
        known.append(timed("known@example.com"))
        unknown.append(timed("nobody@example.com"))
    # Generous: before the fix the unknown email took about a fifteenth of the time.
    assert statistics.median(unknown) > 0.5 * statistics.median(known)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("password", WEAK)
def test_registration_refuses_common_and_weak_passwords(app, client, password):
    response = post_form(client, "/auth/register", registration(password=password))
    assert response.status_code == 400
    assert "most commonly used" in response.text or "different characters" in response.text
    assert count(app, User) == 0


def test_the_email_is_not_a_password(app, client):
    data = registration(password="marianne.dupont", email="marianne.dupont@example.com")
    response = post_form(client, "/auth/register", data)
    assert response.status_code == 400
    assert "email address" in response.text


@pytest.mark.parametrize("password", ["a", "1234567890", "password12"])
def test_users_create_applies_the_same_password_rules(app, runner, password):
    result = runner.invoke(args=["users", "create", "t@example.com", "--password", password])
    assert result.exit_code == 1
    assert "That password cannot be used" in result.output
    assert count(app, User) == 0


def test_the_password_page_refuses_a_common_new_password(client, learner):
    data = {"current_password": PASSWORD, "new_password": "qwertyuiop", "confirm": "qwertyuiop"}
    response = post_form(client, "/auth/password", data)
    assert response.status_code == 400
    assert "most commonly used" in response.text


def test_typos_in_the_new_password_never_block_a_correct_change(course_db, new_database):
    app = make_app(new_database(course_db), RATELIMIT_ENABLED=True)
    add_user(app, "lea@example.com")
    client = app.test_client()
    assert login(client, "lea@example.com").status_code == 302
    new = "a brand new passphrase"
    for _ in range(7):  # more than the 5 wrong passwords allowed per 15 minutes
        typo = {"current_password": PASSWORD, "new_password": new, "confirm": new + "x"}
        assert post_form(client, "/auth/password", typo).status_code == 400
    right = {"current_password": PASSWORD, "new_password": new, "confirm": new}
    assert post_form(client, "/auth/password", right).status_code == 302
    for _ in range(5):
        wrong = {"current_password": "not my password", "new_password": new, "confirm": new}
        assert post_form(client, "/auth/password", wrong).status_code == 400
    assert post_form(client, "/auth/password", wrong).status_code == 429
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def teacher(client, make_user):
    user = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    assert login(client, user.email).status_code == 302
    return user


def make_class(client) -> int:
    response = post_form(client, "/teach", {"name": "Year 11 History"})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def make_certificate(app, user_id: int) -> str:
    with app.app_context():
        module = db.session.scalars(db.select(Module)).first()
        attempt = QuizAttempt(
            user_id=user_id,
            module_id=module.id,
            number=1,
            submission_token="t" * 32,
            points=1,
            max_points=1,
            score_percent=100,
            pass_mark=80,
            is_passed=True,
        )
        certificate = Certificate(
            user_id=user_id,
            course_id=module.course_id,
            attempt=attempt,
            learner_name="Lea Learner",
            course_title="The course",
            score_percent=100,
        )
        db.session.add_all([attempt, certificate])
        db.session.commit()
        return certificate.code


def test_a_forged_host_never_reaches_the_join_link_or_certificate(app, client, teacher):
    class_id = make_class(client)
    code = make_certificate(app, teacher.id)
    forged = {"Host": "evil.example"}
    session_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    client.set_cookie(session_cookie.key, session_cookie.value, domain="evil.example")
    gradebook = client.get(f"/teach/classes/{class_id}/invite", headers=forged)
    assert gradebook.status_code == 200
    assert "evil.example" not in gradebook.text
    assert 'value="/join/' in gradebook.text
    for url in ("/certificate", f"/certificates/{code}"):
        page = client.get(url, headers=forged)
        assert page.status_code == 200
        assert "evil.example" not in page.text
        shown = "-".join((code[:4], code[4:8], code[8:]))  # codes are printed in groups
        assert f'href="/certificates/{shown}"' in page.text


def test_absolute_links_use_the_configured_server_name(course_db, new_database, make_user):
    app = make_app(new_database(course_db), SERVER_NAME="learn.example.org")
    add_user(app, "t@example.com", role="teacher")
    client = app.test_client()
    forged = {"Host": "evil.example"}
    page = client.get("/auth/login", headers=forged)
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": token, "email": "t@example.com", "password": PASSWORD}
    assert client.post("/auth/login", data=data, headers=forged).status_code == 302
    class_id = make_class_at(client, forged)
    gradebook = client.get(f"/teach/classes/{class_id}/invite", headers=forged).text
    assert 'value="http://learn.example.org/join/' in gradebook
    assert "evil.example" not in gradebook
    with app.app_context():
        db.engine.dispose()


def make_class_at(client, headers) -> int:
    page = client.get("/teach", headers=headers).text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/teach", data={"csrf_token": token, "name": "Year 9"}, headers=headers)
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.mark.parametrize(
    "name",
    [
        "Lea\u202eenraeL",  # right-to-left override
        "Le\u200ba",  # zero-width space
        "Lea\u2066x\u2069",  # bidi isolate
        "\ufeffLea",  # byte order mark
        "Lea\u0007",  # control character
    ],
)
def test_names_with_invisible_or_direction_characters_are_refused(app, client, name):
    response = post_form(client, "/auth/register", registration(name))
    assert response.status_code == 400
    assert "not allowed in names" in response.text
    assert count(app, User) == 0


def test_names_are_stored_in_nfc_with_spaces_collapsed(app, client):
    data = registration("  Le\u0301a   Learner ")
    assert post_form(client, "/auth/register", data).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(User.display_name)) == "L\u00e9a Learner"


def test_class_names_follow_the_same_rule(app, client, teacher):
    response = post_form(client, "/teach", {"name": "Year 11\u202e"})
    assert response.status_code == 400
    assert "not allowed in names" in response.text
    assert count(app, Classroom) == 0
    assert post_form(client, "/teach", {"name": "Ann\u00e9e  1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Classroom.name)) == "Ann\u00e9e 1"


def test_private_pages_and_every_csv_are_never_cached(app, client, teacher):
    class_id = make_class(client)
    for url in ("/", "/progress", f"/teach/classes/{class_id}", "/no-such-page"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    csv = client.get(f"/teach/classes/{class_id}/gradebook.csv")
    assert csv.status_code == 200
    assert csv.headers["Cache-Control"] == "no-store"


def test_public_pages_for_visitors_are_not_marked_private(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")
