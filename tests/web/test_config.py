import pytest

import pkcourse
from pkcourse import create_app


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """create_app() as in production: config from the environment, an empty instance folder."""
    original = pkcourse.Flask

    class IsolatedFlask(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, instance_path=str(tmp_path / "instance"), **kwargs)

    monkeypatch.setattr(pkcourse, "Flask", IsolatedFlask)
    for name in (
        "PKCOURSE_SECRET_KEY",
        "PKCOURSE_DATABASE_URL",
        "PKCOURSE_REDIS_URL",
        "FLASK_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_app_refuses_the_development_secret_key_outside_debug(isolated):
    with pytest.raises(RuntimeError, match="development secret key"):
        create_app()


def test_settings_come_from_pkcourse_environment_variables(isolated, tmp_path):
    isolated.setenv("PKCOURSE_SECRET_KEY", "123456789")  # all digits: parsed as a JSON int
    isolated.setenv("PKCOURSE_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite3")
    app = create_app()
    assert app.config["SECRET_KEY"] == "123456789"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.sqlite3"


def test_default_database_is_sqlite_in_the_instance_folder(isolated, tmp_path):
    isolated.setenv("PKCOURSE_SECRET_KEY", "a-real-secret")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path}/instance/pkcourse.sqlite3"
    )


def test_throttling_counts_in_redis_when_a_redis_url_is_set(isolated):
    isolated.setenv("PKCOURSE_SECRET_KEY", "a-real-secret")
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "memory://"
    isolated.setenv("PKCOURSE_REDIS_URL", "redis://127.0.0.1:6379/3")
    app = create_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert app.config["RATELIMIT_ENABLED"] is True


def test_a_malformed_limit_setting_stops_the_app_at_start(isolated):
    isolated.setenv("PKCOURSE_SECRET_KEY", "a-real-secret")
    isolated.setenv("PKCOURSE_LOGIN_LIMIT_PER_ADDRESS", "lots")
    with pytest.raises(RuntimeError, match="LOGIN_LIMIT_PER_ADDRESS"):
        create_app()


def flask_command(*args: str):
    """`flask --app pkcourse ARGS` in this process, as typed in a shell on a fresh clone."""
    from click.testing import CliRunner
    from flask.cli import cli

    return CliRunner().invoke(cli, ["--app", "pkcourse", *args], catch_exceptions=False)


def test_content_check_needs_no_secret_key(isolated):
    result = flask_command("content", "check")
    assert result.exit_code == 0, result.output
    assert "peacekeeping-diplomacy: OK," in result.output


def test_serving_without_a_secret_key_fails_with_one_clear_line(isolated):
    result = flask_command("run")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        "Error: Refusing to start with the development secret key. Set PKCOURSE_SECRET_KEY "
        "(or SECRET_KEY in instance/config.py; `make run` creates one)."
    ]
