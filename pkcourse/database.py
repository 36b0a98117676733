"""Database set-up that lets a crowd queue instead of fail.

SQLite: pysqlite's own transaction handling is switched off and we emit BEGIN ourselves.

- A request's transaction starts deferred (``BEGIN``): reading never waits for a writer (WAL).
- Its first write (an INSERT, UPDATE, DELETE, or a SAVEPOINT, which only writers open) ends that
  read-only snapshot and takes the write lock with ``BEGIN IMMEDIATE``, waiting up to the busy
  timeout. Letting the deferred transaction write instead would fail at once, whatever the timeout,
  whenever another connection had written since its snapshot (SQLITE_BUSY_SNAPSHOT). So the lock is
  held only from the first write to the commit: a few milliseconds, not the whole request.
- Code whose writes depend on what it read (the quiz submission: replay check, attempt number)
  calls ``lock_for_write`` before those reads, so they happen under the lock.
- Outside a request (CLI commands) transactions take the write lock from their first statement.

If the lock cannot be had within ``SQLITE_BUSY_TIMEOUT`` seconds, ``DatabaseBusy`` is raised and the
visitor gets a 503 page with ``Retry-After``; the transaction is rolled back, so nothing is half
stored. PostgreSQL: a view whose transaction fails with a serialization failure or a deadlock is
run once more from the start; a second failure is also a 503.

PostgreSQL also keeps reading cheap: a GET (or HEAD, OPTIONS) request's connection runs in
autocommit, so its plain SELECTs go without the ``BEGIN`` and ``ROLLBACK`` round trips around
them, two of a lesson page's five. Under PostgreSQL's default READ COMMITTED every statement reads
a snapshot of its own inside a transaction too, so the pages see exactly what they saw before. The
first statement that is not a plain SELECT (a write, a row lock, a savepoint) turns autocommit off
before it runs, so it and everything after it form one transaction as on any other request.
"""

import select
import sqlite3
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, cast

from flask import Flask, has_request_context, request
from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

if TYPE_CHECKING:
    import psycopg

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_ROW_LOCKS = ("FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE", "FOR KEY SHARE")
_LOCKED = "write_locked"
_READING = "reading_in_autocommit"
# PostgreSQL's serialization_failure and deadlock_detected: the transaction may simply be rerun.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class DatabaseBusy(Exception):
    """The database could not take this request's write now; asking again shortly will work."""


def configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    """Install the per-connection pragmas and the BEGIN handling above on an SQLite engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (*SQLITE_PRAGMAS, f"PRAGMA busy_timeout={round(busy_timeout * 1000)}"):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = not has_request_context()
        connection.info[_LOCKED] = immediate
        # Straight to the driver, as _take_write_lock does: every request begins a transaction,
        # and SQLAlchemy's execution machinery cost more than the BEGIN itself.
        _driver_connection(connection).execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(connection: Connection, _cursor, statement: str, *_args) -> None:
        if not connection.info.get(_LOCKED) and statement.lstrip()[:9].upper().startswith(_WRITES):
            _take_write_lock(connection)


def configure_postgresql(engine: Engine) -> None:
    """Check every pooled connection as it is taken from the pool, as ``pool_pre_ping`` does, but
    without its round trip when the connection is plainly fine.

    A server that ends a connection (a restart, ``idle_session_timeout``, an administrator's
    ``pg_terminate_backend``) sends a last message and closes the socket, so the socket of an idle
    connection that has become readable is one the server has spoken on since its last answer:
    only then, or when the driver already knows it broken, is the connection pinged, and dropped for
    a fresh one if the ping fails. ``pool_pre_ping`` sent a ``SELECT 1`` with every request, a
    fifth of the round trips of a lesson page (benchmarks/README.md, session 4)."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, proxy) -> None:
        if not _is_quiet(dbapi_connection):
            try:
                engine.dialect.do_ping(dbapi_connection)
            except Exception as exc:  # whatever went wrong, the pool tries a new connection
                raise DisconnectionError("a pooled connection failed its ping") from exc
            dbapi_connection.rollback()  # the ping's transaction, if it opened one
        # Set on every checkout, so no connection carries a GET's autocommit into other work.
        reading = _in_safe_request()
        dbapi_connection.autocommit = reading
        proxy.info[_READING] = reading

    @event.listens_for(engine, "before_cursor_execute")
    def _before_non_read(connection: Connection, _cursor, statement: str, *_args) -> None:
        # Only the autocommit set above: one asked for with isolation_level="AUTOCOMMIT" (say,
        # for ANALYZE or VACUUM) stays as it was asked.
        info = connection.connection.info
        if info.get(_READING) and not _is_plain_select(statement):
            info[_READING] = False
            raw = cast("psycopg.Connection", connection.connection.dbapi_connection)
            raw.autocommit = False  # psycopg begins a transaction with the next statement


def _in_safe_request() -> bool:
    return has_request_context() and request.method in _SAFE_METHODS


def _is_plain_select(statement: str) -> bool:
    """A SELECT that takes no row lock: one that means the same in autocommit."""
    if statement.lstrip()[:6].upper() != "SELECT":
        return False
    upper = statement.upper()
    return not any(lock in upper for lock in _ROW_LOCKS)


def _is_quiet(dbapi_connection) -> bool:
    """Whether a psycopg connection is open with nothing from the server waiting to be read."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return False
    readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    return not readable


def _driver_connection(connection: Connection) -> sqlite3.Connection:
    # Only SQLite engines get these listeners, so the driver connection is sqlite3's.
    return cast(sqlite3.Connection, connection.connection.dbapi_connection)


def _take_write_lock(connection: Connection) -> None:
    raw = _driver_connection(connection)
    if raw.in_transaction:
        # Only reads so far: committing gives up the snapshot and nothing else.
        raw.execute("COMMIT")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise DatabaseBusy("the database stayed locked for the whole busy timeout") from exc
    connection.info[_LOCKED] = True


def lock_for_write(session) -> bool:
    """Make the session's transaction a writer now (SQLite: take the write lock, so the reads that
    follow see every committed write and no other writer can come between them and ours). On
    PostgreSQL this does nothing: callers lock the rows they depend on. True when the whole
    database is now locked for this transaction (SQLite), so row locks would add nothing."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    if not connection.info.get(_LOCKED):
        _take_write_lock(connection)
    return True


def is_busy(error: BaseException) -> bool:
    """A database that was too busy to answer in time (not a bug): worth a 503, not a 500."""
    if isinstance(error, DatabaseBusy | PoolTimeout):
        return True
    if isinstance(error, DBAPIError):
        message = str(error.orig).lower()
        return "database is locked" in message or "database table is locked" in message
    return False


def is_conflict(error: BaseException) -> bool:
    """A PostgreSQL transaction that lost a race and may be rerun from the start."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    return (getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)) in RETRYABLE_SQLSTATES


def rerun_on_conflict(view: Callable, rollback: Callable[[], None]) -> Callable:
    """``view`` run once more if its transaction conflicted; ``DatabaseBusy`` if it does again."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        for attempt in (1, 2):
            try:
                return view(*args, **kwargs)
            except DBAPIError as exc:
                if not is_conflict(exc):
                    raise
                rollback()
                if attempt == 2:
                    raise DatabaseBusy("the transaction conflicted twice") from exc
        raise AssertionError("unreachable")

    return wrapper


def init_conflict_reruns(app: Flask, rollback: Callable[[], None]) -> None:
    """Wrap every registered view with ``rerun_on_conflict``."""
    for endpoint, view in app.view_functions.items():
        app.view_functions[endpoint] = rerun_on_conflict(view, rollback)
