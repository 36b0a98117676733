"""One guard for every request: malformed input is refused before any view or query sees it.

- ``Host``: a header that is not a plain host name, IPv4 or bracketed IPv6 address (with an
  optional port), or that is not in ``TRUSTED_HOSTS`` when that is set, is answered 400 by a WSGI
  middleware. It has to be that early: with a bad host Flask cannot build any URL, so not even its
  error page could be rendered.
- NUL bytes and invalid UTF-8 in the path, the query string, a header or a form field are
  answered 400 (the app's error page) before the first query: PostgreSQL refuses NUL in text and
  would turn it into a 500, SQLite would store it silently.
- Integer URL parts (``<int:…>``) are bounded to the range of an id column: anything larger is a
  404 on both databases instead of an overflow in the driver.
"""

import re
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Response

# Ids are INTEGER columns: 32-bit signed on PostgreSQL, the tightest of the two databases.
MAX_ID = 2**31 - 1

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"^(?:(?:{_LABEL}\.)*{_LABEL}\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?$")

BAD_HOST_PAGE = (
    b"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    b"<title>Bad request</title></head><body><main><h1>Bad request</h1>"
    b"<p>This site is not served under the host name your browser asked for.</p>"
    b"</main></body></html>"
)


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 0 … ``MAX_ID``: a larger number matches no route (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def is_clean(raw: bytes) -> bool:
    """True unless ``raw`` holds a NUL byte or is not valid UTF-8."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_clean_urlencoded(raw: bytes) -> bool:
    """``is_clean`` for a query string or form body once its %-escapes are decoded."""
    return is_clean(unquote_to_bytes(raw.replace(b"+", b" ")))


def _wsgi_bytes(value: str) -> bytes:
    # WSGI hands over bytes decoded as latin-1; anything else did not come off the wire.
    return value.encode("latin-1", "replace")


def is_valid_host(host: str, trusted: list[str] | None) -> bool:
    if not host or len(host) > 260 or not _HOST.match(host):
        return False
    return trusted is None or host_is_trusted(host, trusted)


class HostGuard:
    """WSGI middleware answering 400 to a malformed or untrusted ``Host`` header."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not is_valid_host(host, self.app.config.get("TRUSTED_HOSTS")):
            response = Response(BAD_HOST_PAGE, status=400, mimetype="text/html")
            response.headers["Cache-Control"] = "no-store"
            return response(environ, start_response)
        return self.wsgi_app(environ, start_response)


def malformed_part() -> str | None:
    """Which part of the current request is malformed, or None."""
    environ = request.environ
    if not is_clean(_wsgi_bytes(environ.get("PATH_INFO", ""))):
        return "path"
    if not is_clean_urlencoded(_wsgi_bytes(environ.get("QUERY_STRING", ""))):
        return "query string"
    for key, value in environ.items():
        # Cookies are left out: another site on the same domain may set any bytes in one, which
        # would lock its visitors out of this app, and the app reads only its own signed cookies.
        if (
            key.startswith("HTTP_")
            and key != "HTTP_COOKIE"
            and isinstance(value, str)
            and not is_clean(_wsgi_bytes(value))
        ):
            return "header"
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.mimetype == "application/x-www-form-urlencoded":
        if not is_clean_urlencoded(request.get_data(cache=True)):
            return "form"
    elif request.mimetype == "multipart/form-data":
        # Werkzeug has already decoded the parts, turning invalid UTF-8 into U+FFFD.
        values = [*request.form.keys(), *request.form.values()]
        values += [f.filename or "" for f in request.files.values()]
        if any("\x00" in v or "\ufffd" in v for v in values):
            return "form"
    return None


def refuse_malformed_input() -> None:
    part = malformed_part()
    if part is not None:
        abort(400, f"Something in this request's {part} cannot be read. Please go back and retry.")


def init_input_guard(app: Flask) -> None:
    """Install the guard; call before any blueprint is registered (the converter applies to the
    routes added after it) and before any other ``before_request`` function."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_malformed_input)
    app.wsgi_app = HostGuard(app.wsgi_app, app)  # type: ignore[method-assign]
