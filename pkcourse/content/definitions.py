"""The validated course as plain values: what ``content import`` writes and tests inspect."""

import hashlib
import json
from dataclasses import asdict, dataclass

from ..progress.rules import Counts
from .article import Passage, Section


@dataclass(frozen=True)
class OptionDef:
    """One row of a question, read according to its kind (each kind's module in
    ``quizzes/kinds`` says how): an option, an ordering item, a matching pair or distractor, an
    accepted short answer, a gap's choice...

    ``misconception``: on a wrong option (a true/false question's wrong truth value, a matching
    distractor, a gap's wrong choice), the slug of the course misconception that choosing it
    suggests.
    """

    slug: str
    text: str
    is_correct: bool
    feedback: str | None = None
    match_text: str | None = None
    misconception: str | None = None


@dataclass(frozen=True)
class QuestionDef:
    slug: str
    kind: str
    prompt: str
    options: tuple[OptionDef, ...]
    explanation: str
    source: str
    source_anchor: str
    # Shown when the answer is not fully right (ordering, matching, short answer, gap fill).
    feedback: str | None = None
    # Part of the question beside the prompt (gap fill: the sentence with its [[gap]] marks).
    body: str | None = None

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a learner sees or is graded on changes.

        Fields added after the first release are left out while empty, so questions that do not
        use them keep the hash they were imported with (and no needless new version)."""
        data = asdict(self)
        for name in ("feedback", "body"):
            if data[name] is None:
                del data[name]
        for option in data["options"]:
            for name in ("match_text", "misconception"):
                if option[name] is None:
                    del option[name]
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
class MisconceptionDef:
    """A mistaken belief the article corrects, which wrong options can be tagged with."""

    slug: str
    text: str


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
    misconceptions: tuple[MisconceptionDef, ...] = ()
