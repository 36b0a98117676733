"""Property-based fuzzing of every route: whoever asks (anonymous, learner, teacher, admin) and
whatever they send (hostile path parts, query strings, form fields including the quiz's hidden
fields and options of other questions, headers), the answer is never a 5xx, and a request that is
refused (4xx) writes nothing.

The routes come from ``app.url_map``, so a new route is fuzzed without touching this file.
``PKCOURSE_FUZZ_EXAMPLES`` sets the number of requests per identity (default 500: 2,000 requests in
all, about 40 seconds of CPU per database); raise it for a longer hunt.
"""

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkcourse.courses.models import Module, Option, QuestionVersion
from pkcourse.extensions import db
from tests.helpers import (
    PASSWORD,
    QuizPage,
    answer_key,
    csrf_from,
    login,
    post_form,
    wrong_answers,
)

pytestmark = pytest.mark.usefixtures("open_quizzes")

EXAMPLES = int(os.environ.get("PKCOURSE_FUZZ_EXAMPLES", "500"))
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
# Tables that hold what people did; a refused request must leave every row as it was.
RECORD_TABLES = [
    "user_account",
    "classroom",
    "class_membership",
    "module_progress",
    "quiz_attempt",
    "certificate",
    "answer",
    "answer_selection",
]
FIELD_NAMES = [
    "email",
    "password",
    "confirm",
    "display_name",
    "remember",
    "current_password",
    "new_password",
    "name",
    "code",
    "submission_token",
    "order_seed",
    "draw",
]
QUERY_KEYS = ["next", "sort", "dir", "code", "page", "q", "_user_id"]
HOSTILE = [
    "",
    " ",
    "\x00",
    "%00",
    "a\x00b",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "1e309",
    "NaN",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "\u202eevil",
    "\u200b",
    "\ufeff",
    "\udcff",
    "\U0001f600" * 20,
    "a" * 5000,
    "null",
    "[]",
    "{}",
]


@dataclass
class World:
    """Known ids and values, so that hostile requests also hit real objects (others' too)."""

    slugs: list[str]
    ids: list[str]
    codes: list[str]
    question_fields: list[str]
    option_slugs: list[str]
    clients: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)


@pytest.fixture
def world(app, make_user) -> World:
    learner = make_user("learner@example.com", "Lea Learner")
    other = make_user("other@example.com", "Otto Other")
    teacher = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    make_user("admin@example.com", "Ada Admin", role="admin")
    clients = {"anonymous": app.test_client()}
    for identity, email in [
        ("learner", learner.email),
        ("teacher", teacher.email),
        ("admin", "admin@example.com"),
    ]:
        clients[identity] = app.test_client()
        assert login(clients[identity], email).status_code == 302

    other_client = app.test_client()
    login(other_client, other.email)
    other_teacher = app.test_client()
    login(other_teacher, make_user("teacher2@example.com", "Theo", role="teacher").email)
    theirs = post_form(other_teacher, "/teach", {"name": "Not yours"})
    their_class = theirs.headers["Location"].rsplit("/", 1)[1]
    ids = {str(learner.id), str(other.id), str(teacher.id), their_class}
    fields: set[str] = set()
    for client, answers in [
        (clients["learner"], wrong_answers(app, "case-studies")),
        (other_client, answer_key(app, "case-studies")),
    ]:
        page = QuizPage(client.get("/modules/case-studies/quiz").text)
        fields |= {name for name, _ in page.form_data(answers).items() if name.startswith("q")}
        response = client.post("/modules/case-studies/quiz", data=page.form_data(answers))
        ids.add(response.headers["Location"].rsplit("/", 1)[1])
    made = post_form(clients["teacher"], "/teach", {"name": "Year 11"})
    class_id = made.headers["Location"].rsplit("/", 1)[1]
    ids.add(class_id)
    gradebook = clients["teacher"].get(f"/teach/classes/{class_id}/invite").text
    code = gradebook.split("/join/", 1)[1].split('"', 1)[0]
    post_form(clients["learner"], f"/join/{code}", {})

    with app.app_context():
        versions = db.session.scalars(db.select(QuestionVersion.id)).all()
        options = db.session.scalars(db.select(Option.slug).distinct()).all()
        slugs = db.session.scalars(db.select(Module.slug)).all()
    return World(
        slugs=list(slugs),
        ids=sorted(ids),
        codes=[code, code.lower(), "ABCD-EFGH"],
        question_fields=sorted(fields) + [f"q{v}" for v in versions[:40]],
        option_slugs=list(options[:60]),
        clients=clients,
    )


def fingerprint(app) -> str:
    """A digest of every row of the learner-record tables."""
    digest = hashlib.sha256()
    with app.app_context():
        for name in RECORD_TABLES:
            table = db.metadata.tables[name]
            rows = db.session.execute(table.select().order_by(*table.primary_key.columns))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
            digest.update(b"|")
        db.session.rollback()
    return digest.hexdigest()


