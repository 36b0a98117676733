"""Checks that keep the question bank trustworthy. Pure: definitions in, messages out.

Three levels, each a plain function the loader calls and places in the right file and line:
- ``question_problems``: one question on its own (keys, option counts, duplicate texts, "all of
  the above");
- ``module_problems``: patterns across one module's quiz that cue the answer (the key is the
  longest option, or sits in the same position, in most questions; distractors carry absolute
  words the key lacks; the key repeats the prompt's words more than any distractor);
- ``coverage``: which lesson passages no question cites. A report for authors, never an error.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..quizzes.kinds import KINDS
from ..quizzes.kinds.base import duplicates
from .article import Passage, Section
from .definitions import CourseDef, QuestionDef

# Position and length patterns need a few questions before they mean anything.
MIN_QUESTIONS_FOR_PATTERNS = 3
# Sweeping words that a test-wise guesser strikes out on sight: the key is rarely the option that
# says "always" or "only". One such distractor is harmless; a module full of them is a tell.
ABSOLUTE_WORDS = re.compile(
    r"\b(always|never|only|entirely|entire|solely|alone|unconditional(ly)?|guarantee[sd]?|"
    r"regardless|even if|completely|totally|absolutely|every|all|none|nothing|cannot|must|"
    r"impossible|whenever|wherever|any)\b",
    re.I,
)
ABSOLUTE_SHARE = 1 / 4
# Words too common to say that an option echoes the prompt.
_STOPWORD_TEXT = """
    a an and are as at be been but by can could did do does for from had has have how in into
    is it its itself more most of on or so such than that the their them themselves these they
    this those to was were what when where which while who whom why will with would about after
    article according apply all any each other own select says say said what's which's"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
ECHO_SHARE = 1 / 3


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


def misconception_problems(question: QuestionDef, known: frozenset[str]) -> list[str]:
    """Tags that name no misconception of the course, or sit on a right answer."""
    problems = []
    for option in question.options:
        tag = option.misconception
        if tag is None:
            continue
        if tag not in known:
            problems.append(
                f"option {option.slug!r} names misconception {tag!r}, which course.yaml's "
                "`misconceptions` does not list"
            )
        if option.is_correct:
            problems.append(
                f"option {option.slug!r} is correct, so it cannot carry misconception {tag!r}"
            )
    return problems


def unused_misconceptions(course: CourseDef) -> list[str]:
    """Misconceptions no wrong option carries: worth a warning, not an error."""
    used = {o.misconception for m in course.modules for q in m.questions for o in q.options}
    return [m.slug for m in course.misconceptions if m.slug not in used]


def _key_is_longest(question: QuestionDef) -> bool:
    right = [len(o.text) for o in question.options if o.is_correct]
    wrong = [len(o.text) for o in question.options if not o.is_correct]
    return bool(right and wrong) and max(right) > max(wrong)


def has_absolute_word(text: str) -> bool:
    return ABSOLUTE_WORDS.search(text) is not None


def _absolute_tell(question: QuestionDef) -> bool:
    """A distractor says something sweeping while no key does."""
    keys = [o.text for o in question.options if o.is_correct]
    wrong = [o.text for o in question.options if not o.is_correct]
    return any(map(has_absolute_word, wrong)) and not any(map(has_absolute_word, keys))


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of three or more letters that carry meaning, with a plural "s" removed so
    that "missions" echoes "mission"."""
    words = re.findall(r"[a-z][a-z'-]+", text.casefold())
    return frozenset(
        w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
        for w in (w.strip("'-") for w in words)
        if len(w) >= 3 and w not in STOPWORDS
    )


def _key_echoes_prompt(question: QuestionDef) -> bool:
    """A key shares more of the prompt's content words than every distractor does."""
    prompt = content_words(question.prompt)
    shared = [(len(content_words(o.text) & prompt), o.is_correct) for o in question.options]
    keys = [n for n, correct in shared if correct]
    wrong = [n for n, correct in shared if not correct]
    return bool(keys and wrong) and max(keys) > max(wrong)


def _share_problem(
    choice: Sequence[QuestionDef], flagged: Sequence[str], share: float, message: str
) -> ModuleProblem | None:
    if len(choice) < MIN_QUESTIONS_FOR_PATTERNS or len(flagged) <= share * len(choice):
        return None
    return ModuleProblem(
        f"in {len(flagged)} of {len(choice)} choice questions ({', '.join(flagged)}), {message}",
        tuple(flagged),
    )


def module_problems(questions: Sequence[QuestionDef]) -> list[ModuleProblem]:
    """Answer-cueing patterns across one module's choice questions."""
    problems: list[ModuleProblem] = []
    choice = [q for q in questions if KINDS[q.kind].offers_options]
    for flagged, share, message in (
        (
            [q.slug for q in choice if _absolute_tell(q)],
            ABSOLUTE_SHARE,
            "a distractor carries an absolute word (always, only, never...) while the key has "
            "none; guessers strike such options out",
        ),
        (
            [q.slug for q in choice if _key_echoes_prompt(q)],
            ECHO_SHARE,
            "the key repeats more of the prompt's words than every distractor; guessers pick "
            "the option that echoes the question",
        ),
    ):
        if problem := _share_problem(choice, flagged, share, message):
            problems.append(problem)
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
