"""The pages on a phone and from the keyboard, in a real browser (see conftest.py): the
result lands in view and takes the focus, nothing scrolls sideways or is cut off at 360 px in
either language, Enter in any field runs the simulation, Tab reaches the button, the chart's
text stays readable at every width."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE
from .test_site import STASH, USAGE, fill_usage, month_rows, total_cost

LAPTOP = {"width": 1280, "height": 800}
RESULT = f"plan={STASH}&start=2026-01&usage={quote(USAGE)}"

# Every element's right edge, against the viewport (the skip link waits off screen, left).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.height && box.right > width + 0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


def in_view(page: Page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "el => { const b = el.getBoundingClientRect();"
        " return b.top >= 0 && b.bottom <= window.innerHeight; }"
    )


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280x800", "360x740"])
def test_after_submitting_the_result_is_in_view_and_has_the_focus(new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_role("button", name="Show what happens").click()

    expect(page).to_have_url(re.compile(r"/en/\?.*#result$"))
    heading = page.locator("#result")
    expect(heading).to_be_focused()
    assert in_view(page, "#result")
    expect(page.locator(".headline")).to_be_in_viewport()


def test_without_javascript_the_result_is_still_where_the_page_lands(new_page):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_role("button", name="Show what happens").click()
    expect(page).to_have_url(re.compile(r"#result$"))
    expect(page.locator("#result")).to_be_in_viewport()


PAGES = [
    f"/{{lang}}/?{RESULT}",
    f"/{{lang}}/compare/?{RESULT}&country=",
    "/{lang}/plans/",
    f"/{{lang}}/plans/{STASH}/",
    "/{lang}/carriers/",
    "/{lang}/carriers/t-mobile-us/",
    "/{lang}/search/?q=t",
]


def test_no_public_page_scrolls_sideways_or_cuts_anything_off_on_a_phone(new_page):
    page = new_page(viewport=PHONE)
    for lang in ("en", "zh-hans"):
        for url in PAGES:
            page.goto(url.format(lang=lang))
            found = page.evaluate(OVERFLOW)
            assert found["scroll"] <= found["width"] == PHONE["width"], (url, found)
            assert found["out"] == [], (url.format(lang=lang), found["out"])


def test_enter_in_any_field_runs_the_simulation_and_keeps_the_list(page: Page):
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    months = page.get_by_label("Number of months")
    expect(months).to_have_value("4")  # the list's length, as typed
    page.get_by_label("Same every month (GB)").fill("7")  # must not win over the list

    for field in ("Number of months", "Same every month (GB)", "Use per month (GB)"):
        page.get_by_label(field, exact=True).press("Enter")
        expect(page).to_have_url(re.compile(r"#result$"))
        expect(month_rows(page)).to_have_count(4)
        expect(month_rows(page).nth(2)).to_have_class(re.compile(r"\blapsed\b"))
        expect(page.get_by_label("Use per month (GB)")).to_have_value(USAGE)
        assert "fill=" not in page.url and "preset=" not in page.url


def test_enter_in_a_field_of_my_own_plan_runs_it(page: Page):
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option("custom")
    page.get_by_label("Currency", exact=True).fill("USD")
    page.get_by_label("Data per period (GB)").fill("10")
    fill_usage(page, usage="4, 1, 2")
    price = page.get_by_label("Price per period")
    price.fill("30")
    price.press("Enter")
    expect(total_cost(page)).to_have_text("$90.00")
    expect(page.get_by_label("Use per month (GB)")).to_have_value("4, 1, 2")


def test_a_pasted_list_sets_the_number_of_months(page: Page):
    page.goto("/en/")
    usage = page.get_by_label("Use per month (GB)")
    usage.fill("")
    usage.press_sequentially("1\t2\t3\t4\t5")  # a spreadsheet row
    expect(page.get_by_label("Number of months")).to_have_value("5")


def test_the_keyboard_alone_reaches_the_button_and_runs_the_simulation(page: Page):
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_label("Use per month (GB)").focus()
    for _ in range(40):  # the days and lines fields, the helpers, then the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('primary')"):
            break
    expect(page.get_by_role("button", name="Show what happens")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_focused()


def test_the_focus_ring_is_dark_on_a_light_halo(page: Page):
    page.goto("/en/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, on the blue header
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineColor, s.boxShadow]; }"
    )
    assert ring[0] == "solid"
    assert ring[1] == "rgb(26, 31, 41)"  # 17:1 on white
    assert "rgb(255, 255, 255)" in ring[2]  # the halo: 8.9:1 on the header's blue


@pytest.mark.parametrize(
    ("viewport", "low", "high"),
    [(PHONE, 11.5, 14.5), (LAPTOP, 12, 16.5)],
    ids=["360", "1280"],
)
def test_the_charts_text_stays_readable_at_every_width(new_page, viewport, low, high):
    page = new_page(viewport=viewport)
    page.goto(f"/zh-hans/?{RESULT}")
    sizes = page.locator("figure.chart svg").evaluate(
        """svg => [...svg.querySelectorAll('text:not(.lapsed-mark)')].map(t => {
             const scale = t.getScreenCTM().a;
             return parseFloat(getComputedStyle(t).fontSize) * scale; })"""
    )
    assert sizes and all(low <= size <= high for size in sizes), sizes
