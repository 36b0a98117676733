import sys

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from ..extensions import db
from ..names import name_problem, normalise_name
from . import services
from .models import ROLES
from .passwords import password_problem

users_cli = click.Group("users", help="Manage user accounts.")


def _password(ctx, param, value: str | None) -> str:
    """--password, else asked twice (hidden) at a terminal, else one line read from a pipe.
    A pipe has nothing to hide, so it is read directly, without getpass's "Password input may
    be echoed" warning for every prompt."""
    if value is not None:
        return value
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise click.BadParameter("give it with --password, at the prompt, or on stdin.")
    return line


password_option = click.option(
    "--password",
    callback=_password,
    help="Asked for (hidden, twice) at a terminal when not given; scripts can pipe it on stdin.",
)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Display name (defaults to the part before @).")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@password_option
@with_appcontext
def create_user(email: str, display_name: str | None, role: str, password: str) -> None:
    """Create an account with EMAIL (the password rules are the registration form's)."""
    if problem := password_problem(password, email=email):
        raise click.ClickException(f"That password cannot be used: {problem}")
    name = normalise_name(display_name or email.split("@")[0])
    if not name or (problem := name_problem(name)):
        raise click.ClickException(f"That display name cannot be used: {problem or 'it is empty.'}")
    try:
        user = services.register_user(
            email,
            name,
            password,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            role=role,
        )
    except services.EmailTaken as exc:
        raise click.ClickException(f"An account with {email} already exists.") from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


def _existing_user(email: str):
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no account with the email {email}.")
    return user


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def set_role(email: str, role: str) -> None:
    """Give the account EMAIL the role ROLE."""
    user = _existing_user(email)
    if user.role == role:
        click.echo(f"{user.email} is already a {role}; nothing changed.")
        return
    previous = user.role
    services.set_role(user, role)
    db.session.commit()
    click.echo(f"{user.email} is now a {role} (was a {previous}).")


@users_cli.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate(email: str) -> None:
    """Refuse logins to EMAIL and end its sessions and remember-me cookies now."""
    user = _existing_user(email)
    was_active = user.is_active
    services.deactivate_user(user)  # ends sessions even if already inactive
    db.session.commit()
    if was_active:
        click.echo(f"Deactivated {user.email}; every session of the account has ended.")
    else:
        click.echo(f"{user.email} was already deactivated; its sessions have ended.")


@users_cli.command("activate")
@click.argument("email")
@with_appcontext
def activate(email: str) -> None:
    """Allow EMAIL to log in again (earlier sessions stay ended)."""
    user = _existing_user(email)
    if user.is_active:
        click.echo(f"{user.email} is already active; nothing changed.")
        return
    services.activate_user(user)
    db.session.commit()
    click.echo(f"Activated {user.email}; they can log in again.")


@users_cli.command("reset-password")
@click.argument("email")
@with_appcontext
def reset_password(email: str) -> None:
    """Print a single-use link with which EMAIL can choose a new password."""
    from ..account import reset

    user = _existing_user(email)
    if not user.is_active:
        raise click.ClickException(f"{user.email} is deactivated; activate it first.")
    token = reset.reset_token(user, reset.BY_HAND)
    days = current_app.config["PASSWORD_RESET_ISSUED_MAX_AGE"] // 86400
    if current_app.config.get("SERVER_NAME"):
        link = url_for("account.reset_password", token=token, _external=True)
    else:
        # without PKCOURSE_SERVER_NAME the command cannot know the site's address
        with current_app.test_request_context():
            link = "<your site's address>" + url_for("account.reset_password", token=token)
    click.echo(f"Give {user.email} this link; it works once, within {days} days:\n{link}")
