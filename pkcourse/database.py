"""Engine set-up that makes SQLite safe for concurrent use.

pysqlite's legacy transaction handling lets a read-then-write transaction lose updates or fail with
"database is locked" despite the busy timeout. So the driver's own BEGIN is switched off and we emit
ours: ``BEGIN IMMEDIATE`` (take the write lock up front) for anything that may write, a plain
deferred ``BEGIN`` for read-only requests so readers never queue behind writers.
"""

from flask import has_request_context, request
from sqlalchemy import Engine, event

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def _begin_statement() -> str:
    if has_request_context() and request.method in READ_ONLY_METHODS:
        return "BEGIN"
    return "BEGIN IMMEDIATE"


def configure_sqlite(engine: Engine) -> None:
    """Install the per-connection pragmas and explicit BEGIN on an SQLite engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql(_begin_statement())