def text_values(world: World):
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(world.ids + world.slugs + world.codes + world.option_slugs),
        st.text(max_size=40),
        st.from_regex(r"[A-Za-z0-9_-]{16,64}", fullmatch=True),  # well-formed tokens
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def ids(world: World):
    """Real ids (one's own and other people's objects) and numbers around the ends of a 32-bit
    and a 64-bit id column, and far beyond."""
    edges = [str(n) for n in (2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**40)]
    return st.one_of(
        st.sampled_from(world.ids + edges), st.integers(min_value=0, max_value=2**80).map(str)
    )


def quote_part(raw: str) -> str:
    return quote(raw.encode("utf-8", "surrogatepass"), safe="")


def header_values():
    return st.one_of(
        st.sampled_from(["\x00", "caf\xe9", "a" * 300, "", "-"]),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
    )


@st.composite
def requests(draw, app, world: World):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    rule = draw(st.sampled_from(rules))
    values = text_values(world)
    path = rule.rule
    for argument in sorted(rule.arguments):
        if f"<int:{argument}>" in path:
            raw = draw(st.one_of(ids(world), values))
            path = path.replace(f"<int:{argument}>", quote_part(raw))
        else:
            raw = draw(st.one_of(st.sampled_from(world.slugs + world.codes), values))
            path = path.replace(f"<{argument}>", quote_part(raw))
    allowed = sorted(rule.methods - {"HEAD", "OPTIONS"})
    method = draw(st.one_of(st.sampled_from(allowed), st.sampled_from(METHODS)))
    query = draw(st.dictionaries(st.sampled_from(QUERY_KEYS), values, max_size=3))
    form = {}
    if method != "GET":
        names = st.one_of(
            st.sampled_from(FIELD_NAMES),
            st.sampled_from(world.question_fields),
            st.text(max_size=8),
        )
        form = draw(st.dictionaries(names, values, max_size=8))
        # the answer to one question naming the options of another
        for name in draw(st.lists(st.sampled_from(world.question_fields), max_size=3)):
            form[name] = draw(st.sampled_from(world.option_slugs))
        form["csrf_token"] = draw(st.sampled_from(["valid", "valid", "valid", "", "forged"]))
        if draw(st.booleans()):
            form["submission_token"] = secrets.token_urlsafe(24)
            form["order_seed"] = secrets.token_urlsafe(24)
    headers = draw(
        st.dictionaries(
            st.sampled_from(["User-Agent", "X-Request-ID", "Referer", "Accept-Language", "Host"]),
            header_values(),
            max_size=2,
        )
    )
    return method, path, query, form, headers


def clean_for_wire(value: str) -> str:
    # Lone surrogates cannot be sent as UTF-8 at all; a browser would send U+FFFD.
    return value.encode("utf-8", "replace").decode("utf-8")


def send(world: World, identity: str, app, method, path, query, form, headers):
    client = world.clients[identity]
    if identity == "anonymous":
        client = app.test_client()  # a registration must not log the next example in
    if form.get("csrf_token") == "valid":
        if identity not in world.tokens or identity == "anonymous":
            form_page = "/auth/register" if identity == "anonymous" else "/auth/password"
            world.tokens[identity] = csrf_from(client.get(form_page).text)
        form = {**form, "csrf_token": world.tokens[identity]}
    form = {clean_for_wire(k): clean_for_wire(v) for k, v in form.items()}
    query = {k: clean_for_wire(v) for k, v in query.items()}
    return client.open(path, method=method, query_string=query, data=form, headers=headers)


def relogin_if_needed(world: World, identity: str, response, path: str) -> None:
    if identity != "anonymous" and path.startswith("/auth/logout") and response.status_code < 400:
        emails = {"learner": "learner@example.com", "teacher": "teacher@example.com"}
        client = world.clients[identity]
        assert login(client, emails.get(identity, "admin@example.com"), PASSWORD).status_code == 302
        world.tokens.pop(identity, None)


@pytest.mark.parametrize("identity", ["anonymous", "learner", "teacher", "admin"])
def test_no_request_is_a_server_error_and_refused_ones_write_nothing(app, world, identity):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=requests(app, world))
    def run(request):
        method, path, query, form, headers = request
        response = send(world, identity, app, method, path, query, form, headers)
        status = response.status_code
        response.close()
        assert status < 500, (identity, method, path, query, form, headers, response.text[:300])
        after = fingerprint(app)
        if status >= 400:
            assert after == state["rows"], (identity, method, path, query, form, status)
        state["rows"] = after
        relogin_if_needed(world, identity, response, path)  # logging in writes nothing

    state = {"rows": fingerprint(app)}
    run()
