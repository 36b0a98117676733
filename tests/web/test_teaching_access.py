"""Who may open which teacher page: two teachers with a class each, a learner in each class, a
learner in no class and an anonymous visitor, against every teacher URL.

Anonymous visitors are sent to log in; learners get 403 on every teacher page; a teacher gets 404
for anything outside their own classes, and changes nothing there."""

import pytest

from pkcourse.extensions import db
from pkcourse.quizzes.models import QuizAttempt
from pkcourse.teaching import services
from pkcourse.teaching.models import Classroom, CoTeacher, Membership
from tests.helpers import answer_key, csrf_from, login, submit_quiz

CLASS_PAGES = (
    "/teach/classes/{c}",
    "/teach/classes/{c}/charts",
    "/teach/classes/{c}/invite",
    "/teach/classes/{c}/settings",
    "/teach/classes/{c}/article",
    "/teach/classes/{c}/questions",
    "/teach/classes/{c}/gradebook.csv",
    "/teach/classes/{c}/attempts.csv",
)
LEARNER_PAGES = (
    "/teach/classes/{c}/learners/{l}",
    "/teach/classes/{c}/learners/{l}/attempts/{a}",
    "/teach/classes/{c}/learners/{l}/article",
)
PAGES = CLASS_PAGES + LEARNER_PAGES
ACTIONS = (
    "/teach/classes/{c}/code",
    "/teach/classes/{c}/learners/{l}/remove",
    "/teach/classes/{c}/rename",
    "/teach/classes/{c}/archive",
    "/teach/classes/{c}/restore",
    "/teach/classes/{c}/delete",
    "/teach/classes/{c}/teachers",
    "/teach/classes/{c}/teachers/{l}/remove",
)


@pytest.fixture
def school(app, make_user):
    """Ids of everything in the matrix, and a logged-in client per person."""
    people = {
        "teacher1": make_user("t1@example.com", "Teacher One", role="teacher"),
        "teacher2": make_user("t2@example.com", "Teacher Two", role="teacher"),
        "learner1": make_user("l1@example.com", "Learner One"),
        "learner2": make_user("l2@example.com", "Learner Two"),
        "loner": make_user("l3@example.com", "Learner Alone"),
    }
    with app.app_context():
        class1 = services.create_class(people["teacher1"].id, "Class One")
        class2 = services.create_class(people["teacher2"].id, "Class Two")
        services.join(class1, people["learner1"].id)
        services.join(class2, people["learner2"].id)
        ids = {"class1": class1.id, "class2": class2.id}
        db.session.commit()
    clients = {"anonymous": app.test_client()}
    for name, user in people.items():
        clients[name] = app.test_client()
        login(clients[name], user.email)
    for name in ("learner1", "learner2", "loner"):
        submit_quiz(clients[name], "role-in-diplomacy", answer_key(app, "role-in-diplomacy"))
    with app.app_context():
        for name in ("learner1", "learner2", "loner"):
            ids[name] = people[name].id
            ids[f"{name}_attempt"] = db.session.scalar(
                db.select(QuizAttempt.id).where(QuizAttempt.user_id == people[name].id)
            )
    return ids, clients


def urls(ids, class_key: str, learner_key: str, templates=PAGES) -> list[str]:
    return [
        t.format(c=ids[class_key], l=ids[learner_key], a=ids[f"{learner_key}_attempt"])
        for t in templates
    ]


