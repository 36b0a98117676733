"""Upgrading keeps learners' records: a database at the revision before head, filled with plain SQL
as that revision's tables stood, is upgraded with `flask db upgrade` and every row is still there,
readable through the models and the pages.

The starting revision is computed, never written down, so the test follows new migrations. The rows
are written for the columns the starting revision has; a migration that adds a NOT NULL column
without a server default, or drops a column holding data, makes the test say so."""

from datetime import UTC, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, and_, bindparam, select, text

from pkcourse.auth.models import User
from pkcourse.auth.passwords import hash_password
from pkcourse.courses.models import Question
from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import Answer, QuizAttempt
from tests.helpers import PASSWORD, TEST_HASH_METHOD, answer_key, login, make_app, submit_quiz

T0 = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)
COURSE_SLUG = "peacekeeping-diplomacy"

# Columns a reviewed migration may drop on purpose, as "table.column".
DROPPED_COLUMNS: set[str] = set()


def _version(id, question_id, number, kind, prompt, anchor="history-1"):
    return {
        "id": id,
        "question_id": question_id,
        "number": number,
        "content_hash": f"{id:064x}",
        "kind": kind,
        "prompt": prompt,
        "explanation": f"Why, for {prompt}",
        "source": "The first missions observed ceasefires.",
        "source_anchor": anchor,
        "created_at": T0,
    }


def _option(id, version_id, slug, position, is_correct, feedback=None):
    return {
        "id": id,
        "question_version_id": version_id,
        "slug": slug,
        "text": f"Option {slug} of version {version_id}",
        "is_correct": is_correct,
        "feedback": feedback,
        "position": position,
    }


def _answer(id, attempt_id, version_id, position, points, is_correct):
    return {
        "id": id,
        "attempt_id": attempt_id,
        "question_version_id": version_id,
        "position": position,
        "points": points,
        "max_points": 1.0,
        "is_correct": is_correct,
    }


# In foreign-key order. Learner 1 took the quiz twice: first against version 1 of question 1, then,
# after an edit, against version 2; question 2 is "select all that apply" with partial credit.
ROWS: dict[str, list[dict]] = {
    "user_account": [
        {
            "id": 1,
            "email": "old.learner@example.com",
            "display_name": "Olga Old",
            "password_hash": hash_password(PASSWORD, TEST_HASH_METHOD),
            "role": "learner",
            "is_active": True,
            "session_token": "learner-token-from-before-the-upgrade",
            "created_at": T0,
        },
        {
            "id": 2,
            "email": "old.teacher@example.com",
            "display_name": "Theo Teacher",
            "password_hash": hash_password("another password", TEST_HASH_METHOD),
            "role": "teacher",
            "is_active": False,
            "session_token": "teacher-token-from-before-the-upgrade",
            "created_at": T0 - timedelta(days=30),
        },
    ],
    "course": [
        {
            "id": 1,
            "slug": COURSE_SLUG,
            "title": "Peacekeeping, as imported before the upgrade",
            "notice": "Parts were written with AI assistance.",
            "pass_mark": 70,
            "imported_at": T0 - timedelta(days=1),
        }
    ],
    "module": [
        {
            "id": 1,
            "course_id": 1,
            "slug": "history",
            "title": "History",
            "position": 1,
            "is_active": True,
            "lesson_html": '<p id="history-1">The first missions observed ceasefires.</p>',
        },
        {
            "id": 2,
            "course_id": 1,
            "slug": "retired-module",
            "title": "A retired module",
            "position": 2,
            "is_active": False,
            "lesson_html": "<p>No longer taught.</p>",
        },
    ],
    "question": [
        {
            "id": 1,
            "module_id": 1,
            "slug": "h-first",
            "position": 1,
            "is_active": True,
            "current_version": 2,
        },
        {
            "id": 2,
            "module_id": 1,
            "slug": "h-select",
            "position": 2,
            "is_active": True,
            "current_version": 1,
        },
    ],
    "question_version": [
        _version(1, 1, 1, "single_choice", "What did the first missions do (old wording)?"),
        _version(2, 1, 2, "single_choice", "What did the first UN missions do?"),
        _version(3, 2, 1, "multiple_select", "Select every task of early missions."),
    ],
    "option": [
        _option(1, 1, "a", 1, True),
        _option(2, 1, "b", 2, False, "Not in the article."),
        _option(3, 2, "a", 1, True),
        _option(4, 2, "b", 2, False, "Not in the article either."),
        _option(5, 3, "a", 1, True),
        _option(6, 3, "b", 2, True),
        _option(7, 3, "c", 3, False),
    ],
    "quiz_attempt": [
        {
            "id": 1,
            "user_id": 1,
            "module_id": 1,
            "number": 1,
            "submission_token": "token-of-the-first-attempt-0001",
            "points": 0.5,
            "max_points": 2.0,
            "score_percent": 25.0,
            "pass_mark": 70,
            "is_passed": False,
            "submitted_at": T0 + timedelta(hours=1),
        },
        {
            "id": 2,
            "user_id": 1,
            "module_id": 1,
            "number": 2,
            "submission_token": "token-of-the-second-attempt-002",
            "points": 2.0,
            "max_points": 2.0,
            "score_percent": 100.0,
            "pass_mark": 70,
            "is_passed": True,
            "submitted_at": T0 + timedelta(hours=2),
        },
    ],
    "answer": [
        _answer(1, 1, 1, 1, 0.0, False),
        _answer(2, 1, 3, 2, 0.5, False),
        _answer(3, 2, 2, 1, 1.0, True),
        _answer(4, 2, 3, 2, 1.0, True),
    ],
    "answer_selection": [
        {"answer_id": 1, "option_id": 2},
        {"answer_id": 2, "option_id": 5},
        {"answer_id": 3, "option_id": 3},
        {"answer_id": 4, "option_id": 5},
        {"answer_id": 4, "option_id": 6},
    ],
    "module_progress": [
        {
            "user_id": 1,
            "module_id": 1,
            "attempt_count": 2,
            "best_score_percent": 100.0,
            "is_passed": True,
            "last_attempt_at": T0 + timedelta(hours=2),
        }
    ],
}


