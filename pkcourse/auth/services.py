"""Account use-cases. They flush, never commit: the caller commits once."""

import hmac
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..inputs import MAX_ID
from .models import ROLES, User
from .passwords import hash_password, needs_rehash, verify_password

_USER_ID = re.compile(r"[0-9]{1,10}")


class EmailTaken(Exception):
    pass


class WrongPassword(Exception):
    pass


class AccountDisabled(Exception):
    """The credentials are right but the account has been deactivated."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))


def register_user(
    email: str, display_name: str, password: str, *, hash_method: str, role: str = "learner"
) -> User:
    """Create an account; raises ``EmailTaken`` if the email is in use (also under a race)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if find_user_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(
        email=normalize_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password, hash_method),
        role=role,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:
        raise EmailTaken(email) from exc
    return user


def authenticate(email: str, password: str, *, hash_method: str) -> User | None:
    """The active user with these credentials, or None. Upgrades an outdated hash on success.

    Raises ``AccountDisabled`` for a deactivated account, but only once the password has been
    checked, so the difference tells nothing to someone who does not know it.
    """
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password, hash_method):
        return None
    if user is None:
        return None
    if not user.is_active:
        raise AccountDisabled(user.email)
    if needs_rehash(user.password_hash, hash_method):
        user.password_hash = hash_password(password, hash_method)
    return user


def change_password(
    user: User, current_password: str, new_password: str, *, hash_method: str
) -> None:
    """Replace the password and end every session and remember-me cookie of ``user``.

    Raises ``WrongPassword`` (changing nothing) unless ``current_password`` is right.
    """
    if not verify_password(user.password_hash, current_password, hash_method):
        raise WrongPassword
    user.password_hash = hash_password(new_password, hash_method)
    user.end_all_sessions()


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.role = role


def deactivate_user(user: User) -> None:
    """Refuse logins and end every session and remember-me cookie of ``user``."""
    user.is_active = False
    user.end_all_sessions()


def activate_user(user: User) -> None:
    user.is_active = True


@dataclass(frozen=True, eq=False)
class SessionUser:
    """The logged-in user as read for a request: a plain row, not an ORM object (every page asks
    for it, and loading it through the ORM cost a quarter of a lesson page). Read it; to change the
    account, ask for the row with ``account(current_user)``."""

    id: int
    email: str
    display_name: str
    role: str
    session_token: str

    # What Flask-Login asks of a user (an inactive account is never loaded).
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


_SESSION_USER = select(
    User.id, User.email, User.display_name, User.role, User.session_token, User.is_active
).where(User.id == bindparam("user_id"))


def load_user_from_session(login_id: str) -> SessionUser | None:
    """Resolve the ``id:token`` kept in the session; None for anything stale, forged or disabled."""
    user_id, _, token = login_id.partition(":")
    if not token or not _USER_ID.fullmatch(user_id) or int(user_id) > MAX_ID:
        return None
    row = db.session.connection().execute(_SESSION_USER, {"user_id": int(user_id)}).first()
    if row is None or not row.is_active or not hmac.compare_digest(row.session_token, token):
        return None
    return SessionUser(row.id, row.email, row.display_name, row.role, row.session_token)


def account(user: "User | SessionUser") -> User:
    """The account row of the logged-in user (``current_user``), to change it."""
    if isinstance(user, User):
        return user
    found = db.session.get(User, user.id)
    assert found is not None  # the session check has just read it
    return found
