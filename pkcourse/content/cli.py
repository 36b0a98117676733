from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db

# The loader (YAML, JSON Schema, Markdown, HTML sanitizer) is imported inside the commands: the
# app registers this group at start-up, and web workers never build content, so they should not
# carry those libraries (about 5 MiB of PSS per worker; see benchmarks/README.md).

content_cli = click.Group("content", help="Check and import course content.")

COURSE_DIR = click.argument(
    "course_dir", required=False, type=click.Path(file_okay=False, path_type=Path)
)


def _default_course_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / current_app.config["COURSE_SLUG"]


def _load_or_exit(course_dir: Path):
    from .loader import ContentError, load_course

    try:
        return load_course(course_dir)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"{course_dir}/{problem}", err=True)
        raise click.ClickException(
            f"{len(exc.problems)} problem(s) found; nothing was imported."
        ) from exc


@content_cli.command("check")
@COURSE_DIR
@with_appcontext
def check_command(course_dir: Path | None) -> None:
    """Validate COURSE_DIR (default: the shipped course) without touching the database."""
    course_dir = course_dir or _default_course_dir()
    course = _load_or_exit(course_dir)
    questions = sum(len(m.questions) for m in course.modules)
    click.echo(f"{course_dir}: OK, {len(course.modules)} modules, {questions} questions.")


@content_cli.command("import")
@COURSE_DIR
@with_appcontext
def import_command(course_dir: Path | None) -> None:
    """Validate COURSE_DIR, then create or update the course in the database."""
    course_dir = course_dir or _default_course_dir()
    from .services import import_course

    course = _load_or_exit(course_dir)
    summary = import_course(course)
    db.session.commit()
    if not summary.changed:
        click.echo(f"Course {course.slug!r} is up to date; nothing changed.")
        return
    click.echo(
        f"Imported {course.slug!r}: {len(summary.created)} created, "
        f"{len(summary.updated)} updated, {len(summary.retired)} retired."
    )
    for line in summary.updated + summary.retired:
        click.echo(f"  {line}")
