"""Managing classes: rename, archive and restore, delete with a typed confirmation, co-teachers,
and a learner leaving a class. Every change asks first where a slip would hurt."""

import pytest

from pkcourse.extensions import db
from pkcourse.progress.models import ModuleProgress
from pkcourse.quizzes.models import QuizAttempt
from pkcourse.teaching.models import Classroom, CoTeacher, Membership
from tests.helpers import answer_key, login, post_form, submit_quiz
from tests.web.test_teaching import create_class, join


@pytest.fixture
def teacher(client, make_user):
    user = make_user("teacher@example.com", "Tess Teacher", role="teacher")
    login(client, user.email)
    return user


@pytest.fixture
def learner_client(app, make_user):
    other = app.test_client()
    other.user = make_user("lea@example.com", "Lea Learner")
    login(other, other.user.email)
    return other


@pytest.fixture
def colleague(app, make_user):
    other = app.test_client()
    other.user = make_user("cole@example.com", "Cole Colleague", role="teacher")
    login(other, other.user.email)
    return other


def settings_url(class_id: int) -> str:
    return f"/teach/classes/{class_id}/settings"


def test_a_teacher_renames_a_class_and_a_blank_name_is_refused(app, client, teacher):
    class_id, _ = create_class(client)
    url = f"/teach/classes/{class_id}/rename"
    blank = post_form(client, url, {"name": "  "}, form_url=settings_url(class_id))
    assert blank.status_code == 400 and "Give the class a name" in blank.text
    done = post_form(client, url, {"name": "Year 12 History"}, form_url=settings_url(class_id))
    assert done.status_code == 302
    assert "The class is now called “Year 12 History”" in client.get(settings_url(class_id)).text
    assert "Year 12 History" in client.get("/teach").text


def test_an_archived_class_is_read_only_hidden_and_restorable(app, client, teacher, learner_client):
    class_id, link = create_class(client)
    join(learner_client, link)
    post_form(client, f"/teach/classes/{class_id}/archive", {}, form_url=settings_url(class_id))
    dashboard = client.get("/teach").text
    assert "Archived classes" in dashboard
    assert f'href="/teach/classes/{class_id}"' not in dashboard  # not among the active classes
    book = client.get(f"/teach/classes/{class_id}")
    assert book.status_code == 200 and "Lea Learner" in book.text  # still readable
    assert "Archived, read-only" in book.text
    code_before = None
    with app.app_context():
        code_before = db.session.get(Classroom, class_id).join_code
    refused = post_form(
        client,
        f"/teach/classes/{class_id}/code",
        {"confirmed": "yes"},
        form_url=settings_url(class_id),
        follow_redirects=True,
    )
    assert "is archived and read-only" in refused.text
    rename = post_form(
        client, f"/teach/classes/{class_id}/rename", {"name": "X"}, form_url=settings_url(class_id)
    )
    assert rename.status_code == 302
    newcomer = learner_client.get(link)
    assert newcomer.status_code == 404 and "No class has this code" in newcomer.text
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        assert classroom.join_code == code_before and classroom.name == "Year 11 History"
    post_form(client, f"/teach/classes/{class_id}/restore", {}, form_url=settings_url(class_id))
    assert f'href="/teach/classes/{class_id}"' in client.get("/teach").text
    assert learner_client.get(link).status_code == 200


