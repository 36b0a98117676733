"""The schema comes from the committed migrations, and they match the models."""

import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy.exc import IntegrityError

from pkcourse.extensions import db
from pkcourse.quizzes.models import Answer
from tests.helpers import make_app


def test_migrations_upgrade_an_empty_database_to_match_the_models(new_database):
    app = make_app(new_database())
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []
        db.engine.dispose()


def test_there_is_a_single_migration_head(app):
    with app.app_context():
        script = ScriptDirectory(app.config["MIGRATIONS_DIR"])
        assert len(script.get_heads()) == 1
        assert len(script.get_bases()) == 1
        for revision in script.walk_revisions():
            # Dated file names (alembic.ini's file_template) keep the folder in history order.
            assert re.fullmatch(
                rf"\d{{8}}_{revision.revision}_\w+\.py", Path(revision.path).name
            ), revision.path


@pytest.fixture
def sqlite_app(tmp_path):
    """SQLite whatever the suite's database: these tests are about the embedded default."""
    app = make_app(f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sqlite_connections_are_configured_for_concurrent_safe_use(sqlite_app):
    app = sqlite_app
    with app.app_context(), db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 15000
        assert pragma("synchronous") == 1  # NORMAL


def test_foreign_keys_are_enforced_on_sqlite(app):
    with app.app_context():
        db.session.add(
            Answer(
                attempt_id=424242,
                question_version_id=1,
                position=1,
                points=0,
                max_points=1,
                is_correct=False,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_write_transactions_take_the_lock_up_front(sqlite_app):
    """A CLI or POST transaction holds SQLite's write lock from BEGIN, so a second writer waits
    instead of failing or losing an update later."""
    app = sqlite_app
    with app.app_context(), db.engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")  # begins the transaction
        other = sqlite3.connect(
            app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), timeout=0
        )
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
