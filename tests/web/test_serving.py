"""What `make serve` relies on: a factory that opens nothing (so gunicorn --preload can fork it),
workers that drop inherited connections, and web processes that stay lean."""

import subprocess
import sys
import textwrap
from types import SimpleNamespace

from pkcourse import gunicorn_config
from pkcourse.extensions import db
from tests.helpers import make_app

CONTENT_BUILDER_MODULES = ("yaml", "jsonschema", "markdown_it", "nh3")


def test_the_factory_opens_no_database_connection():
    # Nothing listens on port 1: any connection attempt would fail the factory.
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/nothing", RATELIMIT_ENABLED=True)
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
        db.engine.dispose()


def test_a_preloaded_worker_drops_the_pool_it_inherited(app):
    with app.app_context():
        with db.engine.connect():
            pass  # one pooled connection, as if the master had used the database
        inherited = db.engine.pool
        worker = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
        server = SimpleNamespace(cfg=SimpleNamespace(preload_app=True))
        gunicorn_config.post_fork(server, worker)
        assert db.engine.pool is not inherited
        assert db.engine.pool.checkedin() == 0
        # A real worker leaves these to the master; here this process is both, so close them.
        inherited.dispose()


def test_serving_pages_does_not_load_the_content_builder(course_db):
    """The YAML/JSON Schema/Markdown/sanitizer stack is for `flask content`, not for web workers
    (about 5 MiB each, see benchmarks/README.md)."""
    script = textwrap.dedent(
        f"""
        import sys
        from pkcourse import create_app
        app = create_app({{"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": {course_db!r}}})
        client = app.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/auth/login").status_code == 200
        print(",".join(m for m in {CONTENT_BUILDER_MODULES!r} if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
