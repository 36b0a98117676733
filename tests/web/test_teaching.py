"""Teachers: classes, joining, the gradebook, drill-down, question analysis and exports, tried the
way a teacher and a learner would use them."""

import csv
import io
import re

import pytest

from pkcourse.courses.models import Course
from pkcourse.extensions import db
from pkcourse.numbers import format_percent as format_score
from pkcourse.numbers import percent_value
from pkcourse.quizzes.models import QuizAttempt
from pkcourse.teaching.models import Classroom, Membership
from tests.helpers import (
    PASSWORD,
    TINY_LESSONS,
    answer_key,
    login,
    post_form,
    submit_quiz,
    wrong_answers,
)

pytestmark = pytest.mark.tiny_course

FIRST = TINY_LESSONS[0]
JOIN_LINK = re.compile(
    r'id="join-link" type="text" readonly value="http://localhost(/join/[A-Z0-9]+)"'
)


def create_class(client, name: str = "Year 11 History") -> tuple[int, str]:
    response = post_form(client, "/teach", {"name": name})
    assert response.status_code == 302, response.text
    class_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/teach/classes/{class_id}/invite").text
    return class_id, JOIN_LINK.search(page).group(1)


def join(client, link: str):
    return post_form(client, link, {})


def csv_rows(response) -> list[list[str]]:
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def teacher(client, make_user):
    user = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    login(client, user.email)
    return user


@pytest.fixture
def learner_client(app, make_user):
    """A second browser: a learner logged in on their own client."""
    other = app.test_client()
    user = make_user("lea@example.com", "Lea Learner")
    login(other, user.email)
    other.user = user
    return other


def test_a_new_teacher_sees_how_to_start(client, teacher):
    page = client.get("/teach")
    assert page.status_code == 200
    assert "You have no classes yet" in page.text
    assert 'href="/teach"' in client.get("/").text  # the nav shows "Teach" to teachers


def test_from_class_to_gradebook_drilldown_analysis_and_csv_with_the_same_numbers(
    app, client, runner, learner_client
):
    created = runner.invoke(
        args=["users", "create", "rivera@example.com", "--role", "teacher", "--name", "Ms Rivera"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    assert login(client, "rivera@example.com").status_code == 302
    class_id, link = create_class(client)
    empty = client.get(f"/teach/classes/{class_id}").text
    assert "No learners in this class yet" in empty

    joined = join(learner_client, link)
    assert joined.status_code == 302
    assert "You joined “Year 11 History”" in learner_client.get("/").text
    with app.app_context():  # one wrong answer of three still passes
        db.session.execute(db.update(Course).values(pass_mark=60))
        db.session.commit()
    key = answer_key(app, FIRST)
    first = next(iter(key))
    answers = {**key, first: wrong_answers(app, FIRST)[first]}  # one wrong
    result, _ = submit_quiz(learner_client, FIRST, answers)
    assert result.status_code == 302
    questions = len(key)
    score = 100 * (questions - 1) / questions  # 66.7 with 3 questions
    course_score = score / len(TINY_LESSONS)  # the other lesson not tried

    book = client.get(f"/teach/classes/{class_id}").text
    assert "Lea Learner" in book
    assert f"<td class=p>{format_score(score)}<i>✓</i></td>" in book  # passed: colour + ✓
    # The other lessons and the final assessment: not started.
    assert book.count("<td class=n><i>○</i></td>") == len(TINY_LESSONS)
    summary = (
        f"1 learner · 0 completed the course · average course score {format_score(course_score)}"
    )
    assert summary in book

    drill = client.get(f"/teach/classes/{class_id}/learners/{learner_client.user.id}").text
    attempt_url = re.search(r'href="(/teach/classes/\d+/learners/\d+/attempts/\d+)"', drill)[1]
    answers_page = client.get(attempt_url).text
    assert "Passed" in answers_page and format_score(score) in answers_page
    assert answers_page.count('class="review-item review-right"') == questions - 1
    assert answers_page.count('class="review-item review-wrong"') == 1
    assert "Lea Learner\N{RIGHT SINGLE QUOTATION MARK}s answer" in answers_page

    analysis = client.get(f"/teach/classes/{class_id}/questions").text
    # One learner is too few to judge: the questions are folded into one line, not listed.
    assert "questions with fewer than 5 learners answering, not judged yet" in analysis
    assert analysis.count("(1 so far;") == questions and '<article class="item' not in analysis

    grades = csv_rows(client.get(f"/teach/classes/{class_id}/gradebook.csv"))
    header, row = grades
    assert row[:5] == ["Lea Learner", "lea@example.com", str(percent_value(score)), "yes", "1"]
    assert row[header.index("Course score %")] == str(percent_value(course_score))
    assert row[header.index("Modules passed")] == "1"
    attempts = csv_rows(client.get(f"/teach/classes/{class_id}/attempts.csv"))
    assert attempts[1][3:][:1] == ["1"]
    assert attempts[1][5:10] == [
        str(questions - 1),
        str(questions),
        str(percent_value(score)),
        "60",
        "yes",
    ]


def test_exports_are_dated_attachments(client, teacher):
    class_id, _ = create_class(client)
    for name in ("gradebook", "attempts"):
        response = client.get(f"/teach/classes/{class_id}/{name}.csv")
        assert response.mimetype == "text/csv"
        disposition = response.headers["Content-Disposition"]
        assert re.fullmatch(
            rf'attachment; filename="class-{class_id}-{name}-\d{{4}}-\d\d-\d\d.csv"', disposition
        )


def test_exported_names_never_run_as_formulas(app, client, teacher, make_user):
    class_id, link = create_class(client)
    names = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "Zoë Ünal"]
    for n, name in enumerate(names):
        other = app.test_client()
        make_user(f"l{n}@example.com", name)
        login(other, f"l{n}@example.com")
        join(other, link)
        submit_quiz(other, FIRST, answer_key(app, FIRST))
    for export in ("gradebook", "attempts"):
        rows = csv_rows(client.get(f"/teach/classes/{class_id}/{export}.csv"))[1:]
        cells = {row[0] for row in rows}
        assert cells >= {'\'=HYPERLINK("http://x")', "'+1+2", "'-3", "'@SUM(A1)", "Zoë Ünal"}
        assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell)


