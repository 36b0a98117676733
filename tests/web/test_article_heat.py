"""The lesson text coloured by what the class missed, and the same view for one learner."""

import re

from pkcourse.courses.models import QuestionVersion
from pkcourse.extensions import db
from pkcourse.teaching.heatmap import heat_level
from tests.helpers import answer_key, login, submit_quiz, wrong_answers
from tests.web.test_teaching import create_class, join

FIRST = "role-in-diplomacy"


def test_the_passage_behind_a_missed_question_is_shaded_for_the_class_and_the_learner(
    app, client, make_user
):
    login(client, make_user("t@example.com", "Tess", role="teacher").email)
    class_id, link = create_class(client)
    lea = app.test_client()
    lea.user = make_user("lea@example.com", "Lea Learner")
    login(lea, lea.user.email)
    join(lea, link)
    key = answer_key(app, FIRST)
    missed = next(iter(key))
    submit_quiz(lea, FIRST, {**key, missed: wrong_answers(app, FIRST)[missed]})
    with app.app_context():
        versions = [db.session.get(QuestionVersion, int(q.removeprefix("q"))) for q in key]
    anchor = next(v.source_anchor for v in versions if f"q{v.id}" == missed)
    cited = sum(v.source_anchor == anchor for v in versions)  # answers citing that passage

    for url in (
        f"/teach/classes/{class_id}/article",
        f"/teach/classes/{class_id}/learners/{lea.user.id}/article?lesson={FIRST}",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        shaded = re.search(rf'<(p|li) id="{anchor}" class="heat heat-(\d)"[^>]*>', page.text)
        assert shaded, url
        assert int(shaded[2]) == heat_level(1, cited), url  # one wrong of `cited` first answers
        assert f'data-note="{1 / cited:.0%} wrong of {cited} first answers' in shaded[0]
        assert f'<tr id="heat-row-{anchor}">' in page.text  # described by its row of the table
        assert 'class="heat heat-1"' in page.text  # passages answered right: lightest shade

    assert client.get(f"/teach/classes/{class_id}/article?lesson=nonsense").status_code == 404


def test_an_empty_class_shades_nothing(app, client, make_user):
    login(client, make_user("t@example.com", "Tess", role="teacher").email)
    class_id, _ = create_class(client)
    page = client.get(f"/teach/classes/{class_id}/article").text
    assert "so no passage is shaded" in page and 'class="heat ' not in page