def starting_revisions(script: ScriptDirectory) -> tuple[str, ...]:
    """The revision(s) just before the single head; the head itself if it is the only one."""
    head = script.get_revision(script.get_current_head())
    if head.down_revision is None:
        return (head.revision,)
    if isinstance(head.down_revision, str):
        return (head.down_revision,)
    return tuple(head.down_revision)  # a merge revision: start from both parents


def insert_rows(connection) -> None:
    """Plain SQL INSERTs for the columns the current schema has; values bound with its types."""
    tables = MetaData()
    tables.reflect(bind=connection)
    quote = connection.dialect.identifier_preparer.quote
    for name, rows in ROWS.items():
        assert name in tables.tables, f"table {name} does not exist at the starting revision"
        table = tables.tables[name]
        for column in table.columns:
            needs_value = not column.nullable and column.server_default is None
            assert not needs_value or column.name in rows[0], (
                f"{name}.{column.name} is NOT NULL with no server default at the starting "
                "revision: give it a value in ROWS"
            )
        for row in rows:
            values = {key: value for key, value in row.items() if key in table.columns}
            statement = text(
                f"INSERT INTO {quote(name)} ({', '.join(quote(k) for k in values)}) "
                f"VALUES ({', '.join(':' + k for k in values)})"
            ).bindparams(*(bindparam(k, type_=table.columns[k].type) for k in values))
            connection.execute(statement, values)
        if connection.dialect.name == "postgresql" and "id" in table.columns:
            # Rows written with explicit ids: move the sequence on, as real use would have.
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{quote(name)}', 'id'), "
                    f"(SELECT max(id) FROM {quote(name)}))"
                )
            )


