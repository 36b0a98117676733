"""Gunicorn hooks for `make serve` (``gunicorn --config python:pkcourse.gunicorn_config``).

Meant to be used with ``--preload``: the master imports the app once and the workers share those
pages copy-on-write, which saves about 20 MiB of the 148 two workers used (benchmarks/README.md).
Two things keep that safe and worth it:

- nothing the master opened is reused by a worker: each worker drops the database pool it inherited
  (SQLAlchemy's advice for ``os.fork``); the factory opens no connection, so this is a safeguard;
- ``gc.freeze()`` before each fork moves the master's objects out of the collector's reach, so a
  collection in a worker does not write to (and so copy) every shared page.

Settings stay on the command line (see the Makefile); gunicorn ignores names here that are not
hooks or settings.
"""

import gc


def pre_fork(server, worker) -> None:
    gc.freeze()


def post_fork(server, worker) -> None:
    if not server.cfg.preload_app:
        return
    from pkcourse.extensions import db

    app = worker.app.wsgi()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
