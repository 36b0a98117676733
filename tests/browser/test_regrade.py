"""Fixing a key in a real browser: the key of a question is changed in a copy of the tiny course
and re-imported; the teacher finds the link in the question analysis, previews the regrade,
applies it, and sees the audit entry and the regraded attempt. Every page passes axe."""

from playwright.sync_api import expect

from pkcourse.extensions import db
from pkcourse.teaching import services as teaching
from tests.browser.conftest import check_page
from tests.browser.test_teacher_journey import log_in
from tests.helpers import TINY_COURSE_DIR, add_user, change_key, copy_course
from tests.web.test_regrade import LESSON, QUESTION, take


def test_a_teacher_previews_and_applies_a_regrade(page, tiny_live_server, tmp_path):
    app, base = tiny_live_server.app, tiny_live_server.url
    teacher = add_user(app, "tess@example.com", "Tess Teacher", "teacher")
    learners = [add_user(app, f"l{n}@example.com", f"Learner {n}") for n in range(6)]
    with app.app_context():
        classroom = teaching.create_class(teacher.id, "Water 1")
        for learner in learners:
            teaching.join(classroom, learner.id)
        db.session.commit()
        class_id = classroom.id
    # Half chose "a", which the fixed key makes right; the others chose the old key "b".
    attempts = [
        take(app, learner.id, LESSON, {QUESTION: ["a" if n % 2 else "b"]})
        for n, learner in enumerate(learners)
    ]
    copy = copy_course(TINY_COURSE_DIR, tmp_path)
    change_key(copy, LESSON, QUESTION, "a")
    result = app.test_cli_runner().invoke(args=["content", "import", str(copy)])
    assert result.exit_code == 0, result.output

    log_in(page, base, teacher.email)
    page.goto(f"{base}/teach/classes/{class_id}/questions")
    notes = page.locator("section.regrade-notes")
    expect(notes).to_contain_text("6 answers graded on an earlier version")
    check_page(page, "question analysis with a changed question")
    notes.get_by_role("link", name="Preview the regrade").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Regrade a question")
    summary = page.locator("dl.regrade-summary")
    expect(summary).to_contain_text("Attempts that change6")
    expect(summary).to_contain_text("Newly pass3")
    expect(summary).to_contain_text("Newly fail3")
    expect(page.locator("table.regrade-changes tbody tr")).to_have_count(6)
    expect(page.get_by_text("This question has not been regraded.")).to_be_visible()
    check_page(page, "regrade preview")

    page.get_by_role("button", name="Apply the regrade").click()
    expect(page.locator(".flash")).to_contain_text("Regraded: 6 attempt(s) changed")
    history = page.locator("table.regrade-history tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Tess Teacher")
    expect(history.first).to_contain_text("1 → 2")
    expect(history.first).to_contain_text("+3 / \u22123")
    expect(page.get_by_text("Nothing to regrade")).to_be_visible()
    check_page(page, "regrade applied with its audit entry")

    page.goto(f"{base}/teach/classes/{class_id}/learners/{learners[1].id}/attempts/{attempts[1]}")
    expect(page.locator(".regraded")).to_contain_text(
        "was 66.7% (2 points, not passed), now 100% (3 points, passed)"
    )
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Passed")
    check_page(page, "regraded attempt, teacher's view")
