"""Read and validate a course folder (``article.txt``, ``course.yaml``, ``quizzes/*.yaml``).

Every problem is collected with its file, line and question id, so an author sees them all at once;
nothing is returned unless the whole course is valid.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from ..progress.rules import Counts
from ..quizzes.kinds import KINDS
from .article import ArticleError, ModuleSpec, ModuleText, parse_article, split_modules
from .definitions import (
    FINAL_SLUG,
    CourseDef,
    FinalDef,
    MisconceptionDef,
    ModuleDef,
    QuestionDef,
)
from .lesson import render_module_html
from .lint import misconception_problems, module_problems, question_problems
from .schema import COURSE_SCHEMA, QUIZ_SCHEMA, foreign_keys

ARTICLE_FILE = "article.txt"
MANIFEST_FILE = "course.yaml"
QUIZ_DIR = "quizzes"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    question_id: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.question_id or '-'}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the course content")
        self.problems = problems


@dataclass
class _YamlFile:
    """Parsed YAML plus its node tree, to point problems at a line."""

    name: str
    data: Any
    root: yaml.Node | None

    def line_of(self, path: tuple) -> int | None:
        node, line = self.root, None
        for step in path:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step] if step < len(node.value) else None
            else:
                node = None
        return node.start_mark.line + 1 if node is not None else line


def _read_yaml(path: Path, name: str, problems: list[Problem]) -> _YamlFile | None:
    try:
        text = path.read_text(encoding="utf-8")
        return _YamlFile(name, yaml.safe_load(text), yaml.compose(text))
    except FileNotFoundError:
        problems.append(Problem(name, "file is missing"))
    except UnicodeDecodeError:
        problems.append(Problem(name, "file is not UTF-8 text"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(name, f"not valid YAML: {getattr(exc, 'problem', exc)}", line))
    return None


def _schema_problems(doc: _YamlFile, schema: dict) -> Iterator[Problem]:
    validator = Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
        path = tuple(error.path)
        question_id = None
        if len(path) >= 2 and path[0] == "questions" and isinstance(doc.data, dict):
            question = doc.data["questions"][path[1]]
            question_id = question.get("id") if isinstance(question, dict) else None
        location = "/".join(map(str, path)) or "top level"
        message = error.message
        if error.validator == "not":
            kind = error.instance.get("type") if isinstance(error.instance, dict) else None
            extra = [k for k in foreign_keys(kind) if k in error.instance] if kind in KINDS else []
            keys = ", ".join(f"`{k}`" for k in extra) or "a key"
            message = f"{keys} does not belong to a {kind} question"
        elif error.validator == "enum" and path[-1:] == ("type",):
            message = f"unknown question type {error.instance!r}; the app knows " + ", ".join(KINDS)
        elif error.validator == "oneOf":
            message = "give either `headings` or `starts_at_paragraph`"
        yield Problem(doc.name, f"{location}: {message}", doc.line_of(path), question_id)


def load_course(course_dir: Path) -> CourseDef:
    """Validate the course folder and return its definition, or raise ``ContentError``."""
    course_dir = Path(course_dir)
    problems: list[Problem] = []
    manifest = _read_yaml(course_dir / MANIFEST_FILE, MANIFEST_FILE, problems)
    if manifest is not None:
        problems.extend(_schema_problems(manifest, COURSE_SCHEMA))
    if problems or manifest is None:
        raise ContentError(problems)

    modules = _build_module_texts(course_dir, manifest.data, problems)
    if modules is None:
        raise ContentError(problems)

    misconceptions = _misconception_defs(manifest, problems)
    known = frozenset(m.slug for m in misconceptions)
    seen_question_ids: dict[str, str] = {}
    module_defs = []
    for module in modules:
        questions = _load_quiz(course_dir, module, seen_question_ids, known, problems)
        module_defs.append(
            ModuleDef(
                module.slug,
                module.title,
                render_module_html(module),
                tuple(questions),
                passages=module.passages,
                sections=module.sections,
            )
        )
    problems.extend(_stray_quiz_files(course_dir, {m.slug for m in modules}))
    data = manifest.data
    final = _final_def(manifest, module_defs, problems)
    if problems:
        raise ContentError(problems)
    attempts = data.get("attempts", {})
    max_attempts = attempts.get("max", "unlimited")
    return CourseDef(
        slug=data["slug"],
        title=" ".join(data["title"].split()),
        notice=" ".join(data["notice"].split()),
        pass_mark=data["pass_mark"],
        modules=tuple(module_defs),
        max_attempts=None if max_attempts == "unlimited" else max_attempts,
        counts=Counts(attempts.get("counts", Counts.BEST)),
        is_sequential=data.get("sequential", True),
        final=final,
        misconceptions=misconceptions,
    )


def _misconception_defs(
    manifest: _YamlFile, problems: list[Problem]
) -> tuple[MisconceptionDef, ...]:
    entries = manifest.data.get("misconceptions", ())
    slugs = [m["id"] for m in entries]
    for index, slug in enumerate(slugs):
        if slug in slugs[:index]:
            problems.append(
                Problem(
                    MANIFEST_FILE,
                    f"misconception id {slug!r} is used more than once",
                    manifest.line_of(("misconceptions", index)),
                )
            )
    return tuple(MisconceptionDef(m["id"], _text(m["text"])) for m in entries)


def _final_def(
    manifest: _YamlFile, modules: list[ModuleDef], problems: list[Problem]
) -> FinalDef | None:
    spec = manifest.data.get("final_assessment")
    if spec is None:
        return None
    per_module = spec["questions_per_module"]
    line = manifest.line_of(("final_assessment", "questions_per_module"))
    for module in modules:
        if module.questions and len(module.questions) < per_module:
            problems.append(
                Problem(
                    MANIFEST_FILE,
                    f"final_assessment draws {per_module} questions per module, but module "
                    f"{module.slug!r} has only {len(module.questions)}",
                    line,
                )
            )
    return FinalDef(_text(spec.get("title", "Final assessment")), per_module)


def _build_module_texts(
    course_dir: Path, data: dict, problems: list[Problem]
) -> list[ModuleText] | None:
    slugs = [m["slug"] for m in data["modules"]]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    for slug in duplicates:
        problems.append(Problem(MANIFEST_FILE, f"module slug {slug!r} is used more than once"))
    if FINAL_SLUG in slugs:
        problems.append(
            Problem(
                MANIFEST_FILE, f"module slug {FINAL_SLUG!r} is reserved for the final assessment"
            )
        )
        return None
    try:
        raw = (course_dir / ARTICLE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        problems.append(Problem(ARTICLE_FILE, f"cannot read the article: {exc}"))
        return None
    if duplicates:
        return None
    specs = [
        ModuleSpec(
            slug=m["slug"],
            title=" ".join(m["title"].split()),
            headings=tuple(m.get("headings", ())),
            starts_at_paragraph=m.get("starts_at_paragraph"),
        )
        for m in data["modules"]
    ]
    try:
        article = parse_article(raw, notice=data["notice"])
        return split_modules(article, specs, MANIFEST_FILE)
    except ArticleError as exc:
        problems.append(Problem(MANIFEST_FILE, str(exc).removeprefix(f"{MANIFEST_FILE}: ")))
        return None


def _load_quiz(
    course_dir: Path,
    module: ModuleText,
    seen_question_ids: dict[str, str],
    known_misconceptions: frozenset[str],
    problems: list[Problem],
) -> list[QuestionDef]:
    name = f"{QUIZ_DIR}/{module.slug}.yaml"
    doc = _read_yaml(course_dir / name, name, problems)
    if doc is None:
        return []
    schema_problems = list(_schema_problems(doc, QUIZ_SCHEMA))
    if schema_problems:
        problems.extend(schema_problems)
        return []
    if doc.data["module"] != module.slug:
        problems.append(
            Problem(
                name,
                f"`module` is {doc.data['module']!r}; this file's module is {module.slug!r}",
                doc.line_of(("module",)),
            )
        )
    questions = []
    for index, raw in enumerate(doc.data["questions"]):
        qid = raw["id"]
        line = doc.line_of(("questions", index))

        def report(message: str, qid: str = qid, line: int | None = line) -> None:
            problems.append(Problem(name, message, line, qid))

        if qid in seen_question_ids:
            report(f"question id is already used in {seen_question_ids[qid]}")
        seen_question_ids.setdefault(qid, name)
        question = _question_def(raw, module, known_misconceptions, report)
        if question is not None:
            questions.append(question)
    lines = {q["id"]: doc.line_of(("questions", i)) for i, q in enumerate(doc.data["questions"])}
    for flaw in module_problems(questions):
        first = flaw.question_ids[0] if flaw.question_ids else None
        problems.append(Problem(name, flaw.message, lines.get(first), first))
    return questions


def _question_def(
    raw: dict, module: ModuleText, known_misconceptions: frozenset[str], report
) -> QuestionDef | None:
    """The question as a definition, or None after reporting why it cannot be one."""
    kind = KINDS[raw["type"]]
    passage = module.find_passage(raw["source"])
    question = QuestionDef(
        slug=raw["id"],
        kind=kind.name,
        prompt=_text(raw["prompt"]),
        options=kind.options(raw),
        explanation=_text(raw["explanation"]),
        source=_text(raw["source"]),
        source_anchor=passage.anchor if passage else "",
        feedback=kind.question_feedback(raw),
        body=kind.body(raw),
    )
    messages = question_problems(question)
    messages += misconception_problems(question, known_misconceptions)
    if passage is None:
        messages.append(f"`source` is not a verbatim quote from module {module.slug!r}")
    for message in messages:
        report(message)
    return None if messages else question


def _text(value: str) -> str:
    return " ".join(value.split())


def _stray_quiz_files(course_dir: Path, module_slugs: set[str]) -> Iterator[Problem]:
    for path in sorted((course_dir / QUIZ_DIR).glob("*.y*ml")):
        if path.stem not in module_slugs:
            yield Problem(f"{QUIZ_DIR}/{path.name}", "no module in course.yaml has this slug")
