"""The question analysis leads with what matters: the likely wrong keys first, "too easy" folded
into a summary, filters by module and kind of flag, options named by their text with bars, and
questions with too few answers folded into one line."""

import re

import pytest

from pkcourse.courses.services import active_modules, get_course
from pkcourse.extensions import db
from pkcourse.teaching import demo as demo_data
from tests.helpers import TEST_HASH_METHOD, login, make_app
from tests.web.test_teaching import create_class


@pytest.fixture
def demo(course_db, new_database):
    """The shipped course (its demo plants a question answered as if its key were wrong) with a
    60-learner demo class, and the demo teacher logged in."""
    app = make_app(new_database(course_db))
    with app.app_context():
        result = demo_data.seed(
            get_course(app.config["COURSE_SLUG"]), 60, seed=3, hash_method=TEST_HASH_METHOD
        )
        db.session.commit()
        class_id = result.classroom.id
    client = app.test_client()
    login(client, result.teacher_email, result.password)
    yield app, client, f"/teach/classes/{class_id}/questions", result
    with app.app_context():
        db.engine.dispose()


def kinds_in_order(page: str) -> list[str]:
    return re.findall(r'<p class="flag flag-(\w+)">', page)


def test_the_likely_miskeyed_question_comes_first_named_by_its_options(demo):
    _, client, url, _ = demo
    page = client.get(url).text
    cards = page.split('<article class="item')[1:]
    assert cards, "the demo class has questions to look at"
    assert 'flag flag-likely_miskeyed"' in cards[0]  # the most serious first
    first = cards[0]
    assert "Likely miskeyed:</strong>" in first and "Check that the key is right" in first
    assert 'chose option "' not in page and 'the key "' not in page  # never bare option ids
    message = re.search(r"Likely miskeyed:</strong> (.*?)</p>", first, re.S)[1]
    quoted = re.findall(r"“([^”]+)”", message)
    assert quoted  # options named by the text learners saw, found in the card's options table
    table = first.split('<table class="options-table">')[1]
    assert all(q.rstrip("…") in table for q in quoted), quoted
    assert 'class="opt-bar"' in first  # option counts drawn as bars, with the option's text
    # Serious kinds never come after milder ones.
    order = ["likely_miskeyed", "negative_discrimination", "too_hard", "low_discrimination"]
    ranks = [min(order.index(k) for k in kinds_in_order(c) if k in order) for c in cards]
    assert ranks == sorted(ranks)


def test_too_easy_questions_are_counted_in_the_summary_and_listed_by_the_filter(demo):
    _, client, url, _ = demo
    page = client.get(url).text
    summary = re.search(r'<p class="qa-summary">(.*?)</p>', page, re.S)[1]
    easy = re.search(r"(\d+) looks? too easy", summary)
    assert easy, summary
    for card in page.split('<article class="item')[1:]:
        assert kinds_in_order(card) != ["low_discrimination", "too_easy"]  # folded, not listed
    assert "flag=too_easy" in summary  # a link to the list
    filtered = client.get(url, query_string={"flag": "too_easy"}).text
    assert filtered.count('<article class="item') == int(easy[1])
    assert '<option value="too_easy" selected>' in filtered


def test_filter_by_module_keeps_only_its_questions(demo):
    app, client, url, _ = demo
    with app.app_context():
        modules = active_modules(get_course(app.config["COURSE_SLUG"]))
        second = modules[1]
    page = client.get(url, query_string={"module": second.id, "flag": "all"}).text
    modules_shown = set(re.findall(r'<p class="item-module">([^<]+)</p>', page))
    assert modules_shown == {second.title}
    assert f'<option value="{second.id}" selected>' in page
    everything = client.get(url, query_string={"flag": "all"}).text
    assert len(set(re.findall(r'<p class="item-module">([^<]+)</p>', everything))) > 1
    # Nonsense filters fall back to the default view instead of failing.
    odd = client.get(url, query_string={"module": "x", "flag": "<script>"})
    assert odd.status_code == 200 and "To look at, most serious first" in odd.text


def test_an_empty_class_shows_an_empty_state_not_every_question(client, make_user):
    login(client, make_user("t@example.com", "Tess", role="teacher").email)
    class_id, _ = create_class(client)
    page = client.get(f"/teach/classes/{class_id}/questions").text
    assert "Nobody in this class has taken a lesson quiz yet" in page
    assert '<article class="item' not in page and "not judged yet" not in page
