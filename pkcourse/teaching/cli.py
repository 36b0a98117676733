import click
from flask import current_app
from flask.cli import with_appcontext

from ..courses.services import get_course
from ..extensions import db
from . import demo

demo_cli = click.Group("demo", help="Demo data for a first look at the teacher pages.")


@demo_cli.command("seed")
@click.option("--learners", type=click.IntRange(0, 5000), default=30, show_default=True)
@click.option(
    "--seed", "random_seed", type=int, help="Fix the random choices (same data each time)."
)
@with_appcontext
def seed_demo(learners: int, random_seed: int | None) -> None:
    """Create a demo teacher, a class and LEARNERS learners with realistic quiz attempts."""
    course = get_course(current_app.config["COURSE_SLUG"])
    if course is None:
        raise click.ClickException(
            "The course is not imported yet. Run `flask --app pkcourse content import` first."
        )
    try:
        result = demo.seed(
            course,
            learners,
            seed=random_seed,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
    except demo.DemoExists as exc:
        raise click.ClickException(
            f"{exc} Demo data is created once; use a fresh database for a new demo."
        ) from exc
    db.session.commit()
    click.echo(
        f"Created “{result.classroom.name}” with {result.learners} learners and "
        f"{result.attempts} quiz attempts."
    )
    click.echo(f"Log in as the demo teacher: {result.teacher_email} / {result.password}")
    click.echo("(The password is shown only now. The learners are not for logging in.)")
