"""The issue-3 migration on a database full of learners' history: nothing is lost, and the new
columns describe the old rows correctly. Runs on the suite's database (SQLite or PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pkcourse.extensions import db
from tests.helpers import make_app

BEFORE = "563fc3c6ed80"  # initial schema


def insert(table: str, **values) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    db.session.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


@pytest.fixture
def old_database(new_database):
    """A database at the schema before issue 3, with a learner who passed a quiz, then failed it."""
    app = make_app(new_database())
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    with app.app_context():
        upgrade(revision=BEFORE)
        insert("course", id=1, slug="c", title="C", notice="N", pass_mark=70, imported_at=now)
        insert(
            "module",
            id=1,
            course_id=1,
            slug="m",
            title="M",
            position=1,
            is_active=True,
            lesson_html="<p>x</p>",
        )
        insert(
            "question", id=1, module_id=1, slug="q", position=1, is_active=True, current_version=1
        )
        insert(
            "question_version",
            id=1,
            question_id=1,
            number=1,
            content_hash="h",
            kind="single_choice",
            prompt="P?",
            explanation="E",
            source="S",
            source_anchor="m-1",
            created_at=now,
        )
        insert(
            "option", id=1, question_version_id=1, slug="a", text="A", is_correct=True, position=1
        )
        insert(
            "option",
            id=2,
            question_version_id=1,
            slug="b",
            text="B",
            is_correct=False,
            feedback="No",
            position=2,
        )
        insert(
            "user_account",
            id=1,
            email="l@example.com",
            display_name="L",
            password_hash="x",
            role="learner",
            is_active=True,
            session_token="t",
            created_at=now,
        )
        for number, (score, passed, option) in enumerate([(100.0, True, 1), (0.0, False, 2)], 1):
            insert(
                "quiz_attempt",
                id=number,
                user_id=1,
                module_id=1,
                number=number,
                submission_token=f"token-{number}-abcdefghijklmnop",
                points=score / 100,
                max_points=1.0,
                score_percent=score,
                pass_mark=70,
                is_passed=passed,
                submitted_at=now,
            )
            insert(
                "answer",
                id=number,
                attempt_id=number,
                question_version_id=1,
                position=1,
                points=score / 100,
                max_points=1.0,
                is_correct=passed,
            )
            insert("answer_selection", answer_id=number, option_id=option)
        insert(
            "module_progress",
            user_id=1,
            module_id=1,
            attempt_count=2,
            best_score_percent=100.0,
            is_passed=True,
            last_attempt_at=now,
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def rows(table: str) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]


def test_upgrading_keeps_every_attempt_and_fills_in_the_new_columns(old_database):
    app = old_database
    with app.app_context():
        tables = ["quiz_attempt", "answer", "answer_selection", "option", "question_version"]
        before = {t: rows(t) for t in tables}
        db.session.rollback()
        upgrade()
        for table in tables:
            after = rows(table)
            assert len(after) == len(before[table]), table
            # old columns keep their values; the new ones are appended at the end
            assert [r[: len(before[table][0])] for r in after] == before[table], table
        course = db.session.execute(
            text("SELECT max_attempts, counts, is_sequential FROM course")
        ).one()
        assert tuple(course) == (None, "best", True)
        module = db.session.execute(text("SELECT kind, draw_per_module FROM module")).one()
        assert tuple(module) == ("lesson", None)
        progress = db.session.execute(
            text(
                "SELECT best_score_percent, is_passed, last_score_percent, last_is_passed "
                "FROM module_progress"
            )
        ).one()
        assert tuple(progress) == (100.0, True, 0.0, False)  # the last attempt was the failed one
        assert db.session.execute(text("SELECT response FROM answer")).scalars().all() == [
            None,
            None,
        ]


def test_the_new_kind_constraint_accepts_new_types_and_still_rejects_unknown_ones(old_database):
    app = old_database
    with app.app_context():
        upgrade()
        now = datetime(2026, 11, 2, tzinfo=UTC)
        insert(
            "question_version",
            id=2,
            question_id=1,
            number=2,
            content_hash="h2",
            kind="ordering",
            prompt="P",
            explanation="E",
            source="S",
            source_anchor="m-1",
            created_at=now,
        )
        db.session.commit()
        with pytest.raises(IntegrityError):
            insert(
                "question_version",
                id=3,
                question_id=1,
                number=3,
                content_hash="h3",
                kind="essay",
                prompt="P",
                explanation="E",
                source="S",
                source_anchor="m-1",
                created_at=now,
            )
            db.session.flush()
        db.session.rollback()


def test_downgrading_a_database_without_new_content_gives_the_old_schema_back(old_database):
    app = old_database
    with app.app_context():
        upgrade()
        downgrade(revision=BEFORE)
        assert len(rows("quiz_attempt")) == 2 and len(rows("answer_selection")) == 2
        columns = db.session.execute(text("SELECT * FROM module_progress")).keys()
        assert "last_score_percent" not in columns


# The gap-fill revision (issue 10), from the revision before it.
PREVIOUS = "9fd14af4b851"  # question bank and course path
GAP_FILL = "5d1a3c7e9b42"
TABLES = ["quiz_attempt", "answer", "answer_selection", "option", "question_version"]


def gap_fill_version(id: int) -> None:
    insert(
        "question_version",
        id=id,
        question_id=1,
        number=id,
        content_hash=f"h{id}",
        kind="gap_fill",
        prompt="Complete the sentence.",
        explanation="E",
        source="S",
        source_anchor="m-1",
        created_at=datetime(2026, 11, 2, tzinfo=UTC),
    )


def test_upgrade_and_downgrade_keep_attempts_and_gap_fill_needs_the_new_revision(old_database):
    with old_database.app_context():
        upgrade(revision=PREVIOUS)
        before = {table: rows(table) for table in TABLES}
        db.session.rollback()
        upgrade(revision=GAP_FILL)
        for table in TABLES:
            after = rows(table)
            assert [r[: len(before[table][0])] for r in after] == before[table], table
        assert db.session.execute(text("SELECT body FROM question_version")).scalars().all() == [
            None
        ]
        gap_fill_version(2)
        db.session.commit()
        db.session.execute(text("DELETE FROM question_version WHERE id = 2"))
        db.session.commit()

        downgrade(revision=PREVIOUS)
        assert {table: rows(table) for table in TABLES} == before
        with pytest.raises(IntegrityError):
            gap_fill_version(3)
            db.session.flush()
        db.session.rollback()


ISSUE_3 = "9fd14af4b851"  # the revision before misconceptions (issue 11)


def test_misconceptions_migration_keeps_options_and_answers_and_downgrades(old_database):
    app = old_database
    with app.app_context():
        upgrade(revision=GAP_FILL)  # the revision before misconceptions
        before = {t: rows(t) for t in ("option", "answer_selection", "quiz_attempt")}
        db.session.rollback()
        upgrade()
        assert db.session.execute(text("SELECT misconception FROM option")).scalars().all() == [
            None
        ] * len(before["option"])
        insert("misconception", course_id=1, slug="consent-optional", text="Consent is optional.")
        with pytest.raises(IntegrityError):  # one slug per course
            insert("misconception", course_id=1, slug="consent-optional", text="Again.")
        db.session.rollback()
        downgrade(revision=GAP_FILL)
        assert {t: rows(t) for t in before} == before
        tables = db.session.execute(text("SELECT * FROM option")).keys()
        assert "misconception" not in tables
