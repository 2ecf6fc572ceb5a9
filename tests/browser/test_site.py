"""What a person sees on the public site, in a real browser (see conftest.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from .conftest import PHONE

STASH = "t-mobile-data-stash-2016"
STASH_NAME = "Simple Choice 10 GB with Data Stash (2016 rules)"
USAGE = "4, 12.5, , 8"


# --- helpers: what a person does --------------------------------------------------------


def fill_usage(page: Page, *, start: str = "2026-01", usage: str = USAGE) -> None:
    page.get_by_label("First month").fill(start)
    page.get_by_label("Use per month (GB)").fill(usage)


def submit(page: Page, plan: str = STASH, **usage) -> None:
    """Open the English home page, choose a catalog plan, type the use and submit."""
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(plan)
    fill_usage(page, **usage)
    page.get_by_role("button", name="Show what happens").click()
    expect(page).to_have_url(re.compile(r"/en/\?"))


def simulate(page: Page, plan: str = STASH, **usage) -> None:
    """Submit and wait for the result."""
    submit(page, plan, **usage)
    expect(page.locator("section.result")).to_be_visible()


def total_cost(page: Page):
    return page.locator("dl.summary > div").filter(has_text="Total cost").locator("dd")


def month_rows(page: Page):
    return page.locator("table.months tbody tr:not(.why)")


def money(text: str) -> tuple[str, Decimal]:
    """English money as the page writes it: "$75.00" → ("$", 75.00), "CA$1,040.00" →
    ("CA$", 1040.00): the symbol names the currency."""
    found = re.fullmatch(r"(-?)(\D+?)([\d,]+\.\d{2})", text.strip())
    assert found, f"not money: {text!r}"
    sign, symbol, amount = found.groups()
    return symbol, Decimal(sign + amount.replace(",", ""))


# --- the simulator ----------------------------------------------------------------------


def test_a_catalog_plan_simulation_shows_cost_months_lapse_and_chart(page: Page):
    simulate(page)

    expect(page.locator("#result")).to_contain_text(STASH_NAME)
    expect(total_cost(page)).to_have_text("$240.00")
    expect(month_rows(page)).to_have_count(4)
    expect(month_rows(page).nth(0).locator("th")).to_have_text("January 2026")
    lapsed = month_rows(page).nth(2)
    expect(lapsed).to_have_class(re.compile(r"\blapsed\b"))
    expect(lapsed.locator("th")).to_contain_text("not renewed")
    expect(page.locator("table.months tbody tr.why").first).to_be_visible()
    expect(page.locator("table.months .tag", has_text="not renewed")).to_have_count(1)
    chart = page.locator("figure.chart svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r".+"))).to_have_count(1)
    expect(page.get_by_role("link", name="Download the table (CSV)")).to_be_visible()


def test_the_page_loads_its_stylesheet_script_and_icon(page: Page):
    page.goto("/en/")
    assets = [
        page.locator("link[rel=stylesheet]").get_attribute("href"),
        page.locator("script[src]").get_attribute("src"),
        page.locator("link[rel=icon]").get_attribute("href"),
    ]
    for url in assets:
        response = page.request.get(url)
        assert response.status == 200, f"{url}: {response.status}"
    # The stylesheet is applied (the blue header) and the script ran (it marks <html>).
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(29, 78, 137)")
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))


def test_the_shared_url_reproduces_the_result_in_a_new_browser(page: Page, new_page):
    simulate(page)
    shared = page.url
    assert urlsplit(shared).query, "the result page has a shareable query"
    first_rows = month_rows(page).all_inner_texts()

    other = new_page()
    other.goto(shared)
    expect(total_cost(other)).to_have_text("$240.00")
    expect(month_rows(other)).to_have_count(4)
    assert month_rows(other).all_inner_texts() == first_rows
    expect(other.get_by_label("Use per month (GB)")).to_have_value(USAGE)


def test_the_csv_link_downloads_the_month_table(page: Page):
    simulate(page)
    href = page.get_by_role("link", name="Download the table (CSV)").get_attribute("href")
    assert href.startswith("/en/result.csv?")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="rollover-lab_{STASH}_2026-01_2026-04.csv"'
    )
    lines = response.text().lstrip("\ufeff").strip().splitlines()
    assert lines[0] == f"Plan,{STASH_NAME}"
    header = lines.index("") + 1
    assert lines[header].startswith("Month,Renewed,")
    assert len(lines) == header + 1 + 4


def test_a_usage_error_is_shown_beside_the_field_and_keeps_the_other_inputs(page: Page):
    submit(page, usage="4, x")

    usage_field = page.locator(".field").filter(has=page.locator("#id_usage"))
    expect(usage_field.locator("ul.errors")).to_contain_text("Month 2")
    expect(usage_field).to_have_class(re.compile(r"\bhas-error\b"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # a screen reader reads the problems first
    expect(page.locator("section.result")).to_have_count(0)
    expect(page.get_by_label("Plan", exact=True)).to_have_value(STASH)
    expect(page.get_by_label("First month")).to_have_value("2026-01")
    expect(page.get_by_label("Use per month (GB)")).to_have_value("4, x")

    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile(r"^Use per month \(GB\): Month 2")).click()
    expect(page.locator("#id_usage")).to_be_focused()


def test_switching_language_keeps_the_page_and_the_inputs(page: Page):
    simulate(page)
    english = urlsplit(page.url)
    assert english.path == "/en/"

    page.locator("a[data-lang-switch]", has_text="简体中文").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/\?"))
    chinese = urlsplit(page.url)
    assert chinese.path == "/zh-hans/"
    assert chinese.query == english.query
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(month_rows(page).nth(0).locator("th")).to_have_text("2026年1月")
    expect(page.locator("textarea[name=usage]")).to_have_value(USAGE)
    expect(page.locator("select[name=plan]")).to_have_value(STASH)

    page.locator("a[data-lang-switch]", has_text="English").click()
    expect(page).to_have_url(re.compile(r"/en/\?"))
    assert urlsplit(page.url).query == english.query
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(month_rows(page).nth(0).locator("th")).to_have_text("January 2026")
    expect(page.get_by_role("button", name="Show what happens")).to_be_visible()


def test_a_browser_preferring_chinese_lands_on_the_chinese_site(new_page):
    page = new_page(locale="zh-CN")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_my_own_plan_shows_its_fields_and_simulates_a_capped_rollover(page: Page):
    page.goto("/en/")
    custom = page.locator("#custom-plan")
    expect(custom).to_be_hidden()

    page.get_by_label("Plan", exact=True).select_option("custom")
    expect(custom).to_be_visible()
    page.get_by_label("Currency", exact=True).fill("USD")
    page.get_by_label("Price per period").fill("30")
    page.get_by_label("Data per period (GB)").fill("10")
    page.get_by_label("Unused data", exact=True).select_option("capped")
    page.get_by_label("Most that rolls over per period (GB)").fill("5")
    fill_usage(page, usage="4, 1, 2")
    page.get_by_role("button", name="Show what happens").click()

    expect(total_cost(page)).to_have_text("$90.00")
    expect(month_rows(page)).to_have_count(3)
    expect(page.get_by_label("Plan", exact=True)).to_have_value("custom")
    expect(custom).to_be_visible()


def test_same_every_month_and_the_presets_fill_the_list_in_place(page: Page):
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    page.get_by_label("First month").fill("2026-01")
    page.get_by_label("Same every month (GB)").fill("3")
    page.get_by_label("Number of months").fill("6")
    page.get_by_role("button", name="Use this every month").click()

    usage = page.get_by_label("Use per month (GB)")
    expect(usage).to_have_value("3, 3, 3, 3, 3, 3")
    expect(page.locator("[data-fill-status]")).to_have_text("The use list is filled in.")
    assert urlsplit(page.url).query == "", "filling the list does not submit the form"

    page.get_by_role("button", name="Traveller: 2 GB a month, one month 20 GB").click()
    expect(usage).to_have_value("2, 2, 2, 20, 2, 2")
    page.get_by_role("button", name="Light: 1.5 GB a month").click()
    expect(usage).to_have_value(", ".join(["1.5"] * 6))
    assert urlsplit(page.url).query == ""

    page.get_by_role("button", name="Show what happens").click()
    expect(month_rows(page)).to_have_count(6)
    expect(total_cost(page)).to_have_text("$480.00")
    expect(usage).to_have_value(", ".join(["1.5"] * 6))


def test_without_javascript_a_preset_shows_a_result_and_its_list(new_page):
    page = new_page(javascript=False)
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    page.get_by_label("First month").fill("2026-01")
    page.get_by_label("Number of months").fill("4")
    page.get_by_role("button", name="Typical: 6 GB a month").click()
    expect(page).to_have_url(re.compile(r"preset=typical.*#result$"))
    expect(month_rows(page)).to_have_count(4)
    expect(page.get_by_label("Use per month (GB)")).to_have_value("6, 6, 6, 6")


def test_compare_ranks_every_plan_and_marks_yours(page: Page):
    simulate(page)
    page.get_by_role("link", name="Compare every plan for this usage").click()
    expect(page).to_have_url(re.compile(r"/en/compare/\?"))

    rows = page.locator("table.ranking tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 5
    yours = page.locator("table.ranking tr.baseline")
    expect(yours).to_have_count(1)
    expect(yours).to_contain_text(STASH_NAME)
    expect(yours.locator(".tag.yours")).to_have_text("your plan")

    # Within each currency: plans that serve all the use first, then those that slow some,
    # then those that leave some unserved; the cheapest first within each of these.
    fits = {"fit-full": 0, "fit-slowed": 1, "fit-short": 2}
    ranks = defaultdict(list)
    for row in rows.all():
        fit = next(c for c in row.get_attribute("class").split() if c.startswith("fit-"))
        cost = row.locator("td:nth-of-type(3)").inner_text().split()[0]  # not the marker
        currency, amount = money(cost)
        ranks[currency].append((fits[fit], amount))
    assert "$" in ranks  # US dollars
    for currency, keys in ranks.items():
        assert keys == sorted(keys), f"{currency}: not fit first, then cheapest: {keys}"
    expect(rows.first.locator("td.fit")).to_have_text(re.compile(r"^Serves all your use"))


def test_a_plan_page_shows_its_source_and_simulates_that_plan(page: Page):
    page.goto("/en/plans/")
    expect(page.locator("table.plans tbody tr")).not_to_have_count(0)
    page.locator("table.plans").get_by_role("link", name="Fizz mobile plan with Rollover").click()

    expect(page).to_have_url(re.compile(r"/en/plans/fizz-rollover/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fizz mobile plan with Rollover")
    facts = page.locator("dl.facts")
    source = facts.locator("div").filter(has=page.locator("dt", has_text=re.compile("^Source$")))
    expect(source.get_by_role("link")).to_have_attribute(
        "href", "https://fizz.ca/faq/what-is-rollover-and-how-does-it-work"
    )
    expect(facts.locator("dt", has_text="Source checked")).to_be_visible()

    page.get_by_role("link", name="Simulate this plan").click()
    expect(page).to_have_url(re.compile(r"/en/\?plan=fizz-rollover$"))
    expect(page.get_by_label("Plan", exact=True)).to_have_value("fizz-rollover")
    # Nothing has been submitted yet: the form offers the plan, it does not scold.
    not_submitted = "a link that only chooses the plan shows form errors"
    expect(page.locator("#error-summary"), not_submitted).to_have_count(0)
    expect(page.locator("ul.errors"), not_submitted).to_have_count(0)


def test_on_a_phone_the_month_table_is_cards_with_every_value_labelled(phone_page: Page):
    page = phone_page
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_role("button", name="Show what happens").click()
    expect(month_rows(page)).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    january = month_rows(page).first
    expect(january).to_have_css("display", "block")  # a card, not a table row
    used = january.locator("td[data-label='Used']")
    label = used.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Used"'
    expect(used).to_have_text("4 GB")
    # A zero figure hides in the card; use and cost never do.
    expect(january.locator("td.zero").first).to_be_hidden()
    expect(january.locator("td[data-label='Cost']")).to_be_visible()
    why = page.locator("table.months tr.why").first
    box = why.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_without_javascript_the_custom_fields_show_and_a_catalog_plan_simulates(new_page):
    page = new_page(javascript=False)
    page.goto("/en/")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bjs\b"))
    expect(page.locator("#custom-plan")).to_be_visible()
    expect(page.get_by_label("Price per period")).to_be_visible()

    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_role("button", name="Show what happens").click()

    expect(total_cost(page)).to_have_text("$240.00")
    expect(month_rows(page)).to_have_count(4)
    expect(page.locator("#error-summary")).to_have_count(0)


def test_my_own_plans_spend_cap_and_rollover_fields_show_only_where_they_apply(page: Page):
    page.goto("/en/")
    page.get_by_label("Plan", exact=True).select_option("custom")
    spend_cap = page.get_by_label("Spend cap", exact=True)
    cap = page.get_by_label("Most that rolls over per period (GB)")
    expect(spend_cap).to_be_hidden()
    expect(cap).to_be_hidden()

    page.get_by_label("When the data runs out").select_option("pay_per_unit")
    expect(spend_cap).to_be_visible()
    expect(page.get_by_label("After the spend cap")).to_be_visible()
    page.get_by_label("Unused data", exact=True).select_option("capped")
    expect(cap).to_be_visible()

    page.get_by_label("When the data runs out").select_option("block")
    expect(spend_cap).to_be_hidden()
    expect(spend_cap).to_be_disabled()  # not sent with the form


def test_a_catalog_plan_simulates_whatever_the_hidden_custom_fields_hold(new_page):
    page = new_page(javascript=False)
    page.goto("/en/")
    page.get_by_label("Price per period").fill("-5")  # shown without JavaScript, and invalid
    page.get_by_label("Plan", exact=True).select_option(STASH)
    fill_usage(page)
    page.get_by_role("button", name="Show what happens").click()
    expect(total_cost(page)).to_have_text("$240.00")
    expect(page.locator("#error-summary")).to_have_count(0)