def test_a_learner_joins_by_typing_the_code_in_any_case(client, teacher, learner_client):
    _, link = create_class(client)
    code = link.rsplit("/", 1)[1]
    typed = f" {code[:4].lower()} - {code[4:].lower()} "
    response = learner_client.get("/classes/join", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/join/{code}"
    assert "Join the class" in learner_client.get(response.headers["Location"]).text


def test_a_mistyped_code_gets_a_clear_message(learner_client):
    short = learner_client.get("/classes/join", query_string={"code": "ABC"})
    assert short.status_code == 400
    assert "does not look like a join code" in short.text
    assert "never 0, 1, 5, I, L, O or S" in short.text  # the alphabet is explained
    typed = learner_client.get("/classes/join", query_string={"code": "abcd-efgh"})
    assert typed.status_code == 400
    assert "No class has this code" in typed.text and 'aria-invalid="true"' in typed.text
    unknown = learner_client.get("/join/ABCDEFGH")
    assert unknown.status_code == 404
    assert "No class has this code" in unknown.text and 'value="ABCDEFGH"' in unknown.text
    assert '<form method="get" action="/classes/join"' in unknown.text  # try again here


def test_joining_twice_keeps_one_membership(app, client, teacher, learner_client):
    _, link = create_class(client)
    join(learner_client, link)
    again = join(learner_client, link)
    assert again.status_code == 302
    assert "You are already in “Year 11 History”" in learner_client.get("/").text
    with app.app_context():
        assert db.session.query(Membership).count() == 1


def test_joining_needs_an_account_and_comes_back_to_the_class(client, teacher, app):
    _, link = create_class(client)
    visitor = app.test_client()
    response = visitor.get(link)
    assert response.status_code == 200
    assert "Join “Year 11 History”" in response.text and "Tess Teacher invites you" in response.text
    assert f'class="button" href="/auth/register?next={link}">Create an account' in response.text
    assert f'href="/auth/login?next={link}"' in response.text
    register = post_form(
        visitor,
        f"/auth/register?next={link}",
        {
            "email": "new@example.com",
            "display_name": "New Learner",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert register.headers["Location"] == link


def test_a_new_code_stops_the_old_link_and_keeps_members(app, client, teacher, learner_client):
    class_id, old_link = create_class(client)
    join(learner_client, old_link)
    invite = f"/teach/classes/{class_id}/invite"
    asked = post_form(client, f"/teach/classes/{class_id}/code", {}, form_url=invite)
    assert asked.status_code == 200
    assert "Make a new join code for “Year 11 History”?" in asked.text
    assert learner_client.get(old_link).status_code == 200  # nothing changed before confirming
    response = post_form(
        client, f"/teach/classes/{class_id}/code", {"confirmed": "yes"}, form_url=invite
    )
    assert response.status_code == 302
    assert "New join code" in client.get(invite).text
    assert learner_client.get(old_link).status_code == 404
    assert "Lea Learner" in client.get(f"/teach/classes/{class_id}").text


def test_removing_a_learner_keeps_their_attempts(app, client, teacher, learner_client):
    class_id, link = create_class(client)
    join(learner_client, link)
    submit_quiz(learner_client, FIRST, answer_key(app, FIRST))
    learner_url = f"/teach/classes/{class_id}/learners/{learner_client.user.id}"
    asked = post_form(client, learner_url + "/remove", {}, form_url=learner_url)
    assert "Remove Lea Learner from “Year 11 History”?" in asked.text
    assert client.get(learner_url).status_code == 200  # still in the class until confirmed
    response = post_form(
        client, learner_url + "/remove", {"confirmed": "yes"}, form_url=learner_url
    )
    assert response.status_code == 302
    book = client.get(f"/teach/classes/{class_id}").text
    assert "Lea Learner was removed" in book
    assert "No learners in this class yet" in book
    assert client.get(learner_url).status_code == 404
    progress = learner_client.get("/progress").text
    assert "You are not in a class" in progress
    with app.app_context():
        assert db.session.query(QuizAttempt).filter_by(user_id=learner_client.user.id).count() == 1


def test_a_class_needs_a_name(app, client, teacher):
    response = post_form(client, "/teach", {"name": "   "})
    assert response.status_code == 400
    assert "Give the class a name" in response.text
    with app.app_context():
        assert db.session.query(Classroom).count() == 0


def test_the_gradebook_sorts_by_any_column_and_ignores_nonsense(app, client, teacher, make_user):
    class_id, link = create_class(client)
    for email, name, answers in (
        ("a@example.com", "Ann Low", wrong_answers(app, FIRST)),
        ("b@example.com", "Bob High", answer_key(app, FIRST)),
    ):
        other = app.test_client()
        make_user(email, name)
        login(other, email)
        join(other, link)
        submit_quiz(other, FIRST, answers)

    def order(query: str) -> list[str]:
        page = client.get(f"/teach/classes/{class_id}?{query}").text
        return re.findall(r'learners/\d+">([^<]+)</a>', page)

    assert order("sort=name") == ["Ann Low", "Bob High"]
    assert order("sort=score&dir=desc") == ["Bob High", "Ann Low"]
    assert order("sort=score") == ["Ann Low", "Bob High"]
    module_id = re.search(r"sort=module-(\d+)", client.get(f"/teach/classes/{class_id}").text)[1]
    assert order(f"sort=module-{module_id}&dir=desc") == ["Bob High", "Ann Low"]
    assert order("sort=module-99999&dir=sideways") == ["Ann Low", "Bob High"]
    assert 'aria-sort="ascending"' in client.get(f"/teach/classes/{class_id}?sort=name").text


def test_charts_have_text_alternatives_and_tables(app, client, teacher, learner_client):
    class_id, link = create_class(client)
    join(learner_client, link)
    submit_quiz(learner_client, FIRST, answer_key(app, FIRST))
    page = client.get(f"/teach/classes/{class_id}/charts").text
    assert page.count('role="img"') == 2  # completion + the one module tried so far
    assert page.count("Nobody has tried this quiz yet.") == len(TINY_LESSONS)  # the rest + final
    assert "Module completion for this class" in page
    # Bands follow the pass mark (70%), so no band mixes passed and failed scores.
    assert "Below 70%: 0, 70-84%: 0, 85-100%: 1." in page  # the distribution chart's description
    assert "Completion as a table" in page and "Score distribution as a table" in page
    assert "Module 3" not in page  # the final assessment is named, never numbered
    assert "<figcaption>Final check" in page


def test_the_class_page_opens_on_the_gradebook(app, client, teacher, learner_client):
    class_id, link = create_class(client)
    join(learner_client, link)
    page = client.get(f"/teach/classes/{class_id}").text
    assert page.index("<h1>") < page.index('<table class="gradebook">')
    assert 'role="img"' not in page and 'id="join-link"' not in page  # on their own tabs
    assert '<abbr title="Final check">Final</abbr>' in page
    assert "<dt>M1</dt><dd>Where Water Is</dd>" in page
    assert "✓</span> passed" in page and "◐</span> tried" in page and "○</span> not started" in page
    for tab in ("charts", "questions", "invite"):
        assert f'href="/teach/classes/{class_id}/{tab}"' in page
    invite = client.get(f"/teach/classes/{class_id}/invite").text
    assert '<svg viewBox="0 0' in invite and 'class="qr"' in invite  # QR drawn on the server
    assert 'src="/static/js/copy.js"' in invite


def test_a_learner_sees_their_classes(client, teacher, learner_client):
    _, link = create_class(client)
    assert "You are not in a class" in learner_client.get("/progress").text
    join(learner_client, link)
    progress = learner_client.get("/progress").text
    assert "Year 11 History" in progress and "Tess Teacher" in progress
