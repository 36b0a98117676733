"""Styled error pages; details are logged, never shown to the visitor outside debug."""

import math

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .auth.throttling import retry_after_seconds
from .database import DatabaseBusy, is_busy
from .extensions import db

# How long a visitor told "busy" (503) is asked to wait before sending again.
BUSY_RETRY_AFTER_SECONDS = 5

MESSAGES = {
    400: (
        "Something was wrong with that request",
        "Please go back, reload the page and try again.",
    ),
    403: ("This page is not open to you", "Your account cannot open this page."),
    404: (
        "This page isn't here",
        "The address may be mistyped, or the page has moved or is not yours to see.",
    ),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Too much data", "What you sent is larger than this app accepts."),
    500: ("Something went wrong on our side", "The problem has been logged. Please try again."),
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template(
            "errors/error.html",
            code=400,
            title="This form has expired",
            message="For your safety, forms stop working after you log out or after a long "
            "pause. Go back, reload the page and submit again.",
        ), 400

    @app.errorhandler(429)
    def too_many_requests(error: HTTPException):
        wait = retry_after_seconds()
        app.logger.warning(
            "Throttled %s %s from %s: %s",
            request.method,
            request.path,
            request.remote_addr,
            error.description,
        )
        message = f"{error.description} You can try again in {_duration(wait)}."
        page = render_template(
            "errors/error.html", code=429, title="Please wait a little", message=message
        )
        return page, 429, {"Retry-After": str(wait)}

    def busy(error: Exception):
        if not is_busy(error):
            raise error
        db.session.rollback()  # nothing of this request is stored
        app.logger.warning("Database busy on %s %s: %s", request.method, request.path, error)
        page = render_template(
            "errors/error.html",
            code=503,
            title="The site is very busy",
            message="Nothing was saved, so nothing is lost. Please wait a few seconds, then "
            "go back and send it again.",
        )
        return page, 503, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}

    for error_class in (DatabaseBusy, OperationalError, PoolTimeout):
        app.register_error_handler(error_class, busy)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code >= 500:
            app.logger.error("HTTP %s on %s %s", code, request.method, request.path)
        title, message = MESSAGES.get(code, (error.name, error.description))
        # A view's own explanation, e.g. abort(404, "This join code is not valid."), beats the
        # generic text; werkzeug's stock descriptions do not.
        if code < 500 and error.description and error.description != type(error).description:
            message = error.description
        return render_template("errors/error.html", code=code, title=title, message=message), code


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return f"{math.ceil(seconds / 60)} minutes"
