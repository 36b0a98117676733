"""Throttling of password guessing and account creation, with Flask-Limiter.

Only the POSTs are counted (showing a form is free):

- login: every attempt per client address, and wrong passwords per account (the submitted email),
  so a classmate's typos never slow anyone else down and a correct login costs nothing;
- password change: wrong current passwords per account (someone at an unlocked computer cannot
  guess on; a mistyped new password or confirmation is not counted);
- registration: every attempt per client address.

Every limit is a moving time window that ends by itself: throttling pauses guessing, it never locks
the real owner out for good. Counters live in Redis when ``REDIS_URL`` is set (shared by every
worker and server), else in process memory.

The limiter is made per app rather than kept in ``extensions``: Flask-Limiter keeps its storage,
key prefix and on/off switch on the instance, so one instance bound to two apps (the test suite
builds hundreds) would silently share or switch off the other's counters.
"""

import hashlib
import math
import time
from collections.abc import Callable

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many

from .services import normalize_email

LIMIT_SETTINGS = (
    "LOGIN_LIMIT_PER_ADDRESS",
    "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT",
    "REGISTER_LIMIT_PER_ADDRESS",
    "RESET_LIMIT_PER_ADDRESS",
)


def client_address() -> str:
    # request.remote_addr is the real client only behind ProxyFix (PROXY_FIX = true).
    return f"address:{get_remote_address()}"


def submitted_account() -> str:
    """The account a login is aimed at; hashed, so emails never appear in Redis keys."""
    email = normalize_email(request.form.get("email", ""))[:254]
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def current_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "user:anonymous"


def record_password_failure() -> None:
    """Called by a view that has just refused a password: only these requests are counted
    against the account, not a form refused for any other reason (a mistyped confirmation)."""
    g.password_failed = True


def is_failure(response) -> bool:
    return g.get("password_failed", False)


def init_throttling(app: Flask) -> Limiter:
    """Bind a limiter to ``app`` and wrap the auth views with their limits."""
    for name in LIMIT_SETTINGS:
        try:
            parse_many(str(app.config[name]))
        except ValueError as exc:
            raise RuntimeError(f"{name} is not a rate limit such as '5 per 15 minutes'") from exc

    limiter = Limiter(key_func=client_address)
    limiter.init_app(app)
    if not limiter.enabled:
        return limiter

    config = app.config

    def limit(setting: str, key_func: Callable[[], str], message: str, **kwargs):
        return limiter.limit(
            str(config[setting]),
            key_func=key_func,
            methods=["POST"],
            error_message=message,
            **kwargs,
        )

    rules = {
        "auth.login": [
            limit(
                "LOGIN_LIMIT_PER_ADDRESS",
                client_address,
                "There have been too many login attempts from your network.",
            ),
            limit(
                "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT",
                submitted_account,
                "There have been too many failed logins for this account. It is not locked: "
                "logging in works again when the pause is over.",
                deduct_when=is_failure,
            ),
        ],
        "auth.change_password": [
            limit(
                "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT",
                current_account,
                "The current password was entered wrongly too many times.",
                deduct_when=is_failure,
            ),
        ],
        "account.forgot_password": [
            limit(
                "RESET_LIMIT_PER_ADDRESS",
                client_address,
                "Too many password reset e-mails have been asked for from your network.",
            ),
        ],
        "account.change_email": [
            limit(
                "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT",
                current_account,
                "The password was entered wrongly too many times.",
                deduct_when=is_failure,
            ),
        ],
        "account.delete": [
            limit(
                "PASSWORD_FAILURE_LIMIT_PER_ACCOUNT",
                current_account,
                "The password was entered wrongly too many times.",
                deduct_when=is_failure,
            ),
        ],
        "auth.register": [
            limit(
                "REGISTER_LIMIT_PER_ADDRESS",
                client_address,
                "Too many accounts have been created from your network.",
            ),
        ],
    }
    for endpoint, limits in rules.items():
        view = app.view_functions[endpoint]
        for route_limit in limits:
            view = route_limit(view)
        app.view_functions[endpoint] = view
    return limiter


def retry_after_seconds() -> int:
    """Seconds until the limit this request broke lets one more attempt through (at least 1)."""
    for limiter in current_app.extensions.get("limiter", ()):
        breached = limiter.current_limit
        if breached is not None and breached.breached:
            reset_time = breached.window[0]  # when the oldest counted attempt leaves it
            return max(1, math.ceil(reset_time - time.time()))
    return 60
