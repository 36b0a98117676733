"""The validated course as plain values: what ``content import`` writes and tests inspect."""

import hashlib
import json
from dataclasses import asdict, dataclass

from .article import Passage, Section

QUESTION_KINDS = ("single_choice", "multiple_select", "true_false")
# Questions whose options are offered side by side, where length and position can cue the key.
CHOICE_KINDS = ("single_choice", "multiple_select")


@dataclass(frozen=True)
class OptionDef:
    slug: str
    text: str
    is_correct: bool
    feedback: str | None = None


@dataclass(frozen=True)
class QuestionDef:
    slug: str
    kind: str
    prompt: str
    options: tuple[OptionDef, ...]
    explanation: str
    source: str
    source_anchor: str

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a learner sees or is graded on changes."""
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ModuleDef:
    slug: str
    title: str
    lesson_html: str
    questions: tuple[QuestionDef, ...]
    passages: tuple[Passage, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class CourseDef:
    slug: str
    title: str
    notice: str
    pass_mark: int
    modules: tuple[ModuleDef, ...]
