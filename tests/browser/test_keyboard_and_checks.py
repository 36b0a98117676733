"""A quiz done with the keyboard alone, with the focus always visible; and proof that the page
checks used everywhere can fail."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, check_page
from tests.browser.test_learner_journey import register
from tests.helpers import Gaps, Order, answer_key

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


CONTROLS = """() => [...document.querySelectorAll(
        '.quiz .options input, .quiz select, .quiz input[type=text]'
    )].map(c => ({
        name: c.name, type: c.type, value: c.value,
        label: c.labels && c.labels[0] ? c.labels[0].innerText.trim() : '',
        options: c.tagName === 'SELECT' ? [...c.options].map(o => [o.value, o.text.trim()]) : [],
    }))"""


def target_value(control: dict, answer) -> str | None:
    """The value the key asks for in one select (ordering or matching row, or a gap)."""
    if isinstance(answer, Gaps):
        wanted = answer.texts[int(control["label"].split()[1]) - 1]
        return next((value for value, text in control["options"] if text == wanted), None)
    if isinstance(answer, Order):
        return str(answer.texts.index(control["label"]) + 1)
    wanted = dict(answer.pairs).get(control["label"])
    return next((value for value, text in control["options"] if text == wanted), None)


def test_a_quiz_can_be_done_with_the_keyboard_alone(live_server, page):
    register(page, live_server.url, "kim@example.com", "Kim")
    page.goto(live_server.url + "/modules/role-in-diplomacy/quiz")
    key = answer_key(live_server.app, "role-in-diplomacy")
    controls = page.evaluate(CONTROLS)
    radios: dict[str, list[str]] = {}
    for control in controls:
        if control["type"] == "radio":
            radios.setdefault(control["name"], []).append(control["value"])

    done_radios = set()
    for control in controls:  # tab stops in page order; a radio group is one stop
        name = control["name"]
        if control["type"] == "radio":
            if name in done_radios:
                continue
            done_radios.add(name)
        # A checkbox is its own tab stop: wait for this very one.
        same_box = control["type"] != "checkbox"
        tab_until(
            page,
            lambda s, c=control, any_value=same_box: (
                s["name"] == c["name"] and (any_value or s["value"] == c["value"])
            ),
        )
        if control["type"] == "radio":
            target = radios[name].index(key[name][0])
            if target == 0:
                page.keyboard.press("Space")
            for _ in range(target):
                page.keyboard.press("ArrowDown")
            assert focused(page)["value"] == key[name][0]
        elif control["type"] == "checkbox":
            if control["value"] in key[name]:
                page.keyboard.press("Space")
        elif control["type"] == "text":
            page.keyboard.type(key[name])
        else:  # a select: the arrow keys move through its options
            wanted = target_value(control, key[name.rsplit("-", 1)[0]])
            values = [value for value, _ in control["options"]]
            for _ in range(values.index(wanted or "")):
                page.keyboard.press("ArrowDown")
            assert focused(page)["value"] == (wanted or "")

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
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<p style="width: 900px">wide</p></main></body></html>'
    )
    page.set_viewport_size(PHONE)
    with pytest.raises(AssertionError, match="scrolls sideways"):
        check_page(page, "too wide on purpose")
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        "<h3>skipped a level</h3></main></body></html>"
    )
    with pytest.raises(AssertionError, match="heading levels skip"):
        check_page(page, "skipping a heading level on purpose")
    # a problem only the phone layout has is found too
    page.set_viewport_size(DESKTOP)
    page.set_content(
        '<html lang="en"><head><title>t</title><style>img { display: none }'
        " @media (max-width: 500px) { img { display: inline } }</style></head>"
        '<body><main><h1>t</h1><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="at 390 px"):
        check_page(page, "broken at phone width on purpose")
    # a header link squeezed onto two lines at phone width ("Cours" / "e") is found too
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><header><nav class="site-nav">'
        '<a href="#" style="display: inline-block; width: 2.5ch; overflow-wrap: anywhere">'
        "Course</a></nav></header><main><h1>t</h1></main></body></html>"
    )
    with pytest.raises(AssertionError, match="broken over lines"):
        check_page(page, "header link broken on purpose")
