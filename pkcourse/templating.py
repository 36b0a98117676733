"""Small template helpers shared by every page."""

from collections.abc import Callable, Hashable
from datetime import datetime

from flask import Flask, current_app, request
from markupsafe import Markup

from .numbers import format_percent
from .quizzes.fieldsets import question_fieldset
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


def kind_macros(name: str):
    """The macros (``field``, ``review``) of a question kind's template partial: the template's
    module, which ``{% import %}`` gives too, without the import's own cost (a quiz page asks once
    per question, and an import compares the page's globals with the partial's every time)."""
    return current_app.jinja_env.get_template(kind_of(name).partial).module


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
    app.add_template_global(kind_macros)
    app.add_template_global(question_fieldset)
    app.add_template_global(external_url_for)
    # Templates build the same links on every page (17 on a lesson page): each built once.
    app.jinja_env.globals["url_for"] = remembered_url_for(app.url_for)


# Links kept per process; when full, the store starts again (links are cheap to build again).
MAX_REMEMBERED_URLS = 4096


def remembered_url_for(url_for: Callable[..., str]) -> Callable[..., str]:
    """``url_for`` for templates, remembering the relative links it built: a relative link depends
    only on the endpoint, its values and the path the app is mounted at (and, for an endpoint
    relative to the current blueprint, the blueprint). Anything else (``_external``, ``_anchor``
    and the other options, values that cannot be a key) goes to ``url_for`` every time."""
    built: dict[Hashable, str] = {}

    def remembered(endpoint: str, **values) -> str:
        if any(name.startswith("_") for name in values):
            return url_for(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        key = (request.script_root, blueprint, endpoint, *sorted(values.items()))
        try:
            return built[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be part of a key (a list...)
            return url_for(endpoint, **values)
        url = url_for(endpoint, **values)
        if len(built) >= MAX_REMEMBERED_URLS:
            built.clear()
        built[key] = url
        return url

    return remembered
