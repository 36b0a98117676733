"""Test helpers: the app factory with test settings, forms filled in like a browser, and learners
answering quizzes. Imported by tests and by conftest.py (which holds the fixtures only)."""

import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import yaml
from sqlalchemy import event

from pkcourse import create_app
from pkcourse.auth.models import User
from pkcourse.extensions import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COURSE_DIR = PROJECT_ROOT / "content" / "peacekeeping-diplomacy"
# A two-lesson course with one question of every kind: the mechanics tests (grading, locks,
# reports, counts, final assessment) run on it, so they never break when the shipped bank changes.
FIXTURES_DIR = PROJECT_ROOT / "tests" / "fixtures"
TINY_COURSE_DIR = FIXTURES_DIR / "tiny-water"
TINY_COURSE_SLUG = "tiny-water"
TINY_LESSONS = ("where-water-is", "how-water-moves")
# Hashing is slow by design; tests use a cheap method (the real one is tested on its own).
TEST_HASH_METHOD = "pbkdf2:sha256:1"
PASSWORD = "correct horse battery"
TEST_DATABASE_URL = os.environ.get("PKCOURSE_TEST_DATABASE_URL")


# The module whose quiz the item-writing tests break, and a passage of it their questions cite.
LINT_MODULE = "tools-for-conflict-resolution"
LINT_SOURCE = "Peacekeeping missions employ various methods to facilitate reconciliation"


def replace_choice_questions(quiz: dict, singles: int = 3, multiples: int = 3) -> list[str]:
    """Replace the choice questions of a quiz of ``LINT_MODULE`` (as loaded from its YAML) with
    plain ones, so that the module-wide item-writing rules have a known set to count whatever the
    shipped bank's mix of kinds: options of equal length, no absolute words, no words shared with
    the prompt, single-choice keys in positions 2, 3, 4... Returns their ids."""
    quiz["questions"] = [
        q for q in quiz["questions"] if q["type"] not in ("single_choice", "multiple_select")
    ]
    words = ("amber", "birch", "cedar", "delta")
    ids = []
    for n in range(singles + multiples):
        single = n < singles
        qid = f"zz-plain-{n + 1}"
        keys = {(n + 1) % 4} if single else {0, 2}
        quiz["questions"].append(
            {
                "id": qid,
                "type": "single_choice" if single else "multiple_select",
                "prompt": f"Plain question {n + 1}: pick the marked one.",
                "options": [
                    {"id": w[0], "text": w.capitalize(), "correct": True}
                    if i in keys
                    else {"id": w[0], "text": w.capitalize(), "feedback": "Not this one."}
                    for i, w in enumerate(words)
                ],
                "explanation": "The marked one.",
                "source": LINT_SOURCE,
            }
        )
        ids.append(qid)
    return ids


# Every app a test makes, so that a fixture can close their connection pools after the test: a
# pooled PostgreSQL connection left for the garbage collector raises a ResourceWarning (an error
# under filterwarnings) in whichever test happens to run then.
made_apps: list = []


@contextmanager
def engine_listener(app, event_name: str, listener):
    """``listener`` on the app's engine for ``event_name`` (SQLAlchemy engine events), inside the
    block only."""
    with app.app_context():
        engine = db.engine
    event.listen(engine, event_name, listener)
    try:
        yield
    finally:
        event.remove(engine, event_name, listener)


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "RATELIMIT_ENABLED": False,  # switched on by the tests that are about limits
    }
    config.update(overrides)
    app = create_app(config)
    made_apps.append(app)
    return app


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, form_url: str | None = None, **kwargs):
    """Open the page holding the form (to get its CSRF token), then submit it like a browser."""
    page = client.get(form_url or url)
    return client.post(url, data={"csrf_token": csrf_from(page.text), **data}, **kwargs)


