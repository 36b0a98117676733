"""A learner reports a problem with a question from their result page; their teacher sees the note
next to the question's statistics and marks it resolved. Nobody else sees it."""

import re

import pytest

from pkcourse.extensions import db
from pkcourse.teaching.models import QuestionFlag
from tests.helpers import answer_key, csrf_from, login, submit_quiz
from tests.web.test_teaching import create_class, join

FIRST = "role-in-diplomacy"


@pytest.fixture
def setting(app, client, make_user):
    """A teacher (on `client`) with a class; Lea in it, who has submitted the first quiz."""
    login(client, make_user("t@example.com", "Tess Teacher", role="teacher").email)
    class_id, link = create_class(client)
    lea = app.test_client()
    lea.user = make_user("lea@example.com", "Lea Learner")
    login(lea, lea.user.email)
    join(lea, link)
    response, _ = submit_quiz(lea, FIRST, answer_key(app, FIRST))
    result_url = response.headers["Location"]
    return class_id, lea, result_url


def version_ids(page: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="question_version_id" value="(\d+)"', page)]


def send(client, result_url: str, version_id: int, reason: str = "wrong", comment: str = ""):
    page = client.get(result_url).text
    attempt_id = result_url.rsplit("/", 1)[1]
    data = {
        "csrf_token": csrf_from(page),
        "question_version_id": version_id,
        "reason": reason,
        "comment": comment,
    }
    return client.post(f"/attempts/{attempt_id}/flag", data=data)


def test_a_flag_reaches_the_teacher_who_marks_it_resolved(app, client, setting):
    class_id, lea, result_url = setting
    result = lea.get(result_url).text
    assert "Report a problem with this question" in result
    first = version_ids(result)[0]
    sent = send(lea, result_url, first, comment="Two options say the same thing.")
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"#question-{first}")
    after = lea.get(result_url).text
    assert "Your teacher sees your note" in after
    assert "You reported a problem with this question" in after
    assert first not in version_ids(after)

    analysis = client.get(f"/teach/classes/{class_id}/questions").text
    # One learner is too few to judge the statistics, but a learner's note is always listed.
    assert "1 learner reported a problem" in analysis
    assert (
        "Lea Learner</strong>: the question seems wrong: “Two options say the same thing.”"
        in analysis
    )
    assert "1 flagged by learners" in analysis
    filtered = client.get(f"/teach/classes/{class_id}/questions?flag=learners").text
    assert filtered.count('<article class="item') == 1

    with app.app_context():
        flag_id = db.session.scalar(db.select(QuestionFlag.id))
    resolve = f"/teach/classes/{class_id}/flags/{flag_id}/resolve"
    done = client.post(resolve, data={"csrf_token": csrf_from(analysis), "flag": "learners"})
    assert done.status_code == 302 and done.headers["Location"].endswith("?flag=learners")
    assert "reported a problem" not in client.get(f"/teach/classes/{class_id}/questions").text
    with app.app_context():
        flag = db.session.get(QuestionFlag, flag_id)
        assert flag.resolved_at is not None and flag.resolved_by_id is not None

    # Flagging the same question again reopens the one note rather than adding a second.
    send(lea, result_url, first, reason="unclear")
    with app.app_context():
        (flag,) = db.session.scalars(db.select(QuestionFlag)).all()
        assert flag.reason == "unclear" and flag.resolved_at is None


def test_a_learner_can_only_flag_questions_of_their_own_attempts(app, client, setting, make_user):
    _, lea, result_url = setting
    first = version_ids(lea.get(result_url).text)[0]
    other = app.test_client()
    login(other, make_user("sam@example.com", "Sam").email)
    token = csrf_from(other.get("/progress").text)
    attempt_id = result_url.rsplit("/", 1)[1]
    data = {"csrf_token": token, "question_version_id": first, "reason": "wrong"}
    assert other.post(f"/attempts/{attempt_id}/flag", data=data).status_code == 404
    assert send(lea, result_url, 999999).status_code == 404  # not a question of this attempt
    bad = send(lea, result_url, first, reason="boring")
    assert bad.status_code == 302
    assert "Choose whether the question seems wrong" in lea.get(result_url).text
    with app.app_context():
        assert db.session.query(QuestionFlag).count() == 0


def test_other_teachers_neither_see_nor_resolve_a_flag(app, client, setting, make_user):
    class_id, lea, result_url = setting
    send(lea, result_url, version_ids(lea.get(result_url).text)[0])
    other = app.test_client()
    login(other, make_user("t2@example.com", "Other Teacher", role="teacher").email)
    other_class, _ = create_class(other, "Another class")
    with app.app_context():
        flag_id = db.session.scalar(db.select(QuestionFlag.id))
    assert "reported a problem" not in other.get(f"/teach/classes/{other_class}/questions").text
    token = csrf_from(other.get("/teach").text)
    for url in (
        f"/teach/classes/{other_class}/flags/{flag_id}/resolve",  # not a flag of their class
        f"/teach/classes/{class_id}/flags/{flag_id}/resolve",  # not their class
    ):
        assert other.post(url, data={"csrf_token": token}).status_code == 404, url
    assert lea.post(
        f"/teach/classes/{class_id}/flags/{flag_id}/resolve", data={"csrf_token": token}
    ).status_code in (400, 403)
    with app.app_context():
        assert db.session.get(QuestionFlag, flag_id).resolved_at is None


def test_a_learner_in_no_class_is_not_offered_the_form(app, make_user):
    loner = app.test_client()
    login(loner, make_user("solo@example.com", "Solo").email)
    response, _ = submit_quiz(loner, FIRST, answer_key(app, FIRST))
    assert "Report a problem with this question" not in loner.get(response.headers["Location"]).text


def test_each_teacher_resolves_with_their_own_token_from_the_kept_analysis_page(
    app, client, setting, make_user
):
    """The question analysis page is rendered once and kept (teaching/views.py); the token in its
    resolve forms is still each viewer's own."""
    class_id, lea, result_url = setting
    send(lea, result_url, version_ids(lea.get(result_url).text)[0])
    co = app.test_client()
    login(co, make_user("co@example.com", "Cody Coteacher", role="teacher").email)
    added = client.post(
        f"/teach/classes/{class_id}/teachers",
        data={
            "csrf_token": csrf_from(client.get(f"/teach/classes/{class_id}/settings").text),
            "email": "co@example.com",
        },
    )
    assert added.status_code == 302
    tokens = []
    for teacher in (client, co, client):
        page = teacher.get(f"/teach/classes/{class_id}/questions").text
        form = page[page.index("/resolve") :]
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form)[1])
        assert "csrf-placeholder" not in page
    assert tokens[0] != tokens[1]
    with app.app_context():
        flag_id = db.session.scalar(db.select(QuestionFlag.id))
    done = co.post(
        f"/teach/classes/{class_id}/flags/{flag_id}/resolve", data={"csrf_token": tokens[1]}
    )
    assert done.status_code == 302
    assert "reported a problem" not in client.get(f"/teach/classes/{class_id}/questions").text
