"""On PostgreSQL a GET reads without a transaction around it (no BEGIN and ROLLBACK round trips),
while anything that writes or locks still runs in one transaction, all or nothing."""

from contextlib import contextmanager

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import func, select, text

from pkcourse.auth.models import User
from pkcourse.extensions import db
from tests.helpers import PASSWORD, csrf_from, engine_listener

pytestmark = pytest.mark.postgresql


@contextmanager
def transaction_states(app):
    """The driver's transaction status after each statement run while inside the block."""
    states: list[tuple[str, TransactionStatus]] = []

    def record(connection, _cursor, statement, *_args):
        status = connection.connection.dbapi_connection.info.transaction_status
        states.append((statement.split()[0], status))

    with engine_listener(app, "after_cursor_execute", record):
        yield states


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.usefixtures("open_quizzes")
def test_pages_read_outside_a_transaction(app, client, learner):
    for page in ["/", "/modules/case-studies", "/modules/case-studies/quiz", "/progress"]:
        with transaction_states(app) as states:
            assert client.get(page).status_code == 200
        assert states, page
        assert {status for _, status in states} == {TransactionStatus.IDLE}, (page, states)


def test_a_form_post_runs_in_a_transaction(app, client, make_user):
    user = make_user()
    page = client.get("/auth/login")
    with transaction_states(app) as states:
        response = client.post(
            "/auth/login",
            data={"csrf_token": csrf_from(page.text), "email": user.email, "password": PASSWORD},
        )
    assert response.status_code == 302
    assert states
    assert {status for _, status in states} == {TransactionStatus.INTRANS}, states


def test_a_write_during_a_get_is_one_transaction(app):
    before = user_count(app)
    with app.test_request_context("/", method="GET"), transaction_states(app) as states:
        assert db.session.scalar(select(func.count()).select_from(User)) == before
        db.session.add(User(email="one@example.com", display_name="One", password_hash="x"))
        db.session.flush()
        db.session.add(User(email="two@example.com", display_name="Two", password_hash="x"))
        db.session.flush()
        db.session.rollback()
    assert user_count(app) == before  # neither insert was committed on its own
    assert states[0][1] == TransactionStatus.IDLE
    assert [status for _, status in states[1:]] == [TransactionStatus.INTRANS] * 2


def test_a_row_lock_during_a_get_is_held_until_the_end(app):
    with app.test_request_context("/", method="GET"), transaction_states(app) as states:
        db.session.execute(select(User.id).with_for_update())
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.engine.connect() as other:
            lock_count = other.execute(
                text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND mode = 'RowShareLock'"),
                {"pid": pid},
            ).scalar_one()
        db.session.rollback()
    assert lock_count >= 1
    assert states[0][1] == TransactionStatus.INTRANS


def test_work_outside_requests_after_a_get_is_transactional(app, client):
    assert client.get("/").status_code == 200  # leaves its connection in the pool
    before = user_count(app)
    with app.app_context(), transaction_states(app) as states:
        db.session.add(User(email="cli@example.com", display_name="Cli", password_hash="x"))
        db.session.flush()
        db.session.rollback()
    assert user_count(app) == before
    assert {status for _, status in states} == {TransactionStatus.INTRANS}


def test_autocommit_asked_for_outside_requests_is_kept(app):
    """Maintenance that needs autocommit (ANALYZE, VACUUM…) asks for it and gets it: a statement
    run that way stays done even though nothing commits it."""
    before = user_count(app)
    with app.app_context(), db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(
            User.__table__.insert().values(
                email="kept@example.com",
                display_name="Kept",
                password_hash="x",
                role="learner",
                session_token="t",
                is_active=True,
                created_at=db.func.now(),
            )
        )
    assert user_count(app) == before + 1
