"""Lesson HTML: module blocks -> CommonMark -> HTML with anchors -> sanitized.

Runs once, at content import; pages serve the stored result.
"""

import re

import nh3
from markdown_it import MarkdownIt

from .article import ModuleText

ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {
    "p": {"id"},
    "li": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "a": {"href", "title"},
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def escape_markdown(text: str) -> str:
    """Make plain article text render literally (no accidental emphasis, lists or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def module_markdown(module: ModuleText) -> str:
    parts = []
    for block in module.blocks:
        if block.kind == "heading":
            parts.append("#" * block.level + " " + escape_markdown(block.text))
        elif block.kind == "paragraph":
            parts.append(escape_markdown(block.text))
        else:
            lines = (
                f"{n}. {escape_markdown(item)}" if block.ordered else f"- {escape_markdown(item)}"
                for n, item in enumerate(block.items, start=1)
            )
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render_module_html(module: ModuleText) -> str:
    """Render the module and give each passage and heading the id the builder assigned to it."""
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(module_markdown(module))
    passage_ids = iter(p.anchor for p in module.passages)
    heading_ids = iter(module.heading_ids)
    for token in tokens:
        if token.type == "heading_open":
            token.attrSet("id", next(heading_ids))
        elif token.type == "list_item_open" or (
            token.type == "paragraph_open" and not token.hidden and token.level == 0
        ):
            token.attrSet("id", next(passage_ids))
    if next(passage_ids, None) is not None:
        raise AssertionError(f"module {module.slug}: not every passage was rendered")
    html = md.renderer.render(tokens, md.options, {})
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