def test_deleting_needs_the_typed_name_and_learners_keep_their_progress(
    app, client, teacher, learner_client
):
    class_id, link = create_class(client)
    join(learner_client, link)
    submit_quiz(learner_client, "role-in-diplomacy", answer_key(app, "role-in-diplomacy"))
    url = f"/teach/classes/{class_id}/delete"
    asked = post_form(client, url, {}, form_url=settings_url(class_id))
    assert asked.status_code == 200 and "Delete “Year 11 History”?" in asked.text
    assert "Type the class" in asked.text and "field-error" not in asked.text
    wrong = post_form(
        client, url, {"confirmed": "yes", "typed": "Year 11"}, form_url=settings_url(class_id)
    )
    assert wrong.status_code == 400 and "Type the name exactly as shown" in wrong.text
    with app.app_context():
        assert db.session.get(Classroom, class_id) is not None
    done = post_form(
        client,
        url,
        {"confirmed": "yes", "typed": "Year 11 History"},
        form_url=settings_url(class_id),
    )
    assert done.status_code == 302
    assert "“Year 11 History” was deleted" in client.get("/teach").text
    assert client.get(f"/teach/classes/{class_id}").status_code == 404
    with app.app_context():
        assert db.session.get(Classroom, class_id) is None
        assert db.session.query(Membership).count() == 0
        learner_id = learner_client.user.id
        assert db.session.query(QuizAttempt).filter_by(user_id=learner_id).count() == 1
        assert db.session.query(ModuleProgress).filter_by(user_id=learner_id).count() == 1
    assert "You are not in a class" in learner_client.get("/progress").text


def test_a_co_teacher_shares_the_class_and_the_owner_can_remove_them(
    app, client, teacher, colleague, make_user
):
    class_id, _ = create_class(client)
    url = f"/teach/classes/{class_id}/teachers"
    make_user("kid@example.com", "Kid Learner")
    for email, message in (
        ("nobody@example.com", "No account has this e-mail address"),
        ("kid@example.com", "Kid Learner has a learner account"),
        ("teacher@example.com", "Tess Teacher already teaches this class"),
    ):
        refused = post_form(client, url, {"email": email}, form_url=settings_url(class_id))
        assert refused.status_code == 400 and message in refused.text, email
    assert colleague.get(f"/teach/classes/{class_id}").status_code == 404
    added = post_form(client, url, {"email": " Cole@Example.com "}, form_url=settings_url(class_id))
    assert added.status_code == 302
    assert "Cole Colleague now teaches" in client.get(settings_url(class_id)).text
    for page in ("", "/charts", "/questions", "/invite", "/settings"):
        assert colleague.get(f"/teach/classes/{class_id}{page}").status_code == 200, page
    assert f'href="/teach/classes/{class_id}"' in colleague.get("/teach").text
    # Same rights, except deleting the class and removing other teachers.
    rename = post_form(
        colleague,
        f"/teach/classes/{class_id}/rename",
        {"name": "Shared"},
        form_url=settings_url(class_id),
    )
    assert rename.status_code == 302
    forbidden = post_form(
        colleague,
        f"/teach/classes/{class_id}/delete",
        {"confirmed": "yes", "typed": "Shared"},
        form_url=settings_url(class_id),
    )
    assert forbidden.status_code == 403
    remove = f"/teach/classes/{class_id}/teachers/{colleague.user.id}/remove"
    asked = post_form(client, remove, {}, form_url=settings_url(class_id))
    assert "Remove Cole Colleague?" in asked.text
    post_form(client, remove, {"confirmed": "yes"}, form_url=settings_url(class_id))
    assert colleague.get(f"/teach/classes/{class_id}").status_code == 404
    with app.app_context():
        assert db.session.query(CoTeacher).count() == 0


def test_a_learner_leaves_a_class_after_confirming(app, client, teacher, learner_client):
    class_id, link = create_class(client)
    join(learner_client, link)
    assert "Leave Year 11 History…" in learner_client.get("/progress").text
    url = f"/classes/{class_id}/leave"
    asked = post_form(learner_client, url, {}, form_url="/progress")
    assert asked.status_code == 200 and "Tess Teacher will no longer see your scores" in asked.text
    with app.app_context():
        assert db.session.query(Membership).count() == 1
    left = post_form(learner_client, url, {"confirmed": "yes"}, form_url="/progress")
    assert left.status_code == 302
    assert "You left “Year 11 History”" in learner_client.get("/progress").text
    with app.app_context():
        assert db.session.query(Membership).count() == 0
    again = post_form(learner_client, url, {"confirmed": "yes"}, form_url="/progress")
    assert again.status_code == 404  # not in the class any more
