"""Configuration: safe development defaults, overridden by ``PKCOURSE_*`` environment variables."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Only good enough for a developer's laptop: create_app refuses it outside debug and testing.
DEV_SECRET_KEY = "dev-only-insecure-key"

DEFAULTS: dict[str, object] = {
    "SECRET_KEY": DEV_SECRET_KEY,
    # DATABASE_URL is the public name; None means "SQLite file in the instance folder".
    "DATABASE_URL": None,
    "CONTENT_DIR": str(PROJECT_ROOT / "content"),
    "COURSE_SLUG": "peacekeeping-diplomacy",
    "MIGRATIONS_DIR": str(PROJECT_ROOT / "migrations"),
    # Werkzeug's scrypt (n=2**15, r=8, p=1), pinned so a library upgrade cannot silently change it.
    "PASSWORD_HASH_METHOD": "scrypt:32768:8:1",
    # A quiz can take longer than an hour; the token stays valid as long as the session does.
    "WTF_CSRF_TIME_LIMIT": None,
    # Cookies only over HTTPS. `make run` (plain http on 127.0.0.1) switches this off explicitly.
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_DURATION": 14 * 24 * 3600,  # seconds; school PCs are shared
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_PARTS": 500,
    # No pool_pre_ping: on PostgreSQL, database.configure_postgresql checks pooled connections
    # more cheaply; an SQLite file has no server that could drop one.
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    # SQLite: how long (seconds) a request waits for another request's write to finish before it
    # gives up with a 503 "busy" page. Writes take milliseconds, so this covers a crowd of
    # hundreds submitting at once; it stays under gunicorn's 30-second worker timeout.
    "SQLITE_BUSY_TIMEOUT": 15,
    # The site's host name (PKCOURSE_SERVER_NAME, e.g. "learn.example.org"): absolute links such
    # as a class's join link and a certificate's verification address use it.
    "SERVER_NAME": None,
    # Host names requests may use (PKCOURSE_TRUSTED_HOSTS='["learn.example.org"]'); any other
    # Host header is answered 400. None accepts any well-formed host name.
    "TRUSTED_HOSTS": None,
    # Set when one reverse proxy (nginx, a load balancer) forwards X-Forwarded-* headers.
    "PROXY_FIX": False,
    # Redis (e.g. redis://127.0.0.1:6379/0) holds the throttling counters, shared by every worker
    # and server. Unset: each process counts on its own (RATELIMIT_STORAGE_URI is derived from it).
    "REDIS_URL": None,
    # Throttling of login, registration and password change (Flask-Limiter, see auth/throttling.py).
    # Every limit is a time window that ends by itself: it pauses guessing, it never locks an
    # account for good. A classroom behind one NAT address shares the per-address budgets.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_KEY_PREFIX": "pkcourse",
    # If Redis goes away, count in process memory instead of failing every login.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "LOGIN_LIMIT_PER_ADDRESS": "30 per minute",
    "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "REGISTER_LIMIT_PER_ADDRESS": "60 per hour",
    "RESET_LIMIT_PER_ADDRESS": "10 per hour",
    # The site's name and who issues certificates (e.g. the school), printed on every certificate.
    "SITE_NAME": "Peacekeeping & Diplomacy",
    "CERTIFICATE_ISSUER": "The Peacekeeping & Diplomacy course team",
    # Outgoing e-mail (password reset links). Unset MAIL_SERVER: no e-mail, and a forgotten
    # password is reset with a link from a teacher or an administrator instead.
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,  # STARTTLS on a plain connection (usually port 587)
    "MAIL_USE_SSL": False,  # TLS from the start (usually port 465)
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_FROM": "pkcourse <no-reply@localhost>",
    "MAIL_TIMEOUT": 10,
    # How long a password reset link works (seconds): e-mailed to the learner, or handed over by
    # a teacher or an administrator (who may need a day or two to reach the learner).
    "PASSWORD_RESET_EMAIL_MAX_AGE": 3600,
    "PASSWORD_RESET_ISSUED_MAX_AGE": 3 * 24 * 3600,
}


def sqlite_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'pkcourse.sqlite3'}"
