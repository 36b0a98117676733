"""A live server on a free local port, headless Chromium driven by Playwright, and checks every
page must pass: axe-core (WCAG 2.0/2.1 A and AA) and no horizontal scrolling at phone width.

The browser is the system's Chromium (Debian's `chromium` package): PKCOURSE_CHROMIUM names it,
else the usual locations are tried. Under CI (CI=true) a missing browser fails the run."""

import os
import re
import shutil
import threading
from itertools import pairwise
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pkcourse.extensions import db
from tests.helpers import FIXTURES_DIR, TINY_COURSE_SLUG, make_app

SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    named = os.environ.get("PKCOURSE_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "No Chromium found: install Debian's `chromium` package or set PKCOURSE_CHROMIUM "
            "to the browser's path."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


def _serve(database_url: str, **config):
    app = make_app(
        database_url, SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False, **config
    )
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(course_db, new_database):
    """The app on a fresh copy of the course database, served over real HTTP."""
    yield from _serve(new_database(course_db))


@pytest.fixture
def tiny_live_server(tiny_course_db, new_database):
    """The same, serving the tiny fixture course (tests/fixtures)."""
    yield from _serve(
        new_database(tiny_course_db), CONTENT_DIR=str(FIXTURES_DIR), COURSE_SLUG=TINY_COURSE_SLUG
    )


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


# A header link squeezed onto two lines ("Cours" / "e") has its visible text on two line boxes
# (visually hidden text, such as the full site name on a phone, is 1 px wide and not counted).
BROKEN_NAV_ITEMS = """[...document.querySelectorAll('.site-nav a, .site-nav button')]
  .filter(item => {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.parentElement.getBoundingClientRect().width <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size > 1;
  })
  .map(item => item.textContent.trim())"""


def check_page(page, name: str) -> None:
    """Axe finds no WCAG A/AA violation at the page's width (1280 px in these tests) nor at 390 px;
    at 390 px nothing scrolls sideways and no header link breaks over two lines; screenshots of
    both widths are saved for a reviewer (tests/browser/screenshots/, git-ignored)."""
    page.wait_for_load_state("load")
    run_axe(page, name)

    levels = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels.count(1) == 1 and levels[0] == 1, f"{name}: one h1 first, got {levels}"
    skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert not skips, f"{name}: heading levels skip {skips} in {levels}"

    SCREENSHOTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    original = page.viewport_size
    page.screenshot(path=SCREENSHOTS / f"{slug}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=SCREENSHOTS / f"{slug}-phone.png", full_page=True)
    try:
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 390px wide"
        broken = page.evaluate(BROKEN_NAV_ITEMS)
        assert not broken, f"{name}: header items broken over lines at 390px: {broken}"
        # The phone layout hides and shows other things (the short brand, stacked tables).
        run_axe(page, f"{name} at 390 px")
    finally:
        page.set_viewport_size(original)


def run_axe(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    problems = []
    for violation in results.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"])
        problems.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
        )
    assert not problems, f"axe on {name} ({page.url}):\n" + "\n".join(problems)
