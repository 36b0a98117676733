import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from . import services
from .models import ROLES

users_cli = click.Group("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Display name (defaults to the part before @).")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.password_option(help="Asked for (hidden, confirmed) when not given; can be piped on stdin.")
@with_appcontext
def create_user(email: str, display_name: str | None, role: str, password: str) -> None:
    """Create an account with EMAIL."""
    try:
        user = services.register_user(
            email,
            display_name or email.split("@")[0],
            password,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            role=role,
        )
    except services.EmailTaken as exc:
        raise click.ClickException(f"An account with {email} already exists.") from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")
