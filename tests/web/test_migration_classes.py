"""The issue-15 migration (archived classes, co-teachers, learners' flags) keeps every class and
membership, and downgrades cleanly. Runs on the suite's database (SQLite or PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from pkcourse.extensions import db
from tests.helpers import make_app
from tests.web.test_migrations import insert, rows

BEFORE = "5b1e7c3a9d42"  # misconceptions (issue 11)


@pytest.fixture
def app(new_database):
    app = make_app(new_database())
    yield app
    with app.app_context():
        db.engine.dispose()


def test_classes_and_memberships_survive_the_upgrade_and_the_downgrade(app):
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    with app.app_context():
        upgrade(revision=BEFORE)
        for user_id, role in ((1, "teacher"), (2, "learner")):
            insert(
                "user_account",
                id=user_id,
                email=f"u{user_id}@example.com",
                display_name=f"U{user_id}",
                password_hash="x",
                role=role,
                is_active=True,
                session_token=f"t{user_id}",
                created_at=now,
            )
        insert("classroom", id=1, teacher_id=1, name="Y11", join_code="ABCDEFGH", created_at=now)
        insert("class_membership", classroom_id=1, user_id=2, joined_at=now)
        db.session.commit()
        before = rows("classroom"), rows("class_membership")
        db.session.remove()

        upgrade()
        assert rows("class_membership") == before[1]
        (classroom,) = db.session.execute(text("SELECT id, name, archived_at FROM classroom"))
        assert tuple(classroom) == (1, "Y11", None)  # an existing class is not archived
        db.session.remove()
        tables = inspect(db.engine).get_table_names()
        assert "class_teacher" in tables and "question_flag" in tables

        downgrade(revision=BEFORE)
        assert (rows("classroom"), rows("class_membership")) == before
        db.session.remove()
        tables = inspect(db.engine).get_table_names()
        assert "class_teacher" not in tables and "question_flag" not in tables
