"""Small template helpers shared by every page."""

from datetime import datetime

from flask import Flask
from markupsafe import Markup

from .numbers import format_percent
from .quizzes.kinds import kind_of
from .urls import external_url_for


def format_datetime(value: datetime | None) -> Markup | str:
    """A <time> element in UTC, which static/js/time.js shows in the reader's time zone. Whole
    seconds: HTML allows at most three digits of a second's fraction in `datetime`."""
    if not value:
        return ""
    return Markup('<time datetime="{}" data-local>{}</time>').format(
        value.isoformat(timespec="seconds"), value.strftime("%d %b %Y, %H:%M UTC")
    )


def format_date(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def format_points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def register_template_helpers(app: Flask) -> None:
    # Block tags leave no blank lines behind: the gradebook repeats its cells thousands of times.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    # Every percentage on every page, by the one rule in numbers.py.
    app.add_template_filter(format_percent, "score")
    app.add_template_filter(format_points, "points")
    # Pages that show a question ask its kind (partial, label...) rather than test its name.
    app.add_template_global(kind_of, "question_kind")
    app.add_template_global(external_url_for)