def test_the_owner_opens_every_page_of_their_class(school):
    ids, clients = school
    for url in ["/teach", *urls(ids, "class1", "learner1")]:
        assert clients["teacher1"].get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("who", "class_key", "learner_key", "pages", "expected"),
    [
        ("teacher2", "class1", "learner1", PAGES, 404),  # another teacher's class
        ("teacher1", "class2", "learner2", PAGES, 404),  # the other teacher's class, mine as id
        ("teacher1", "class1", "learner2", LEARNER_PAGES, 404),  # another class's learner
        ("teacher1", "class1", "loner", LEARNER_PAGES, 404),  # a learner in no class
        ("learner1", "class1", "learner1", PAGES, 403),  # a learner of that class
        ("loner", "class1", "learner1", PAGES, 403),
        ("learner2", "class2", "learner2", PAGES, 403),
    ],
)
def test_everything_else_is_refused(school, who, class_key, learner_key, pages, expected):
    ids, clients = school
    for url in urls(ids, class_key, learner_key, pages):
        assert clients[who].get(url).status_code == expected, (who, url)


def test_an_attempt_must_belong_to_the_learner_in_the_url(school):
    ids, clients = school
    mixed = (
        f"/teach/classes/{ids['class1']}/learners/{ids['learner1']}/attempts/{ids['loner_attempt']}"
    )
    assert clients["teacher1"].get(mixed).status_code == 404


def test_learners_and_visitors_get_no_teacher_page(school):
    ids, clients = school
    for who in ("learner1", "learner2", "loner"):
        assert clients[who].get("/teach").status_code == 403
        assert "This page is for teachers" in clients[who].get("/teach").text
        assert 'href="/teach"' not in clients[who].get("/").text
    for url in ["/teach", *urls(ids, "class1", "learner1")]:
        response = clients["anonymous"].get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/auth/login?next=")


def test_actions_on_someone_elses_class_change_nothing(app, school):
    ids, clients = school
    with app.app_context():
        code_before = db.session.get(Classroom, ids["class1"]).join_code
    for who, expected in (("teacher2", 404), ("learner1", 403), ("loner", 403)):
        client = clients[who]
        token = csrf_from(client.get("/progress").text)
        for url in urls(ids, "class1", "learner1", ACTIONS):
            for confirmed in ("", "yes"):
                data = {"csrf_token": token, "confirmed": confirmed}
                assert client.post(url, data=data).status_code == expected, (who, url)
            for data in ({"name": "Taken"}, {"typed": "Class One"}, {"email": "t2@example.com"}):
                data = {"csrf_token": token, "confirmed": "yes", **data}
                assert client.post(url, data=data).status_code == expected, (who, url)
    with app.app_context():
        classroom = db.session.get(Classroom, ids["class1"])
        assert classroom.join_code == code_before
        assert classroom.name == "Class One" and classroom.archived_at is None
        assert db.session.get(Membership, (ids["class1"], ids["learner1"])) is not None
        assert db.session.query(CoTeacher).count() == 0


def test_only_a_member_can_leave_a_class(app, school):
    ids, clients = school
    token = csrf_from(clients["learner2"].get("/progress").text)
    data = {"csrf_token": token, "confirmed": "yes"}
    assert clients["learner2"].post(f"/classes/{ids['class1']}/leave", data=data).status_code == 404
    response = clients["anonymous"].post(f"/classes/{ids['class1']}/leave", data=data)
    assert response.status_code in (302, 400)  # to log in, or refused for its missing session
    with app.app_context():
        assert db.session.get(Membership, (ids["class1"], ids["learner1"])) is not None


def test_a_teacher_cannot_remove_a_learner_of_another_class_through_their_own(app, school):
    ids, clients = school
    token = csrf_from(clients["teacher1"].get("/teach").text)
    url = f"/teach/classes/{ids['class1']}/learners/{ids['learner2']}/remove"
    data = {"csrf_token": token, "confirmed": "yes"}
    assert clients["teacher1"].post(url, data=data).status_code == 404
    with app.app_context():
        assert db.session.get(Membership, (ids["class2"], ids["learner2"])) is not None


def test_posts_without_a_csrf_token_are_refused(app, school):
    ids, clients = school
    response = clients["teacher1"].post(f"/teach/classes/{ids['class1']}/code")
    assert response.status_code == 400
    assert "This form has expired" in response.text
