"""Response headers, request ids and proxy handling shared by every page."""

import logging
import re
import uuid

from flask import Flask, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_INCOMING_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record, so a 5xx in the log matches the page's reference."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:  # outside a request or app context
            record.request_id = "-"
        return True


def init_security(app: Flask) -> None:
    if app.config.get("PROXY_FIX"):
        # Exactly one trusted proxy in front: take client address, scheme and host from it.
        # Flask's documented way to wrap the WSGI app; mypy sees it as replacing a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    app.logger.addFilter(RequestIdFilter())
    for handler in app.logger.handlers:
        handler.setFormatter(
            logging.Formatter("[%(asctime)s] %(levelname)s request=%(request_id)s: %(message)s")
        )

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _INCOMING_REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def add_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if is_private(response):
            response.headers["Cache-Control"] = "no-store"
        return response


def is_private(response) -> bool:
    """Whether no browser or proxy may keep a copy: every page a logged-in user sees (a shared
    school computer's back button, a proxy) and every download. Public pages keep the defaults."""
    if request.endpoint == "static":
        return False
    if response.mimetype == "text/csv" or "attachment" in response.headers.get(
        "Content-Disposition", ""
    ):
        return True
    return current_user.is_authenticated
