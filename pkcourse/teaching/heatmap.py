"""The lesson text coloured by what a class (or one learner) missed.

Each passage cited by questions is shaded by the share of wrong answers, in first attempts at the
lesson's quiz, to the questions citing it: the same first-attempt rule as the question analysis.
`passage_heat` asks the database (one query for the answers whatever the class size, and the one
current-questions query, cached per process); `shade` and `heat_level` are pure.
"""

import re
from dataclasses import dataclass
from html import escape, unescape

from markupsafe import Markup
from sqlalchemy import case, func, select

from ..courses.models import Module, QuestionVersion
from ..courses.services import current_questions
from ..extensions import db
from ..quizzes.models import Answer, QuizAttempt

# Upper bounds of the wrong share for levels 1..3; level 4 is anything above the last.
LEVELS = (0.2, 0.4, 0.6)


@dataclass(frozen=True)
class PassageHeat:
    anchor: str
    answers: int  # first-attempt answers to the questions citing this passage
    wrong: int
    questions: tuple[str, ...]  # prompts of the current questions citing it

    @property
    def share(self) -> float | None:
        return self.wrong / self.answers if self.answers else None

    @property
    def level(self) -> int:
        return heat_level(self.wrong, self.answers)


def heat_level(wrong: int, answers: int) -> int:
    """0 with no answers; else 1 (under 20% wrong) to 4 (60% wrong or more)."""
    if not answers:
        return 0
    share = wrong / answers
    return 1 + sum(share >= bound for bound in LEVELS)


def passage_heat(lesson: Module, learners) -> list[PassageHeat]:
    """Heat of every passage of `lesson` cited by a current question, in article order of the
    citing questions; `learners` is a subquery of user ids (a class, or one learner)."""
    wrong = func.sum(case((Answer.is_correct, 0), else_=1))
    counted = dict(
        (anchor, (int(n), int(w)))
        for anchor, n, w in db.session.execute(
            select(QuestionVersion.source_anchor, func.count(), wrong)
            .join(Answer, Answer.question_version_id == QuestionVersion.id)
            .join(QuizAttempt, QuizAttempt.id == Answer.attempt_id)
            .where(
                QuizAttempt.module_id == lesson.id,
                QuizAttempt.number == 1,
                QuizAttempt.user_id.in_(learners),
            )
            .group_by(QuestionVersion.source_anchor)
        )
    )
    citing: dict[str, list[str]] = {}
    for version in current_questions(lesson):
        citing.setdefault(version.source_anchor, []).append(version.prompt)
    heats = []
    for anchor, prompts in citing.items():
        if anchor:
            answers, wrong = counted.get(anchor, (0, 0))
            heats.append(PassageHeat(anchor, answers, wrong, tuple(prompts)))
    return heats


def shade(lesson_html: str, heats: list[PassageHeat]) -> Markup:
    """The lesson's (already sanitized) HTML with each passage that has answers marked with its
    level, focusable, and described by its row of the table under the text. The note shown on
    hover or focus comes from a data attribute, so no inline style is needed."""
    html = lesson_html
    for heat in heats:
        if not heat.answers:
            continue
        note = f"{heat.share:.0%} wrong of {heat.answers} first answers · " + " · ".join(
            heat.questions
        )
        pattern = re.compile(rf'<(p|li) id="{re.escape(heat.anchor)}">')
        attributes = (
            f'id="{heat.anchor}" class="heat heat-{heat.level}" tabindex="0" '
            f'aria-describedby="heat-row-{heat.anchor}" data-note="{escape(note)}"'
        )
        html = pattern.sub(lambda match: f"<{match[1]} {attributes}>", html, count=1)  # noqa: B023
    return Markup(html)


def excerpt(lesson_html: str, anchor: str, length: int = 90) -> str:
    """The start of a passage's text, for the table under the shaded lesson."""
    found = re.search(rf'<(p|li) id="{re.escape(anchor)}">(.*?)</\1>', lesson_html, re.S)
    if not found:
        return ""
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", found[2])).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
