"""pkcourse: a focused course-and-quiz app for one article."""

import os

import click
from flask import Flask

from . import config
from .database import configure_postgresql, configure_sqlite, init_conflict_reruns
from .extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py and ``PKCOURSE_*`` variables, or the
    ``test_config`` dict instead of those two.

    Does no I/O beyond reading configuration: migrations and content import are CLI commands.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("PKCOURSE")
    else:
        app.config.from_mapping(test_config)
    _finish_config(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"])
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, float(app.config["SQLITE_BUSY_TIMEOUT"]))
        configure_postgresql(db.engine)

    from .account.views import bp as account_bp
    from .auth import cli as auth_cli
    from .auth.throttling import init_throttling
    from .auth.views import bp as auth_bp
    from .certificates.views import bp as certificates_bp
    from .content.cli import content_cli
    from .courses.views import bp as courses_bp
    from .errors import register_error_handlers
    from .health import bp as health_bp
    from .inputs import init_input_guard
    from .progress.views import bp as progress_bp
    from .quizzes.views import bp as quizzes_bp
    from .regrading.views import bp as regrading_bp
    from .security import init_security
    from .teaching.cli import demo_cli
    from .teaching.views import bp as teaching_bp
    from .templating import register_template_helpers

    init_input_guard(app)  # before the blueprints (its URL converter) and inside ProxyFix
    init_security(app)
    for blueprint in (
        auth_bp,
        account_bp,
        courses_bp,
        quizzes_bp,
        progress_bp,
        teaching_bp,
        regrading_bp,
        certificates_bp,
        health_bp,
    ):
        app.register_blueprint(blueprint)
    init_conflict_reruns(app, db.session.rollback)
    init_throttling(app)  # wraps registered views, so after the blueprints
    app.cli.add_command(content_cli)
    app.cli.add_command(auth_cli.users_cli)
    app.cli.add_command(demo_cli)
    register_error_handlers(app)
    register_template_helpers(app)
    return app


NO_SECRET_KEY = (
    "Refusing to start with the development secret key. Set PKCOURSE_SECRET_KEY "
    "(or SECRET_KEY in instance/config.py; `make run` creates one)."
)


def _refuse_to_serve_without_a_key() -> None:
    """The key signs sessions, CSRF tokens and final-assessment draws: only serving needs it.
    A `flask` command other than `run` (content, db, users, demo) signs nothing and may go on,
    so `flask content check` works on a fresh clone. `flask run` fails with one line, a WSGI
    server (gunicorn) with an error at start-up."""
    command = click.get_current_context(silent=True)
    if command is None:
        raise RuntimeError(NO_SECRET_KEY)
    if command.info_name == "run":
        raise click.ClickException(NO_SECRET_KEY)


def _finish_config(app: Flask) -> None:
    # from_prefixed_env parses values as JSON: an all-digit secret arrives as an int.
    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])
    if app.config["SECRET_KEY"] == config.DEV_SECRET_KEY and not (app.debug or app.testing):
        _refuse_to_serve_without_a_key()
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://", "redis+unix://")):
        # A hung Redis must not hang logins: time out, then fall back to in-memory counting.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 2, "socket_timeout": 2}
        )
    if isinstance(app.config.get("TRUSTED_HOSTS"), str):
        # PKCOURSE_TRUSTED_HOSTS=learn.example.org (not JSON) means a list of one, or of several
        # separated by commas; a bare string would be checked letter by letter.
        app.config["TRUSTED_HOSTS"] = [h.strip() for h in app.config["TRUSTED_HOSTS"].split(",")]
    url = app.config.get("DATABASE_URL") or config.sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite:"):
        os.makedirs(app.instance_path, exist_ok=True)
