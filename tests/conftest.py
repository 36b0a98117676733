"""Fixtures only (helpers live in tests/helpers.py): a migrated, content-loaded database built once
per session and copied for every test, clients with CSRF switched on, and a logged-in learner.

Tests marked ``tiny_course`` get an app serving the tiny fixture course (tests/fixtures) instead
of the shipped one."""

import secrets

import pytest
from flask_migrate import upgrade

from pkcourse.auth.models import User
from pkcourse.content.loader import load_course
from pkcourse.content.services import import_course
from pkcourse.extensions import db
from tests.databases import PostgresDatabases, SqliteDatabases
from tests.helpers import (
    COURSE_DIR,
    FIXTURES_DIR,
    TEST_DATABASE_URL,
    TINY_COURSE_DIR,
    TINY_COURSE_SLUG,
    add_user,
    login,
    made_apps,
    make_app,
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "tiny_course: the app serves the tiny fixture course, not the shipped one"
    )
    config.addinivalue_line(
        "markers", "postgresql: about PostgreSQL itself; part of the PostgreSQL run only"
    )


def pytest_collection_modifyitems(config, items):
    """Tests of what only a database server does (a backend ended under a pooled connection)
    belong to the PostgreSQL run (`make test-postgres`, which CI runs too); the SQLite run leaves
    them out rather than reporting them as skipped."""
    if TEST_DATABASE_URL:
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Where test databases live: SQLite files, or PostgreSQL databases created (and dropped) on
    the server named by PKCOURSE_TEST_DATABASE_URL."""
    if TEST_DATABASE_URL:
        backend = PostgresDatabases(TEST_DATABASE_URL)
    else:
        backend = SqliteDatabases(tmp_path_factory.mktemp("databases"))
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def migrated_db(databases) -> str:
    """An empty database at the latest migration (the schema the app really runs on)."""
    url = databases.create("migrated")
    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _with_course(databases, migrated_db, name: str, course_dir) -> str:
    url = databases.clone(migrated_db, name)
    app = make_app(url)
    with app.app_context():
        import_course(load_course(course_dir))
        db.session.commit()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def course_db(databases, migrated_db) -> str:
    """The migrated database with the shipped course imported: the template most tests copy."""
    return _with_course(databases, migrated_db, "course", COURSE_DIR)


@pytest.fixture(scope="session")
def tiny_course_db(databases, migrated_db) -> str:
    """The migrated database with the tiny fixture course imported."""
    return _with_course(databases, migrated_db, "tiny", TINY_COURSE_DIR)


@pytest.fixture(scope="session")
def sqlite_course_db(tmp_path_factory) -> str:
    """An SQLite course database even when the suite runs on PostgreSQL, for tests about SQLite's
    own locking."""
    path = tmp_path_factory.mktemp("sqlite") / "course.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        import_course(load_course(COURSE_DIR))
        db.session.commit()
        db.engine.dispose()
    return str(path)


@pytest.fixture(autouse=True)
def _close_pools_of_apps_made_in_the_test():
    yield
    while made_apps:
        app = made_apps.pop()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def new_database(databases):
    """Factory for more databases in one test; each is dropped afterwards."""
    created = []

    def _new(template: str | None = None) -> str:
        name = f"t{secrets.token_hex(4)}"
        url = databases.clone(template, name) if template else databases.create(name)
        created.append(url)
        return url

    yield _new
    for url in created:
        databases.drop(url)


@pytest.fixture
def app(request, new_database):
    if request.node.get_closest_marker("tiny_course"):
        template = request.getfixturevalue("tiny_course_db")
        course = {"CONTENT_DIR": str(FIXTURES_DIR), "COURSE_SLUG": TINY_COURSE_SLUG}
    else:
        template, course = request.getfixturevalue("course_db"), {}
    app = make_app(new_database(template), **course)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def open_quizzes(app):
    """Every module's quiz open from the start (the shipped course unlocks them in order), for
    tests about a quiz rather than about the path through the course."""
    from pkcourse.courses.models import Course

    with app.app_context():
        db.session.execute(db.update(Course).values(is_sequential=False))
        db.session.commit()


class Mailbox:
    """What a real local SMTP server (aiosmtpd) received: parsed messages, oldest first."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox():
    """An SMTP server on a free local port; ``mailbox.port`` is where to send."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


@pytest.fixture
def mail_app(app, mailbox):
    """The app sending its e-mail to ``mailbox``."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port, MAIL_FROM="pk@localhost")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    def _make_user(
        email: str = "learner@example.com", name: str = "Lea Learner", role: str = "learner"
    ) -> User:
        return add_user(app, email, name, role)

    return _make_user


@pytest.fixture
def learner(client, make_user):
    """A logged-in learner (the test client carries the session)."""
    user = make_user()
    response = login(client, user.email)
    assert response.status_code == 302
    return user
