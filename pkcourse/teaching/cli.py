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
    "--seed",
    "random_seed",
    type=int,
    help="Fix the random choices: the same learners, answers and scores on any fresh database.",
)
@click.option(
    "--teacher",
    "teacher_email",
    metavar="EMAIL",
    help="Give the demo class to this existing teacher instead of creating a demo teacher.",
)
@with_appcontext
def seed_demo(learners: int, random_seed: int | None, teacher_email: str | None) -> None:
    """Create a class of LEARNERS learners with realistic quiz attempts, once per database."""
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
            teacher_email=teacher_email,
        )
    except demo.DemoExists as exc:
        raise click.ClickException(
            f"{exc} Demo data is created once per database; use a fresh database for a new demo."
        ) from exc
    except demo.NotATeacher as exc:
        raise click.ClickException(
            f"{exc} Create it first (`flask --app pkcourse users create EMAIL --role teacher`)."
        ) from exc
    db.session.commit()
    click.echo(
        f"Created “{result.classroom.name}” with {result.learners} learners and "
        f"{result.attempts} quiz attempts."
    )
    if result.password is None:
        click.echo(f"It is in the classes of {result.teacher_email}: log in as that teacher.")
    else:
        click.echo(f"Log in as the demo teacher: {result.teacher_email} / {result.password}")
        click.echo("(The password is shown only now. The learners are not for logging in.)")
