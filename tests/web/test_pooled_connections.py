"""Pooled database connections that the server has ended are replaced, not handed to a request."""

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from pkcourse.extensions import db

pytestmark = pytest.mark.postgresql


def _pooled_backend_pid(app) -> int:
    with app.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        db.session.remove()  # back to the pool
    return pid


def test_a_connection_the_server_ended_is_replaced_before_a_request_uses_it(app, client):
    assert client.get("/").status_code == 200
    pid = _pooled_backend_pid(app)
    admin = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            for _ in range(100):  # the server ends the backend asynchronously
                gone = connection.execute(
                    text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": pid},
                ).scalar_one()
                if gone:
                    break
                time.sleep(0.02)
    finally:
        admin.dispose()

    assert client.get("/").status_code == 200
    assert _pooled_backend_pid(app) != pid
