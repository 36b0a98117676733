"""Checks that keep the question bank trustworthy. Pure: definitions in, messages out.

Three levels, each a plain function the loader calls and places in the right file and line:
- ``question_problems``: one question on its own (keys, option counts, duplicate texts, "all of
  the above");
- ``module_problems``: patterns across one module's quiz that cue the answer (the key is the
  longest option, or sits in the same position, in most questions);
- ``coverage``: which lesson passages no question cites. A report for authors, never an error.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..quizzes.kinds import KINDS
from ..quizzes.kinds.base import duplicates
from .article import Passage, Section
from .definitions import QuestionDef

# Position and length patterns need a few questions before they mean anything.
MIN_QUESTIONS_FOR_PATTERNS = 3


@dataclass(frozen=True)
class ModuleProblem:
    message: str
    question_ids: tuple[str, ...]


def question_problems(question: QuestionDef) -> list[str]:
    """What is wrong with this one question, as messages for its author: ids used twice, then
    whatever its kind checks (``QuestionKind.problems``)."""
    problems = [
        f"id {option_id!r} is used more than once in this question"
        for option_id in duplicates([o.slug for o in question.options])
    ]
    return problems + KINDS[question.kind].problems(question)


def _key_is_longest(question: QuestionDef) -> bool:
    right = [len(o.text) for o in question.options if o.is_correct]
    wrong = [len(o.text) for o in question.options if not o.is_correct]
    return bool(right and wrong) and max(right) > max(wrong)


def module_problems(questions: Sequence[QuestionDef]) -> list[ModuleProblem]:
    """Answer-cueing patterns across one module's choice questions."""
    problems: list[ModuleProblem] = []
    choice = [q for q in questions if KINDS[q.kind].offers_options]
    if len(choice) >= MIN_QUESTIONS_FOR_PATTERNS:
        longest = tuple(q.slug for q in choice if _key_is_longest(q))
        if 2 * len(longest) > len(choice):
            problems.append(
                ModuleProblem(
                    f"the correct option is the longest in {len(longest)} of {len(choice)} "
                    f"choice questions ({', '.join(longest)}); learners learn to pick the "
                    "longest option",
                    longest,
                )
            )
    single = [q for q in questions if KINDS[q.kind].has_key_position]
    if len(single) >= MIN_QUESTIONS_FOR_PATTERNS:
        positions = {
            q.slug: next(i for i, o in enumerate(q.options) if o.is_correct) for q in single
        }
        position, count = Counter(positions.values()).most_common(1)[0]
        if 2 * count > len(single):
            same = tuple(slug for slug, p in positions.items() if p == position)
            problems.append(
                ModuleProblem(
                    f"the correct option is option {position + 1} in {count} of {len(single)} "
                    f"{single[0].kind} questions ({', '.join(same)}); vary where the key sits",
                    same,
                )
            )
    return problems


@dataclass(frozen=True)
class SectionCoverage:
    section: Section
    citing_questions: tuple[str, ...]
    uncited: tuple[Passage, ...]


def coverage(
    sections: Sequence[Section], passages: Sequence[Passage], questions: Sequence[QuestionDef]
) -> list[SectionCoverage]:
    """Per section of one module: which questions cite it and which passages no question cites."""
    by_anchor = {p.anchor: p for p in passages}
    cited: dict[str, list[str]] = {}
    for question in questions:
        cited.setdefault(question.source_anchor, []).append(question.slug)
    report = []
    for section in sections:
        citing = tuple(slug for anchor in section.anchors for slug in cited.get(anchor, ()))
        uncited = tuple(by_anchor[a] for a in section.anchors if a not in cited)
        report.append(SectionCoverage(section, citing, uncited))
    return report
