"""A quiz done with the keyboard alone, with the focus always visible; and proof that the page
checks used everywhere can fail."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_page
from tests.browser.test_learner_journey import register
from tests.conftest import answer_key

FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName, type: element.type || '', name: element.name || '',
        value: element.value || '', text: element.innerText || '',
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
}"""


def focused(page) -> dict:
    state = page.evaluate(FOCUS_STYLE)
    assert state["outline"], f"no visible focus indicator on {state}"
    return state


def tab_until(page, predicate, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            return state
    raise AssertionError("the expected element never received focus")


def test_a_quiz_can_be_done_with_the_keyboard_alone(live_server, page):
    register(page, live_server.url, "kim@example.com", "Kim")
    page.goto(live_server.url + "/modules/role-in-diplomacy/quiz")
    key = answer_key(live_server.app, "role-in-diplomacy")
    options = page.evaluate(
        """() => [...document.querySelectorAll('.quiz .options input')]
            .map(i => [i.name, i.type, i.value])"""
    )
    order: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for name, kind, value in options:
        order.setdefault(name, []).append(value)
        kinds[name] = kind

    for name in order:  # questions in page order
        first = tab_until(page, lambda s, n=name: s["name"] == n)
        if kinds[name] == "radio":
            target = order[name].index(key[name][0])
            if target == 0:
                page.keyboard.press("Space")
            for _ in range(target):
                page.keyboard.press("ArrowDown")
            state = focused(page)
            assert state["value"] == key[name][0]
        else:
            state = first
            for index, value in enumerate(order[name]):
                if index:
                    page.keyboard.press("Tab")
                    state = focused(page)
                assert state["value"] == value
                if value in key[name]:
                    page.keyboard.press("Space")

    tab_until(page, lambda s: s["tag"] == "BUTTON" and "Submit" in s["text"])
    page.keyboard.press("Enter")
    expect(page.locator("#score-heading")).to_contain_text("Passed with 100%")


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_axe_and_the_width_check_do_report_problems(page):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><img src="x.png"></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        check_page(page, "broken on purpose")
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<p style="width: 900px">wide</p></main></body></html>'
    )
    page.set_viewport_size(PHONE)
    with pytest.raises(AssertionError, match="scrolls sideways"):
        check_page(page, "too wide on purpose")
