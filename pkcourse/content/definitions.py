"""The validated course as plain values: what ``content import`` writes and tests inspect."""

import hashlib
import json
from dataclasses import asdict, dataclass

from ..progress.rules import Counts
from .article import Passage, Section

QUESTION_KINDS = (
    "single_choice",
    "multiple_select",
    "true_false",
    "ordering",
    "matching",
    "short_answer",
)
# Questions whose options are offered side by side, where length and position can cue the key.
CHOICE_KINDS = ("single_choice", "multiple_select")


@dataclass(frozen=True)
class OptionDef:
    """One row of a question, read according to its kind:

    - choice kinds: an option, ``is_correct`` if it is (one of) the key(s);
    - ordering: an item, listed in the right order;
    - matching: a pair (``text`` on the left, ``match_text`` on the right, ``is_correct``) or a
      distractor (a right-hand text that matches nothing, not correct);
    - short_answer: an accepted answer; the first is the one shown as the answer.
    """

    slug: str
    text: str
    is_correct: bool
    feedback: str | None = None
    match_text: str | None = None


@dataclass(frozen=True)
class QuestionDef:
    slug: str
    kind: str
    prompt: str
    options: tuple[OptionDef, ...]
    explanation: str
    source: str
    source_anchor: str
    # Shown when the answer is not fully right (ordering, matching, short answer).
    feedback: str | None = None

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a learner sees or is graded on changes.

        Fields added after the first release are left out while empty, so questions that do not
        use them keep the hash they were imported with (and no needless new version)."""
        data = asdict(self)
        if data["feedback"] is None:
            del data["feedback"]
        for option in data["options"]:
            if option["match_text"] is None:
                del option["match_text"]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ModuleDef:
    slug: str
    title: str
    lesson_html: str
    questions: tuple[QuestionDef, ...]
    passages: tuple[Passage, ...] = ()
    sections: tuple[Section, ...] = ()


# The final assessment is stored as a module of its own kind, under this slug.
FINAL_SLUG = "final-assessment"


@dataclass(frozen=True)
class FinalDef:
    """A course assessment after the last module: a fresh random draw of ``questions_per_module``
    questions from every module, per attempt."""

    title: str
    questions_per_module: int
    slug: str = FINAL_SLUG


@dataclass(frozen=True)
class CourseDef:
    slug: str
    title: str
    notice: str
    pass_mark: int
    modules: tuple[ModuleDef, ...]
    max_attempts: int | None = None  # per quiz; None is unlimited
    counts: Counts = Counts.BEST  # which attempt decides a module's score and status
    is_sequential: bool = True  # a module's quiz opens once the previous one is passed
    final: FinalDef | None = None
