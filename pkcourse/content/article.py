"""Turn the article's raw text into lesson modules. Pure: text and plain values in, dataclasses out.

The article arrives as copied from a web page: one paragraph per line, headings as short lines
without closing punctuation, indented "•" and "1." lines as lists, plus page residue ("See also"
links, "Similar Posts", an emoji). The manifest says where each module starts; everything between
two starts belongs to the earlier module, so every sentence lands in exactly one module.
"""

import re
import unicodedata
from dataclasses import dataclass

RESIDUE_PATTERNS = (re.compile(r"^See also\b"), re.compile(r"^Similar Posts$"))
BULLET_ITEM = re.compile(r"^\s*[•\-*]\s+(?P<text>.+)$")
NUMBERED_ITEM = re.compile(r"^\s*\d+[.)]\s+(?P<text>.+)$")
HEADING_MAX_WORDS = 16
CLOSING_PUNCTUATION = '.!?:;,"\u201d\u2019)'


class ArticleError(ValueError):
    """A problem with the article or with how the manifest refers to it."""


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph" | "list"
    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    level: int = 2  # headings only: 2 for sections, 3 for sub-sections of a multi-section module


@dataclass(frozen=True)
class Passage:
    """A paragraph or list item: where a question's ``source`` quote is found and linked to."""

    anchor: str
    text: str


@dataclass(frozen=True)
class Section:
    """A stretch of a module under one heading (or before its first sub-heading): the unit whose
    coverage by questions ``content check`` reports."""

    id: str
    title: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class ModuleSpec:
    """Where a module comes from: the top-level heading(s) it is built from, or, for a part the
    article leaves without a heading (its closing paragraphs), the paragraph it starts at."""

    slug: str
    title: str
    headings: tuple[str, ...] = ()
    starts_at_paragraph: str | None = None


@dataclass(frozen=True)
class ModuleText:
    slug: str
    title: str
    blocks: tuple[Block, ...]
    passages: tuple[Passage, ...]
    heading_ids: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()

    def find_passage(self, quote: str) -> Passage | None:
        wanted = normalize_space(quote)
        return next((p for p in self.passages if wanted and wanted in p.text), None)


@dataclass(frozen=True)
class Article:
    title: str
    blocks: tuple[Block, ...]


