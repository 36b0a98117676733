"""Password reset links: signed, expiring and single-use, with nothing stored.

A link carries the account id and a fingerprint of the account's current password hash, signed
with the app's secret and timestamped. Setting a new password changes the hash, so a used link
(and every other link issued before it) stops working at once; an old one also dies of age.
"""

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow

RESET_SALT = "pkcourse.password-reset"
BY_EMAIL, BY_HAND = "mail", "issued"  # sent to the learner / handed over by a teacher or admin


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=RESET_SALT)


def _max_age(kind: str) -> int:
    key = "PASSWORD_RESET_EMAIL_MAX_AGE" if kind == BY_EMAIL else "PASSWORD_RESET_ISSUED_MAX_AGE"
    return int(current_app.config[key])


def _fingerprint(user: User) -> str:
    # the link is readable, so it carries a keyed digest of the hash, never the hash itself
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def reset_token(user: User, kind: str) -> str:
    return _serializer().dumps({"u": user.id, "h": _fingerprint(user), "k": kind})


def user_for_reset_token(token: str) -> User | None:
    """The active account this link may reset, or None (forged, expired, used, or disabled)."""
    longest = max(_max_age(BY_EMAIL), _max_age(BY_HAND))
    try:
        data, signed_at = _serializer().loads(token, max_age=longest, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or data.get("k") not in (BY_EMAIL, BY_HAND):
        return None
    if (utcnow() - signed_at).total_seconds() > _max_age(data["k"]):
        return None
    user_id = data.get("u")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(_fingerprint(user), str(data.get("h"))):
        return None
    return user
