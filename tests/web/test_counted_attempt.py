"""Which attempt counts (course.yaml ``attempts.counts``) is one rule: a learner who passes the
first module and then fails a retake has the same standing on their own pages, on every teacher
page and in both CSV exports."""

import re

import pytest

from pkcourse.courses.models import Course
from pkcourse.extensions import db
from tests.helpers import TINY_LESSONS, answer_key, login, submit_quiz, wrong_answers
from tests.web.test_teaching import create_class, csv_rows, join

pytestmark = pytest.mark.tiny_course

FIRST = TINY_LESSONS[0]
LESSONS = len(TINY_LESSONS)


def flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, start: str, end: str) -> str:
    """The text from the first ``start`` to the next ``end`` after it, tags removed."""
    begin = html.index(start)
    return flat(html[begin : html.index(end, begin)])


@pytest.mark.parametrize(
    ("counts", "score", "passed"),
    [("last", "0%", False), ("best", "100%", True)],
)
def test_a_failed_retake_reads_the_same_for_learner_and_teacher(
    app, client, make_user, counts, score, passed
):
    with app.app_context():
        db.session.execute(db.update(Course).values(counts=counts))
        db.session.commit()
    make_user("teacher@example.com", "Tess Teacher", role="teacher")
    login(client, "teacher@example.com")
    class_id, link = create_class(client)
    learner = app.test_client()
    lea = make_user("lea@example.com", "Lea Learner")
    login(learner, lea.email)
    join(learner, link)
    assert submit_quiz(learner, FIRST, answer_key(app, FIRST))[0].status_code == 302
    assert submit_quiz(learner, FIRST, wrong_answers(app, FIRST))[0].status_code == 302

    status = "Passed" if passed else "In progress"
    label = f"{counts.capitalize()} score {score}"
    course_score = "50%" if passed else "0%"  # one module of two at 100%, or none
    modules_passed = 1 if passed else 0

    # The learner's own pages.
    overview = learner.get("/").text
    card = section(overview, f'<h3><a href="/modules/{FIRST}"', "</li>")
    assert status in card and label in card
    assert f"{modules_passed} of {LESSONS} modules passed" in flat(overview)
    progress = learner.get("/progress").text
    row = section(progress, f'href="/modules/{FIRST}"', "</tr>")
    assert status in row and score in row
    assert f"{modules_passed} of {LESSONS} modules passed" in flat(progress)

    # The teacher's dashboard, gradebook and drill-down.
    dashboard = section(client.get("/teach").text, "Year 11 History", "</tr>")
    assert f"0 of 1 (0%) 0% {course_score} " in dashboard  # none completed; average score
    book = client.get(f"/teach/classes/{class_id}").text
    assert f"average course score {course_score}" in flat(book)
    learner_row = section(book, "Lea Learner</a>", "</tr>")
    cells = learner_row.split("lea@example.com", 1)[1].strip()
    assert cells.startswith(f"{score} {'✓' if passed else '◐'}")  # passed, or tried
    assert f"{course_score} {modules_passed}/{LESSONS}" in cells
    drill = client.get(f"/teach/classes/{class_id}/learners/{lea.id}").text
    standing = section(drill, 'class="module-standing"', "</p>")
    assert status in standing and label in standing

    # Both exports.
    header, line = csv_rows(client.get(f"/teach/classes/{class_id}/gradebook.csv"))
    title = header[2].split(":")[0]
    assert header[2:5] == [f"{title}: {counts} score %", f"{title}: passed", f"{title}: attempts"]
    assert line[2:5] == [score.rstrip("%"), "yes" if passed else "no", "2"]
    assert line[header.index("Modules passed")] == str(modules_passed)
    assert line[header.index("Course score %")] == course_score.rstrip("%")
    attempts = csv_rows(client.get(f"/teach/classes/{class_id}/attempts.csv"))
    assert [(a[3], a[7], a[9]) for a in attempts[1:]] == [("1", "100", "yes"), ("2", "0", "no")]
