"""Teacher reports kept per process (teaching/snapshots.py): served from memory while nothing they
are computed from changed, and computed again as soon as anything did."""

import pytest

from pkcourse.auth.models import User
from pkcourse.extensions import db
from pkcourse.teaching import reports
from pkcourse.teaching.models import Classroom
from tests.helpers import TINY_LESSONS, answer_key, login, post_form, submit_quiz
from tests.web.test_teaching import create_class, csv_rows, join

pytestmark = pytest.mark.tiny_course

FIRST = TINY_LESSONS[0]


@pytest.fixture
def teacher(client, make_user):
    user = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    login(client, user.email)
    return user


def learner_client(app, make_user, email: str, name: str):
    other = app.test_client()
    user = make_user(email, name)
    login(other, user.email)
    other.user = user
    return other


def pages(client, class_id: int) -> tuple[str, list[list[str]], str]:
    book = client.get(f"/teach/classes/{class_id}")
    table = client.get(f"/teach/classes/{class_id}/gradebook.csv")
    analysis = client.get(f"/teach/classes/{class_id}/questions")
    assert book.status_code == table.status_code == analysis.status_code == 200
    assert book.headers["Cache-Control"] == "no-store"
    return book.text, csv_rows(table), analysis.text


def test_reports_follow_submissions_joins_leaves_and_renames(app, client, teacher, make_user):
    class_id, link = create_class(client)
    lea = learner_client(app, make_user, "lea@example.com", "Lea Learner")
    join(lea, link)
    book, table, analysis = pages(client, class_id)
    assert "1 learner" in book and "Lea Learner" in book
    assert table[1][2] == ""  # no score yet
    assert "Nobody in this class has taken a lesson quiz yet" in analysis

    assert submit_quiz(lea, FIRST, answer_key(app, FIRST))[0].status_code == 302
    book, table, analysis = pages(client, class_id)
    assert "<td class=p>100%<i>✓</i></td>" in book
    assert table[1][2:5] == ["100", "yes", "1"]
    assert "Nobody in this class has taken a lesson quiz yet" not in analysis

    with app.app_context():
        db.session.get(User, lea.user.id).display_name = "Lea Renamed"
        db.session.commit()
    book, table, _ = pages(client, class_id)
    assert "Lea Renamed" in book and "Lea Learner" not in book
    assert table[1][0] == "Lea Renamed"

    max_ = learner_client(app, make_user, "max@example.com", "Max Learner")
    join(max_, link)
    book, table, _ = pages(client, class_id)
    assert "2 learners" in book and "Max Learner" in book and len(table) == 3

    assert post_form(lea, f"/classes/{class_id}/leave", {"confirmed": "yes"}).status_code == 302
    book, table, _ = pages(client, class_id)
    assert "1 learner" in book and "Lea Renamed" not in book and len(table) == 2

    with app.app_context():
        db.session.get(Classroom, class_id).name = "Year 12 History"
        db.session.commit()
    assert "<h1>Year 12 History</h1>" in client.get(f"/teach/classes/{class_id}").text


def test_an_unchanged_class_is_computed_once_per_process(
    app, client, teacher, make_user, monkeypatch
):
    class_id, link = create_class(client)
    lea = learner_client(app, make_user, "lea@example.com", "Lea Learner")
    join(lea, link)
    built = {"gradebook": 0, "questions": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            built[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(reports, "gradebook", counted("gradebook", reports.gradebook))
    monkeypatch.setattr(
        reports, "question_analysis", counted("questions", reports.question_analysis)
    )
    for _ in range(3):
        pages(client, class_id)
        client.get(f"/teach/classes/{class_id}?sort=score&dir=desc")
        client.get(f"/teach/classes/{class_id}/charts")
    assert built == {"gradebook": 1, "questions": 1}
    assert submit_quiz(lea, FIRST, answer_key(app, FIRST))[0].status_code == 302
    pages(client, class_id)
    assert built == {"gradebook": 2, "questions": 2}
