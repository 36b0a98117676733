from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .definitions import CourseDef
from .lint import coverage, unused_misconceptions

# The loader (YAML, JSON Schema, Markdown, HTML sanitizer) is imported inside the commands: the
# app registers this group at start-up, and web workers never build content, so they should not
# carry those libraries (about 5 MiB of PSS per worker; see benchmarks/README.md).

content_cli = click.Group("content", help="Check and import course content.")

COURSE_DIR = click.argument(
    "course_dir", required=False, type=click.Path(file_okay=False, path_type=Path)
)


def _default_course_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / current_app.config["COURSE_SLUG"]


def _load_or_exit(course_dir: Path, importing: bool = False):
    from .loader import ContentError, load_course

    try:
        return load_course(course_dir)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"{course_dir}/{problem}", err=True)
        outcome = "; nothing was imported." if importing else "."
        raise click.ClickException(f"{len(exc.problems)} problem(s) found{outcome}") from exc


def _contents(course: CourseDef) -> str:
    questions = sum(len(module.questions) for module in course.modules)
    return f"{len(course.modules)} modules and {questions} questions"


@content_cli.command("check")
@COURSE_DIR
@with_appcontext
def check_command(course_dir: Path | None) -> None:
    """Validate COURSE_DIR (default: the shipped course) without touching the database."""
    course_dir = course_dir or _default_course_dir()
    course = _load_or_exit(course_dir)
    click.echo(f"{course_dir}: OK, {_contents(course)}.")
    for slug in unused_misconceptions(course):
        click.echo(f"Warning: no wrong option carries misconception {slug!r} (course.yaml).")
    _echo_coverage(course)


EXCERPT_WORDS = 8


def _echo_coverage(course: CourseDef) -> None:
    """Which sections questions cite, and the passages none cites: for authors, not an error."""
    lines, total, uncited = [], 0, 0
    for module in course.modules:
        for row in coverage(module.sections, module.passages, module.questions):
            total += len(row.section.anchors)
            uncited += len(row.uncited)
            count = len(row.citing_questions)
            lines.append(
                f"  {module.slug} / {row.section.title}: cited by {count} "
                f"question{'' if count == 1 else 's'}"
            )
            for passage in row.uncited:
                words = passage.text.split()
                excerpt = " ".join(words[:EXCERPT_WORDS]) + (
                    " …" if len(words) > EXCERPT_WORDS else ""
                )
                lines.append(f'    not cited: #{passage.anchor} "{excerpt}"')
    click.echo(
        f"Coverage (a report, not an error): {total - uncited} of {total} lesson passages "
        "are cited by at least one question."
    )
    for line in lines:
        click.echo(line)


@content_cli.command("import")
@COURSE_DIR
@with_appcontext
def import_command(course_dir: Path | None) -> None:
    """Validate COURSE_DIR, then create or update the course in the database."""
    from .services import import_course

    course_dir = course_dir or _default_course_dir()
    course = _load_or_exit(course_dir, importing=True)
    summary = import_course(course)
    db.session.commit()
    contents = _contents(course)
    if not summary.changed:
        click.echo(f"Course content is up to date ({contents}); nothing changed.")
        return
    if any(line.startswith("course ") for line in summary.created):
        click.echo(f"Imported {contents}.")
        return
    click.echo(
        f"Imported {contents}: {len(summary.created)} new, {len(summary.updated)} changed, "
        f"{len(summary.retired)} retired."
    )
    for line in summary.updated + summary.retired:
        click.echo(f"  {line}")


@content_cli.command("regrade")
@click.argument("question_id")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@with_appcontext
def regrade_command(question_id: str, dry_run: bool) -> None:
    """Regrade every learner's answers to QUESTION_ID (its number in the teacher's pages, or its
    id in the quiz file) that were graded on an older version, on its current version."""
    from ..regrading import services as regrading

    question = regrading.find_question_by_id(question_id)
    if question is None:
        raise click.ClickException(f"No question has the id {question_id!r}.")
    if dry_run:
        prepared = regrading.prepare(question, regrading.EVERYONE)
    else:
        applied = regrading.apply(question, regrading.EVERYONE, actor_id=None)
        prepared = applied.prepared
    for line in regrading.describe(prepared):
        click.echo(line)
    if prepared.plan.is_empty:
        return
    if dry_run:
        click.echo("Dry run: nothing was changed.")
        return
    db.session.commit()
    assert applied.regrade is not None
    click.echo(
        f"Regraded (audit entry {applied.regrade.id}); "
        f"{applied.certificates_issued} certificate(s) issued."
    )
