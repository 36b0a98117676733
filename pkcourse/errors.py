"""Styled error pages; details are logged, never shown to the visitor outside debug."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (
        "Something was wrong with that request",
        "Please go back, reload the page and try again.",
    ),
    403: ("Not allowed", "Your account cannot open this page."),
    404: ("Page not found", "There is nothing here, or it is not yours to see."),
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
