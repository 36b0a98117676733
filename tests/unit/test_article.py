"""The builder on the real article: every body sentence lands in exactly one module."""

import re

import pytest
import yaml

from pkcourse.content.article import (
    ArticleError,
    ModuleSpec,
    normalize_space,
    parse_article,
    split_modules,
)
from pkcourse.content.lesson import render_module_html
from tests.helpers import COURSE_DIR

RAW = (COURSE_DIR / "article.txt").read_text(encoding="utf-8")
MANIFEST = yaml.safe_load((COURSE_DIR / "course.yaml").read_text(encoding="utf-8"))
SPECS = [
    ModuleSpec(m["slug"], m["title"], tuple(m.get("headings", ())), m.get("starts_at_paragraph"))
    for m in MANIFEST["modules"]
]


@pytest.fixture(scope="module")
def modules():
    return split_modules(parse_article(RAW, MANIFEST["notice"]), SPECS, "course.yaml")


def module_text(module) -> str:
    return " ".join(p.text for p in module.passages)


def body_sentences() -> list[str]:
    """Sentences of the article's body, worked out independently of the builder."""
    lines = [normalize_space(line) for line in RAW.splitlines()]
    lines = [line.lstrip("•0123456789. ") for line in lines if line]
    body = lines[2:]  # title and AI notice
    body = [
        line
        for line in body
        if not line.startswith("See also")
        and line != "Similar Posts"
        and re.search(r"[.:]$", line)  # headings have no closing punctuation
    ]
    return [s for line in body for s in re.split(r"(?<=[.:])\s+", line) if s]


def test_article_title_is_read_from_its_first_line():
    assert parse_article(RAW).title == (
        "The Role of Peacekeeping Missions in Advancing International Diplomacy"
    )


def test_every_body_sentence_lands_in_exactly_one_module(modules):
    sentences = body_sentences()
    assert len(sentences) > 100
    texts = [module_text(m) for m in modules]
    for sentence in sentences:
        homes = [m.slug for m, text in zip(modules, texts, strict=True) if sentence in text]
        assert len(homes) == 1, f"{sentence!r} found in {homes}"


def test_modules_follow_the_manifest_and_none_is_empty(modules):
    assert [m.slug for m in modules] == [s.slug for s in SPECS]
    assert len(modules) == 8
    for module in modules:
        assert len(module.passages) >= 3, module.slug


def test_web_page_residue_and_emoji_are_dropped(modules):
    everything = " ".join(render_module_html(m) for m in modules)
    assert "See also" not in everything
    assert "Similar Posts" not in everything
    assert "🧠" not in everything
    assert "\u00a0" not in everything
    assert "AI-Generated Insight" not in everything  # the notice is shown apart from the lesson


def test_sub_sections_stay_inside_their_parent_module(modules):
    by_slug = {m.slug: m for m in modules}
    challenges = render_module_html(by_slug["challenges-and-limitations"])
    assert '<h2 id="constraints-of-consent-and-sovereignty">' in challenges
    assert '<h2 id="managing-complex-and-protracted-conflicts">' in challenges
    tools = render_module_html(by_slug["tools-for-conflict-resolution"])
    assert "Building Trust Among Conflicting Parties</h2>" in tools


def test_lists_become_real_lists(modules):
    by_slug = {m.slug: m for m in modules}
    tools = render_module_html(by_slug["tools-for-conflict-resolution"])
    assert re.search(r"<ul>\s*<li id=\"[^\"]+\">Encouraging direct communication", tools)
    challenges = render_module_html(by_slug["challenges-and-limitations"])
    assert re.search(r"<ol>\s*<li id=\"[^\"]+\">A host country\u2019s willingness", challenges)
    assert "•" not in tools and "1. A host" not in challenges


def test_the_conclusion_holds_the_closing_paragraphs(modules):
    conclusion = modules[-1]
    assert conclusion.title == "Conclusion"
    assert conclusion.passages[0].text.startswith(
        "United Nations Peacekeeping Missions serve as a vital"
    )
    assert conclusion.passages[-1].text.endswith("supporting global diplomatic efforts.")
    assert "supporting global diplomatic efforts" not in module_text(modules[-2])


def test_the_lead_paragraph_opens_the_first_module(modules):
    assert (
        modules[0]
        .passages[0]
        .text.startswith("United Nations Peacekeeping Missions serve as vital instruments")
    )


def test_every_passage_has_a_unique_stable_anchor_in_the_html(modules):
    for module in modules:
        html = render_module_html(module)
        anchors = [p.anchor for p in module.passages]
        assert len(set(anchors)) == len(anchors)
        for anchor in anchors:
            assert html.count(f'id="{anchor}"') == 1
    again = split_modules(parse_article(RAW, MANIFEST["notice"]), SPECS, "course.yaml")
    assert [p.anchor for m in again for p in m.passages] == [
        p.anchor for m in modules for p in m.passages
    ]


def test_a_heading_missing_from_the_article_is_an_error_naming_it_and_the_file():
    specs = [*SPECS[:2], ModuleSpec("ghost", "Ghost", ("The Ghost Section",)), *SPECS[2:]]
    with pytest.raises(ArticleError, match=r"course\.yaml.*'The Ghost Section'"):
        split_modules(parse_article(RAW), specs, "course.yaml")


def test_modules_out_of_article_order_are_an_error():
    specs = [SPECS[0], SPECS[2], SPECS[1]]
    with pytest.raises(ArticleError, match="article order"):
        split_modules(parse_article(RAW), specs, "course.yaml")


def test_a_notice_that_is_not_the_articles_own_is_an_error():
    with pytest.raises(ArticleError, match="notice"):
        parse_article(RAW, notice="This text was written by a human.")


def test_markup_in_the_article_is_shown_as_text_not_run():
    raw = "Title\n\nIntro\n\n<script>alert(1)</script> and *stars* are text.\n"
    module = split_modules(parse_article(raw), [ModuleSpec("m", "M", ("Intro",))], "course.yaml")[0]
    html = render_module_html(module)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and *stars* are text." in html
