"""The questions of a quiz form as markup, each written once while nobody has answered it.

An unanswered question's fieldset depends only on its version (which never changes: an edit makes
a new one), its number on the page and the order its kind gave its choices, and most quiz pages
show questions nobody has answered yet; writing one costs more than the rest of its page.
"""

from typing import Any

from flask import current_app
from markupsafe import Markup

from .kinds import KINDS

# Fieldsets kept per app, each about 2 KB; when full, the store starts again. Every order of every
# lesson question would take some 1,600 (3 MiB per worker, measured); 512 hold the few quizzes a
# class works on at a time and keep two workers' memory in bounds (benchmarks/README.md).
MAX_FIELDSETS = 512


def question_fieldset(version, field, number: int, keep: bool = True) -> Markup:
    """Question ``number`` of a quiz form, as the ``question_fieldset`` macro of
    ``quizzes/_questions.html`` writes it: kept per app while the field has neither an answer nor
    an error, written for the form at hand otherwise. Nothing is kept with ``keep`` False (a
    final-assessment draw: its numbering and orders hardly ever come again) or with templates
    that reload (debug)."""
    if not keep or field.raw_data or field.errors or current_app.jinja_env.auto_reload:
        return _write(version, field, number)
    kept: dict[tuple, Markup] = current_app.extensions.setdefault("pkcourse.question_fieldsets", {})
    # The content hash keeps a database rebuilt under a running app from meeting another
    # question's markup under the same version id.
    key = (version.id, version.content_hash, number, KINDS[version.kind].order(field))
    markup = kept.get(key)
    if markup is None:
        if len(kept) >= MAX_FIELDSETS:
            kept.clear()
        markup = kept[key] = _write(version, field, number)
    return markup


def _write(version, field, number: int) -> Markup:
    macros: Any = current_app.jinja_env.get_template("quizzes/_questions.html").module
    return macros.question_fieldset(version, field, number)