def login(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    return post_form(client, url, {"email": email, "password": password})


QUIZ_HIDDEN = re.compile(
    r'name="(submission_token|order_seed|served)" type="hidden" value="([^"]+)"'
)
QUIZ_INPUT = re.compile(
    r'<input(?: checked)? id="[^"]+" name="(q\d+)"[^>]* type="(radio|checkbox)" value="([^"]+)"'
)
QUIZ_TEXT = re.compile(r'<input[^>]* name="(q\d+)"[^>]* type="text"')
SLOT_LIST = re.compile(r'<ul class="slot-rows( slot-rows-ordering)?">(.*?)</ul>', re.S)
SLOT_ROW = re.compile(
    r'<label class="slot-label" for="[^"]+">(.*?)</label>\s*<select id="[^"]+" name="((q\d+)-\d+)"'
    r"[^>]*>(.*?)</select>",
    re.S,
)
GAP_LIST = re.compile(r'<ul class="slot-rows slot-rows-gaps">(.*?)</ul>', re.S)
SELECT_OPTION = re.compile(r'<option value="([^"]*)"[^>]*>(.*?)</option>', re.S)


@dataclass(frozen=True)
class Order:
    """An ordering answer: the item texts in the order to submit."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class Gaps:
    """A gap-fill answer: per gap, in the sentence's order, the choice text (None leaves it)."""

    texts: tuple[str | None, ...]


@dataclass(frozen=True)
class Match:
    """A matching answer: left-hand text -> right-hand text (None leaves the row blank)."""

    pairs: tuple[tuple[str, str | None], ...]


class QuizPage:
    """A quiz form as served: its hidden fields and, per question field, what it offers.

    ``fields``: field name -> option ids (choice questions), row names (ordering, matching) or
    [] (short answer); ``kinds``: radio, checkbox, ordering, matching or text."""

    def __init__(self, html: str):
        self.html = html
        self.csrf = csrf_from(html)
        self.hidden = dict(QUIZ_HIDDEN.findall(html))
        self.fields: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.rows: dict[str, list[tuple[str, str]]] = {}  # field -> [(row name, row text)]
        self.choices: dict[str, dict[str, str]] = {}  # field -> {choice text: value}
        self.gap_choices: dict[str, dict[str, str]] = {}  # gap row name -> {choice text: value}
        for name, kind, value in QUIZ_INPUT.findall(html):
            self.fields.setdefault(name, []).append(value)
            self.kinds[name] = kind
        for name in QUIZ_TEXT.findall(html):
            self.fields[name] = []
            self.kinds[name] = "text"
        for ordering, body in SLOT_LIST.findall(html):
            for text, row_name, name, options in SLOT_ROW.findall(body):
                self.fields.setdefault(name, []).append(row_name)
                self.kinds[name] = "ordering" if ordering else "matching"
                self.rows.setdefault(name, []).append((row_name, unescape(text.strip())))
                self.choices[name] = {
                    unescape(label.strip()): value
                    for value, label in SELECT_OPTION.findall(options)
                    if value
                }
        for body in GAP_LIST.findall(html):
            for text, row_name, name, options in SLOT_ROW.findall(body):
                self.fields.setdefault(name, []).append(row_name)
                self.kinds[name] = "gaps"
                self.rows.setdefault(name, []).append((row_name, unescape(text.strip())))
                self.gap_choices[row_name] = {
                    unescape(label.strip()): value
                    for value, label in SELECT_OPTION.findall(options)
                    if value
                }
        # questions in the order the page shows them (each has a fieldset with its name as id)
        self.fields = dict(sorted(self.fields.items(), key=lambda i: html.find(f'id="{i[0]}"')))

    def encode(self, name: str, answer) -> dict:
        """The form fields a browser would send for ``answer`` to question field ``name``."""
        if isinstance(answer, Order):
            return {
                row: str(answer.texts.index(text) + 1) if text in answer.texts else ""
                for row, text in self.rows[name]
            }
        if isinstance(answer, Gaps):
            return {
                row: self.gap_choices[row][text] if text else ""
                for (row, _), text in zip(self.rows[name], answer.texts, strict=True)
            }
        if isinstance(answer, Match):
            wanted = dict(answer.pairs)
            return {
                row: self.choices[name][wanted[text]] if wanted.get(text) else ""
                for row, text in self.rows[name]
            }
        return {name: answer}

    def form_data(self, answers: dict) -> dict:
        data = {"csrf_token": self.csrf, **self.hidden}
        for name, answer in answers.items():
            data.update(self.encode(name, answer))
        return data


def gap_choices(version) -> list[list]:
    """A gap-fill version's options, gap by gap in the sentence's order."""
    gaps: dict[str, list] = {}
    for option in sorted(version.options, key=lambda o: o.position):
        gaps.setdefault(option.slug.split(".")[0], []).append(option)
    return list(gaps.values())


def key_for(version):
    """The fully right answer to a question version, in the shape ``QuizPage.encode`` takes."""
    options = version.options
    if version.kind == "gap_fill":
        return Gaps(tuple(next(c.text for c in cs if c.is_correct) for cs in gap_choices(version)))
    if version.kind == "ordering":
        return Order(tuple(o.text for o in sorted(options, key=lambda o: o.position)))
    if version.kind == "matching":
        return Match(tuple((o.text, o.match_text) for o in options if o.match_text))
    if version.kind == "short_answer":
        return options[0].text
    return [o.slug for o in options if o.is_correct]


def wrong_for(version):
    """An answer worth zero points."""
    options = version.options
    if version.kind == "gap_fill":
        return Gaps(
            tuple(next(c.text for c in cs if not c.is_correct) for cs in gap_choices(version))
        )
    if version.kind == "ordering":
        return Order(tuple(reversed(key_for(version).texts)))
    if version.kind == "matching":
        pairs = [o for o in options if o.match_text]
        rights = [o.match_text for o in pairs]
        return Match(tuple((o.text, rights[(n + 1) % len(rights)]) for n, o in enumerate(pairs)))
    if version.kind == "short_answer":
        return "certainly not this"
    return [next(o.slug for o in options if not o.is_correct)]


def any_response(version, n: int):
    """A valid response (as the grader takes it) that varies with ``n``, for bulk data."""
    slugs = [o.slug for o in version.options]
    if version.kind == "gap_fill":
        return {
            cs[0].slug.split(".")[0]: cs[(n + i) % len(cs)].slug.split(".")[1]
            for i, cs in enumerate(gap_choices(version))
        }
    if version.kind == "ordering":
        return slugs[n % len(slugs) :] + slugs[: n % len(slugs)]
    if version.kind == "matching":
        return {
            o.slug: slugs[(n + i) % len(slugs)]
            for i, o in enumerate(version.options)
            if o.match_text
        }
    if version.kind == "short_answer":
        return version.options[0].text if n % 2 else f"guess {n}"
    return [slugs[n % len(slugs)]]


def _module_versions(app, module_slug: str):
    from pkcourse.courses.models import Module
    from pkcourse.courses.services import current_questions

    module = db.session.scalar(db.select(Module).where(Module.slug == module_slug))
    return current_questions(module)


def answer_key(app, module_slug: str) -> dict:
    """Field name -> the right answer, read from the database as a teacher's key would be."""
    with app.app_context():
        return {f"q{v.id}": key_for(v) for v in _module_versions(app, module_slug)}


def wrong_answers(app, module_slug: str) -> dict:
    """For every question, an answer that scores zero."""
    with app.app_context():
        return {f"q{v.id}": wrong_for(v) for v in _module_versions(app, module_slug)}


def submit_quiz(client, module_slug: str, answers: dict):
    page = QuizPage(client.get(f"/modules/{module_slug}/quiz").text)
    return client.post(f"/modules/{module_slug}/quiz", data=page.form_data(answers)), page


MODULE_SLUGS = [
    "role-in-diplomacy",
    "strategic-frameworks",
    "tools-for-conflict-resolution",
    "challenges-and-limitations",
    "impact-on-diplomacy",
    "case-studies",
    "future-perspectives",
    "conclusion",
]


def lesson_slugs(app) -> list[str]:
    """The slugs of the app's course lessons, in order."""
    from pkcourse.courses.services import active_modules, get_course

    with app.app_context():
        return [m.slug for m in active_modules(get_course(app.config["COURSE_SLUG"]))]


def pass_every_module(client, app) -> None:
    """Pass every lesson's quiz in order, as the logged-in learner."""
    for slug in lesson_slugs(app):
        response, _ = submit_quiz(client, slug, answer_key(app, slug))
        assert response.status_code == 302, slug


def page_key(app, page: "QuizPage", wrong: bool = False) -> dict:
    """The right (or a zero-scoring) answer to every question on a served page, whichever
    questions it drew."""
    from pkcourse.courses.models import QuestionVersion

    with app.app_context():
        versions = {
            f"q{v.id}": v
            for v in db.session.scalars(
                db.select(QuestionVersion).where(
                    QuestionVersion.id.in_([int(name[1:]) for name in page.fields])
                )
            )
        }
        return {name: (wrong_for if wrong else key_for)(versions[name]) for name in page.fields}


def add_user(
    app,
    email: str = "learner@example.com",
    name: str = "Lea Learner",
    role: str = "learner",
    hash_method: str = TEST_HASH_METHOD,
) -> User:
    """Store an account with the password ``PASSWORD``; returns it detached from the session."""
    from pkcourse.auth.passwords import hash_password

    with app.app_context():
        user = User(
            email=email,
            display_name=name,
            role=role,
            password_hash=hash_password(PASSWORD, hash_method),
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def registration(name: str = "New Learner", password: str = "a fine long password", **fields):
    """The registration form's fields for a new account."""
    return {
        "email": "new@example.com",
        "display_name": name,
        "password": password,
        "confirm": password,
        **fields,
    }


def copy_course(source: Path, parent: Path) -> Path:
    """A copy of a course's content folder (same name, so the same course slug) to edit."""
    target = parent / source.name
    shutil.copytree(source, target)
    return target


def change_key(course_dir: Path, module_slug: str, question_slug: str, new_key: str) -> None:
    """Make option ``new_key`` the only right one of a choice question in a course copy: the
    kind of key fix a regrade follows. The wrong options keep (or get) the feedback the item
    checks ask for; the new key loses any feedback and misconception."""
    path = course_dir / "quizzes" / f"{module_slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == question_slug)
    for option in question["options"]:
        if option["id"] == new_key:
            option["correct"] = True
            option.pop("feedback", None)
            option.pop("misconception", None)
        else:
            option.pop("correct", None)
            option.setdefault("feedback", "The lesson says otherwise.")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
