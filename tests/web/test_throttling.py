"""Login and registration throttling: a pause that ends by itself, shared across app instances
through Redis. The rest of the suite runs with the limiter off (see ``make_app``)."""

import os
import secrets
import time

import pytest
import redis

from pkcourse.extensions import db
from tests.helpers import PASSWORD, login, make_app, post_form

# A Redis the tests may write to (under a unique key prefix, deleted afterwards). When the variable
# is set (CI), Redis is required; otherwise the local default is used if it answers.
REDIS_URL_FROM_ENV = os.environ.get("PKCOURSE_TEST_REDIS_URL")
REDIS_URL = REDIS_URL_FROM_ENV or "redis://127.0.0.1:6379/0"


@pytest.fixture
def limited_app(app):
    """Factory for more app instances on the test's database with throttling switched on."""
    apps = []

    def _make(**overrides):
        overrides.setdefault("RATELIMIT_KEY_PREFIX", f"pkcourse-test-{secrets.token_hex(6)}")
        instance = make_app(app.config["DATABASE_URL"], RATELIMIT_ENABLED=True, **overrides)
        apps.append(instance)
        return instance

    yield _make
    for instance in apps:
        with instance.app_context():
            db.engine.dispose()


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the shared Redis; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        if REDIS_URL_FROM_ENV:
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); set PKCOURSE_TEST_REDIS_URL to require it")
    prefix = f"pkcourse-test-{secrets.token_hex(6)}"
    yield prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    assert not list(client.scan_iter(match=f"*{prefix}*"))
    client.close()


def fail_login(client, email: str, **kwargs):
    return post_form(client, "/auth/login", {"email": email, "password": "not it"}, **kwargs)


def test_failed_logins_pause_the_account_with_a_clear_page_and_retry_after(limited_app, make_user):
    app = limited_app(PASSWORD_FAILURE_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    owner, other = make_user(), make_user("other@example.com", "Otto")
    client = app.test_client()
    for _ in range(3):
        assert fail_login(client, owner.email).status_code == 400

    response = login(client, owner.email)  # even the right password waits for the pause to end
    assert response.status_code == 429
    assert "Please wait a little" in response.text
    assert "too many failed logins for this account" in response.text
    assert "It is not locked" in response.text
    assert 'class="site-nav"' in response.text  # the styled page, not Werkzeug's plain one
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    assert f"try again in {-(-retry_after // 60)} minutes" in response.text

    assert client.get("/auth/login").status_code == 200  # the form itself is never throttled
    assert login(app.test_client(), other.email).status_code == 302  # other accounts are not


def test_only_failed_logins_count_against_the_account(limited_app, make_user):
    app = limited_app(PASSWORD_FAILURE_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    user = make_user()
    for _ in range(4):
        client = app.test_client()
        assert login(client, user.email).status_code == 302
    assert fail_login(app.test_client(), user.email).status_code == 400
    assert login(app.test_client(), user.email).status_code == 302


def test_the_owner_logs_in_again_when_the_pause_is_over(limited_app, make_user, monkeypatch):
    app = limited_app()  # the shipped limit: 5 failures per 15 minutes
    user = make_user()
    client = app.test_client()
    for _ in range(5):
        assert fail_login(client, user.email).status_code == 400
    paused = login(client, user.email)
    assert paused.status_code == 429
    wait = int(paused.headers["Retry-After"])
    assert 14 * 60 < wait <= 15 * 60

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + wait)
    assert login(client, user.email).status_code == 302


def test_login_attempts_are_limited_per_client_address(limited_app, make_user):
    app = limited_app(LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    user = make_user()
    client = app.test_client()
    for n in range(3):
        assert fail_login(client, f"guess{n}@example.com").status_code == 400
    response = login(client, user.email)
    assert response.status_code == 429
    assert "too many login attempts from your network" in response.text
    assert int(response.headers["Retry-After"]) <= 60

    elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
    data = {"email": user.email, "password": PASSWORD}
    assert post_form(client, "/auth/login", data, environ_base=elsewhere).status_code == 302


def test_registration_is_limited_per_client_address(limited_app):
    app = limited_app(REGISTER_LIMIT_PER_ADDRESS="2 per hour")

    def register(n: int):
        data = {
            "email": f"new{n}@example.com",
            "display_name": f"New {n}",
            "password": PASSWORD,
            "confirm": PASSWORD,
        }
        return post_form(app.test_client(), "/auth/register", data)

    assert register(1).status_code == 302
    assert register(2).status_code == 302
    response = register(3)
    assert response.status_code == 429
    assert "Too many accounts have been created from your network" in response.text
    assert "Retry-After" in response.headers
    assert app.test_client().get("/auth/register").status_code == 200


def test_limits_hold_across_two_app_instances_sharing_redis(limited_app, make_user, redis_prefix):
    settings = {
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": False,  # a Redis failure must fail this test
    }
    first, second = limited_app(**settings), limited_app(**settings)
    assert first.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    user = make_user()
    on_first, on_second = first.test_client(), second.test_client()

    assert fail_login(on_first, user.email).status_code == 400
    assert fail_login(on_second, user.email).status_code == 400
    assert fail_login(on_first, user.email).status_code == 400
    # Three failures in all, though each instance saw fewer: both now pause this account.
    assert login(on_second, user.email).status_code == 429
    assert login(on_first, user.email).status_code == 429
    keys = redis.Redis.from_url(REDIS_URL).keys(f"*{redis_prefix}*")
    assert keys, "the counters are in Redis"


def test_without_redis_each_app_instance_counts_on_its_own(limited_app, make_user):
    """The control for the test above: in-memory counters are per process."""
    settings = {"PASSWORD_FAILURE_LIMIT_PER_ACCOUNT": "3 per 15 minutes"}
    first, second = limited_app(**settings), limited_app(**settings)
    assert first.config["RATELIMIT_STORAGE_URI"] == "memory://"
    user = make_user()
    on_first = first.test_client()
    for _ in range(3):
        assert fail_login(on_first, user.email).status_code == 400
    assert login(on_first, user.email).status_code == 429
    assert login(second.test_client(), user.email).status_code == 302


def test_an_unreachable_redis_degrades_to_per_process_counting_not_errors(limited_app, make_user):
    app = limited_app(
        REDIS_URL="redis://127.0.0.1:1/0", PASSWORD_FAILURE_LIMIT_PER_ACCOUNT="2 per 15 minutes"
    )
    user = make_user()
    client = app.test_client()
    assert fail_login(client, user.email).status_code == 400
    assert fail_login(client, user.email).status_code == 400
    assert login(client, user.email).status_code == 429
