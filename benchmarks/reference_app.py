# ruff: noqa: E501 RUF001 (the templates are HTML, as pkcourse writes it)
"""The yardstick for `bench.py`: a bare Flask app serving one page shaped like a pkcourse quiz
page (a base layout with a navigation loop, 12 paragraphs of text and 10 questions of 4 radio
buttons, about 8.8 KB of HTML), with no database, no session and no extensions.

Served by gunicorn exactly like pkcourse (``gunicorn 'benchmarks.reference_app:create_app()'``),
it measures what the machine, gunicorn, Werkzeug and Jinja cost on their own; pkcourse's pages are
reported as a ratio to it.

``/floor`` is the same page with the least a logged-in page of a database-backed app does: it
reads a signed Flask session cookie and checks the user it names with one SELECT of pkcourse's
``user_account`` table (SQLAlchemy Core, a pooled connection per request, the database of
``PKCOURSE_DATABASE_URL``). ``/floor/login`` sets that cookie. No extensions even so: no
Flask-Login, Flask-WTF or Flask-SQLAlchemy. Its ratio is a floor for pkcourse's logged-in pages,
which also check the course row, read progress and sign a CSRF token.
"""

import os
from functools import cache

from flask import Flask, abort, redirect, render_template, session
from sqlalchemy import create_engine, text

BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · Reference course</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/">Reference course</a>
  <nav aria-label="Main">
    <ul>
    {% for item in nav %}
      <li><a href="{{ item.href }}"{% if item.current %} aria-current="page"{% endif %}>{{ item.title }}</a></li>
    {% endfor %}
    </ul>
  </nav>
</header>
<main id="main">
{% block content %}{% endblock %}
</main>
<footer class="site-footer"><p>{{ footer }}</p></footer>
</body>
</html>
"""

PAGE = """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Course</a> › <span>{{ title }}</span></nav>
<h1>{{ title }}</h1>
<article class="lesson">
{% for paragraph in paragraphs %}
  <p>{{ paragraph }}</p>
{% endfor %}
</article>
<form method="post" class="quiz">
<input type="hidden" name="csrf_token" value="{{ token }}">
{% for question in questions %}
{% set number = loop.index %}
<fieldset class="question" id="q{{ number }}">
<legend>Question {{ number }}. {{ question.prompt }}</legend>
{% for option in question.options %}
<label for="q{{ number }}-{{ loop.index0 }}"><input id="q{{ number }}-{{ loop.index0 }}" name="q{{ number }}" type="radio" value="{{ option.value }}"> {{ option.text }}</label>
{% endfor %}
</fieldset>
{% endfor %}
<button type="submit" class="button">Submit answers</button>
</form>
{% endblock %}
"""

SENTENCE = "Missions keep a ceasefire in view of both sides and give talks time."
NAV = [
    {"href": f"/modules/module-{n}", "title": f"Module {n}: a lesson", "current": n == 3}
    for n in range(1, 10)
]
PARAGRAPHS = [f"Paragraph {n}. {SENTENCE} {SENTENCE}" for n in range(1, 13)]
QUESTIONS = [
    {
        "prompt": "Which statement does the lesson support?",
        "options": [
            {"value": slug, "text": f"Answer {slug}, as the lesson has it"} for slug in "abcd"
        ],
    }
    for n in range(1, 11)
]


def create_app() -> Flask:
    from jinja2 import DictLoader

    app = Flask(__name__)
    app.jinja_loader = DictLoader({"base.html": BASE, "page.html": PAGE})
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # as pkcourse does

    app.secret_key = os.environ.get("PKCOURSE_SECRET_KEY", "reference")

    def render_page():
        return render_template(
            "page.html",
            title="Module 3: the reference page",
            nav=NAV,
            paragraphs=PARAGRAPHS,
            questions=QUESTIONS,
            token="x" * 56,
            footer="A reference page for benchmarks.",
        )

    @app.get("/")
    def page():
        return render_page()

    @app.get("/floor/login")
    def floor_login():
        with engine().connect() as connection:
            session["user_id"] = connection.execute(
                text("SELECT min(id) FROM user_account")
            ).scalar()
        return redirect("/floor")

    @app.get("/floor")
    def floor():
        user_id = session.get("user_id")
        if user_id is None:
            abort(403)
        with engine().connect() as connection:
            user = connection.execute(USER, {"id": user_id}).first()
        if user is None:
            abort(403)
        return render_page()

    return app


USER = text("SELECT id, display_name, session_token FROM user_account WHERE id = :id")


@cache
def engine():
    # Made on first use, so in each gunicorn worker after the fork.
    return create_engine(os.environ["PKCOURSE_DATABASE_URL"])