def assert_rows_intact(connection) -> None:
    tables = MetaData()
    tables.reflect(bind=connection)
    for name, rows in ROWS.items():
        assert name in tables.tables, f"the upgrade dropped table {name}"
        table = tables.tables[name]
        count = connection.execute(select(db.func.count()).select_from(table)).scalar()
        assert count == len(rows), f"{name}: {count} rows after the upgrade, {len(rows)} before"
        key = [column.name for column in table.primary_key.columns]
        for row in rows:
            stored = (
                connection.execute(
                    select(table).where(and_(*(table.columns[k] == row[k] for k in key)))
                )
                .one()
                ._mapping
            )
            for column, value in row.items():
                if column not in table.columns:
                    assert f"{name}.{column}" in DROPPED_COLUMNS, f"the upgrade dropped {column}"
                    continue
                got = stored[column]
                if isinstance(got, datetime) and got.tzinfo is None:  # SQLite keeps no offset
                    got = got.replace(tzinfo=UTC)
                assert got == value, f"{name} {[row[k] for k in key]}.{column}: {got!r}"


def test_upgrade_keeps_every_learner_record(new_database):
    app = make_app(new_database())
    runner = app.test_cli_runner()
    script = ScriptDirectory(app.config["MIGRATIONS_DIR"])
    for revision in starting_revisions(script):
        result = runner.invoke(args=["db", "upgrade", revision])
        assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.begin() as connection:
            insert_rows(connection)
        db.engine.dispose()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        with db.engine.connect() as connection:
            assert_rows_intact(connection)
            head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert head == script.get_current_head()

        # Readable through the models, relationships included.
        learner = db.session.get(User, 1)
        assert (learner.email, learner.role, learner.is_active) == (
            "old.learner@example.com",
            "learner",
            True,
        )
        assert db.session.get(User, 2).is_active is False
        first = db.session.get(QuizAttempt, 1)
        assert first.user is learner and first.module.slug == "history"
        assert first.submitted_at == T0 + timedelta(hours=1)
        assert [a.question_version.prompt for a in first.answers] == [
            "What did the first missions do (old wording)?",
            "Select every task of early missions.",
        ]
        assert [[o.slug for o in a.selected_options] for a in first.answers] == [["b"], ["a"]]
        second = db.session.get(QuizAttempt, 2)
        assert sorted(o.slug for o in second.answers[1].selected_options) == ["a", "b"]
        assert [v.number for v in db.session.get(Question, 1).versions] == [1, 2]
        progress = db.session.get(ModuleProgress, (1, 1))
        assert (progress.attempt_count, progress.best_score_percent, progress.is_passed) == (
            2,
            100.0,
            True,
        )
        db.session.remove()

    # And through the pages: the learner logs in, reads the old result, takes the quiz again.
    client = app.test_client()
    assert login(client, "old.learner@example.com").status_code == 302
    result_page = client.get("/attempts/1")
    assert result_page.status_code == 200
    assert "What did the first missions do (old wording)?" in result_page.text
    assert "Olga Old" in client.get("/progress").text
    response, _ = submit_quiz(client, "history", answer_key(app, "history"))
    assert response.status_code == 302
    with app.app_context():
        attempts = db.session.scalars(db.select(QuizAttempt).order_by(QuizAttempt.id)).all()
        assert [(a.id, a.number) for a in attempts] == [(1, 1), (2, 2), (3, 3)]
        assert db.session.get(ModuleProgress, (1, 1)).attempt_count == 3
        assert {a.original_points for a in attempts} == {None}  # nothing regraded yet
        db.session.remove()

    # The answer from before the upgrade to the old version of question 1 can be regraded on
    # the current version: it earns the same there, so it moves and its attempt keeps its score.
    result = runner.invoke(args=["content", "regrade", "1"])
    assert result.exit_code == 0, result.output
    assert "1 answer(s) by every learner graded on version 1; 0 attempt(s) change" in result.output
    with app.app_context():
        answer = db.session.get(Answer, 1)
        assert (answer.question_version_id, answer.original_question_version_id) == (2, 1)
        assert (answer.points, answer.original_points) == (0.0, 0.0)
        assert [o.slug for o in answer.selected_options] == ["b"]
        assert db.session.get(QuizAttempt, 1).regraded_at is None
        db.session.remove()
        db.engine.dispose()