def normalize_space(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def strip_emoji(text: str) -> str:
    kept = (ch for ch in text if unicodedata.category(ch) != "So" and ch not in "\ufe0f\u200d")
    return normalize_space("".join(kept))


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _is_residue(line: str) -> bool:
    return any(pattern.match(line) for pattern in RESIDUE_PATTERNS)


def _looks_like_heading(line: str) -> bool:
    return (
        line[:1].isupper()
        and line[-1] not in CLOSING_PUNCTUATION
        and len(line.split()) <= HEADING_MAX_WORDS
    )


def parse_article(raw: str, notice: str | None = None) -> Article:
    """Split raw text into a title and blocks, dropping page residue and the AI notice line.

    Raises ``ArticleError`` if ``notice`` is given but not found: the notice shown to learners
    must be the article's own.
    """
    blocks: list[Block] = []
    list_items: list[str] = []
    list_ordered = False
    notice_found = notice is None
    wanted_notice = strip_emoji(notice) if notice else None

    def close_list() -> None:
        nonlocal list_items
        if list_items:
            blocks.append(Block("list", items=tuple(list_items), ordered=list_ordered))
            list_items = []

    for raw_line in raw.replace("\r\n", "\n").split("\n"):
        item = BULLET_ITEM.match(raw_line) or NUMBERED_ITEM.match(raw_line)
        if item and raw_line[:1].isspace():
            ordered = bool(NUMBERED_ITEM.match(raw_line))
            if list_items and ordered != list_ordered:
                close_list()
            list_ordered = ordered
            list_items.append(normalize_space(item["text"]))
            continue
        line = strip_emoji(raw_line)
        if not line:
            continue
        close_list()
        if _is_residue(line):
            continue
        if wanted_notice is not None and line == wanted_notice:
            notice_found = True
            continue
        kind = "heading" if _looks_like_heading(line) else "paragraph"
        blocks.append(Block(kind, text=line))
    close_list()

    if not blocks or blocks[0].kind != "heading":
        raise ArticleError("the article must start with its title on the first line")
    if not notice_found:
        raise ArticleError(f"the notice {notice!r} does not appear in the article")
    return Article(title=blocks[0].text, blocks=tuple(blocks[1:]))


def _module_starts(article: Article, specs: list[ModuleSpec], source_name: str) -> list[int]:
    heading_index = {b.text: i for i, b in enumerate(article.blocks) if b.kind == "heading"}
    starts: list[int] = []
    for position, spec in enumerate(specs):
        for heading in spec.headings:
            if normalize_space(heading) not in heading_index:
                raise ArticleError(
                    f"{source_name}: module {spec.slug!r} names the heading {heading!r}, "
                    "which is not in the article"
                )
        if spec.headings:
            start = heading_index[normalize_space(spec.headings[0])]
        elif spec.starts_at_paragraph:
            prefix = normalize_space(spec.starts_at_paragraph)
            start = next(
                (
                    i
                    for i, b in enumerate(article.blocks)
                    if b.kind == "paragraph" and b.text.startswith(prefix)
                ),
                -1,
            )
            if start < 0:
                raise ArticleError(
                    f"{source_name}: module {spec.slug!r} starts at the paragraph "
                    f"{spec.starts_at_paragraph!r}, which is not in the article"
                )
        else:
            raise ArticleError(f"{source_name}: module {spec.slug!r} names no heading")
        if position == 0:
            start = 0  # the article's lead, before the first heading, opens the first module
        if starts and start <= starts[-1]:
            raise ArticleError(
                f"{source_name}: module {spec.slug!r} starts before the module listed above it; "
                "list modules in article order"
            )
        starts.append(start)
    return starts


def split_modules(article: Article, specs: list[ModuleSpec], source_name: str) -> list[ModuleText]:
    """Cut the article into modules at the manifest's starts; every block goes to one module."""
    if not specs:
        raise ArticleError(f"{source_name}: the course has no modules")
    starts = _module_starts(article, specs, source_name)
    ends = [*starts[1:], len(article.blocks)]
    modules = []
    for spec, start, end in zip(specs, starts, ends, strict=True):
        blocks = article.blocks[start:end]
        for heading in spec.headings[1:]:
            if Block("heading", text=normalize_space(heading)) not in blocks:
                raise ArticleError(
                    f"{source_name}: module {spec.slug!r} names the heading {heading!r}, "
                    "which falls inside another module"
                )
        modules.append(_build_module(spec, blocks))
    return modules


def _build_module(spec: ModuleSpec, blocks: tuple[Block, ...]) -> ModuleText:
    """Drop the module's own heading (it is the page title) and give every passage an anchor.

    Anchors are ``<section>-<n>``: the section is the module slug until the first sub-heading, then
    the sub-heading's slug, so editing one section never renames the anchors of another.
    """
    own_heading = normalize_space(spec.headings[0]) if len(spec.headings) == 1 else None
    named = {normalize_space(h) for h in spec.headings}
    kept: list[Block] = []
    passages: list[Passage] = []
    heading_ids: list[str] = []
    section, count = spec.slug, 0
    sections: dict[str, tuple[str, list[str]]] = {section: (spec.title, [])}

    def add_passage(text: str) -> None:
        nonlocal count
        count += 1
        passages.append(Passage(f"{section}-{count}", text))
        sections[section][1].append(passages[-1].anchor)

    for block in blocks:
        if block.kind == "heading":
            if block.text == own_heading:
                continue
            section, count = slugify(block.text), 0
            heading_ids.append(section)
            sections.setdefault(section, (block.text, []))
            nested = len(named) > 1 and block.text not in named
            kept.append(Block("heading", text=block.text, level=3 if nested else 2))
        elif block.kind == "paragraph":
            add_passage(block.text)
            kept.append(block)
        else:
            for item in block.items:
                add_passage(item)
            kept.append(block)
    if not passages:
        raise ArticleError(f"module {spec.slug!r} has no text")
    return ModuleText(
        slug=spec.slug,
        title=spec.title,
        blocks=tuple(kept),
        passages=tuple(passages),
        heading_ids=tuple(heading_ids),
        sections=tuple(
            Section(section_id, title, tuple(anchors))
            for section_id, (title, anchors) in sections.items()
            if anchors
        ),
    )
