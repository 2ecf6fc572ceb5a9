"""The public pages through Django's test client: real input, and what a person then sees in
the HTML. Each test builds the plans it needs (``make_plan``); the expected figures are
worked out by hand in the comments."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from carriers.models import Carrier, Plan, RolloverRule

pytestmark = pytest.mark.django_db

GB = 1024
# A Data Stash-like plan: $80.00 for 10 GB; all unused data rolls, lasts 12 months, at
# most 20 GB held, used after the month's allowance; closed to new customers.
STASH = {"plan": "stash", "start": "2026-01", "months": "4", "usage": "4, 12.5, , 8"}
WORKED = {
    "plan": "custom",
    "c_currency": "USD",
    "c_price": "30",
    "c_allowance": "10",
    "c_overage": "pay_per_unit",
    "c_unit_gb": "1",
    "c_unit_price": "10",
    "c_mode": "capped",
    "c_cap_gb": "5",
    "c_expires": "1",
    "c_order": "rollover_first",
    "start": "2026-01",
    "months": "3",
    "usage": "4, 1, 2",
}


@pytest.fixture(autouse=True)
def plans(make_plan, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    make_plans(make_plan)


def make_plans(make_plan):
    make_plan(
        slug="stash",
        name="Data Stash",
        price=Decimal("80.00"),
        overage_policy="throttle",
        availability="closed",
        assumed=["rollover.forfeit_on_lapse"],
        rule={
            "mode": "full",
            "bank_cap_mb": 20 * GB,
            "expires_after_periods": 12,
            "order": "allowance_first",
            "summary": "Unused data rolls into the Stash for 12 months.",
        },
    )
    make_plan(slug="open", name="Open ten", price=Decimal("40.00"))
    make_plan(slug="small", name="Small two", price=Decimal("10.00"), allowance_mb=2 * GB)
    make_plan(
        slug="capped",
        name="Capped extra",
        currency="PHP",
        price=Decimal("500.00"),
        allowance_mb=GB,
        overage_policy="pay_per_unit",
        overage_unit_mb=1,
        overage_unit_price=Decimal("2.00"),
        overage_spend_cap=Decimal("2500.00"),
        overage_after_cap="throttle",
        assumed=["price"],
        source_date=datetime.date(2024, 5, 1),
        carrier=Carrier.objects.create(name="PH Mobile", slug="ph-mobile", country="PH"),
    )
    make_plan(
        slug="credit",
        name="Money off",
        currency="GBP",
        price=Decimal("8.00"),
        allowance_mb=3 * GB,
        rule={"mode": "none", "convert_unit_mb": GB, "convert_credit": Decimal("1.00")},
    )
    make_plan(
        slug="daypass",
        name="Unlimited day",
        billing="daily",
        kind="day_pass",
        price=Decimal("5.00"),
        allowance_mb=None,
    )
    make_plan(slug="pack", name="Three-month pack", period_months=3, allowance_mb=30 * GB)


# --------------------------------------------------------------------------- helpers


def get(client, name, params=None, lang="en", **kwargs):
    with translation.override(lang):
        url = reverse(name, kwargs=kwargs or None)
    return client.get(url, params or {})


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


class Text(HTMLParser):
    """The text of an HTML fragment, and its tables as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            name = (attrs.get("class") or "").split()
            self._table = self.tables.setdefault(name[0] if name else "", [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def read(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    return parser


def month_rows(html: str) -> list[list[str]]:
    """The month table's rows (header and the sentences' rows left out)."""
    return [row for row in read(html).tables["months"][1:] if len(row) > 1]


def summary(html: str) -> str:
    found = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)
    return read(found.group(1)).text if found else ""


def field_errors(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return read(found.group(1)).text if found else ""


# --------------------------------------------------------------------------- the form


def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/en/"


def test_the_empty_form_starts_this_month_for_twelve_months(client):
    from simulator.usage import current_month

    html = page(get(client, "home"))
    assert f'value="{current_month()}"' in html
    assert 'name="months" value="12"' in html
    assert "Data Stash — All unused data rolls" in html  # plans offered with their rules
    assert 'class="result"' not in html


def test_a_link_that_only_picks_a_plan_opens_the_form_with_it_chosen(client):
    html = page(get(client, "home", {"plan": "open"}))
    assert '<option value="open" selected data-billing="monthly"' in html
    assert 'class="result"' not in html
    assert 'class="errors' not in html


# --------------------------------------------------------------------------- a result


def test_a_catalog_plan_result_shows_totals_months_chart_and_explanations(client):
    html = page(get(client, "home", STASH))
    assert "Data Stash: January 2026 to April 2026" in html
    # 3 renewed months × 80.00; March is blank (not renewed).
    assert "Total cost $240.00" in summary(html)
    rows = month_rows(html)
    assert [row[0] for row in rows] == [
        "January 2026",
        "February 2026",
        "March 2026 not renewed",
        "April 2026",
    ]
    # January: 10 GB − 4 GB = 6 GB unused, all of it rolls over.
    assert rows[0][1:4] == ["4 GB", "4 GB", "0 GB"]
    assert "6 GB of unused allowance rolled over" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Rolled-over data at the end, and when it expires" in html


def test_the_page_shows_the_apis_numbers(client):
    api = client.post(
        "/api/v1/simulate",
        json.dumps({"plan": "stash", "start": "2026-01", "usage_mb": [4096, 12800, None, 8192]}),
        content_type="application/json",
    ).json()
    html = page(get(client, "home", STASH))
    # The API writes "240.00" (its contract); the page writes the same amount as money.
    assert f"Total cost ${api['totals']['cost']}" in summary(html)
    assert [row[-1] for row in month_rows(html)] == [f"${m['cost']}" for m in api["months"]]


def test_my_own_plan_reproduces_the_specs_worked_example(client):
    html = page(get(client, "home", WORKED))
    assert "Total cost $90.00" in summary(html)
    rows = month_rows(html)
    # columns: month, used, allowance, rollover, beyond, expired, rolled over, forfeited, kept
    assert [row[5] for row in rows] == ["0 GB", "4 GB", "3 GB"]
    assert [row[6] for row in rows] == ["5 GB", "5 GB", "5 GB"]


def test_settings_that_do_not_apply_are_ignored_not_refused(client):
    params = {**WORKED, "c_mode": "none", "c_overage": "block", "c_spend_cap": "5"}
    html = page(get(client, "home", params))  # cap, unit, expiry, spend cap still filled
    assert "Total cost $90.00" in summary(html)
    assert "Unused data does not roll over" in html


def test_a_spend_cap_says_where_charges_stopped_and_what_happened_to_the_rest(client):
    params = {"plan": "capped", "start": "2026-01", "usage": "6, 14, 3"}
    html = page(get(client, "home", params))
    # ₱500.00 with 1 GB; ₱2.00 per MB beyond, at most 2,500.00 a month (1,250 MB),
    # then slowed. January: 5 GB beyond → 1,250 MB charged, 3,870 MB slowed.
    assert (
        "1.22 GB beyond your data was charged as extra data: 1,250 units of 1 MB, ₱2,500.00."
        in html
    )
    assert "Charges stopped at ₱2,500.00, the spend cap: the other 3.78 GB was slowed down." in html
    assert "Total cost ₱9,000.00" in summary(html)


def test_a_credit_for_unused_data_is_explained_and_totalled(client):
    params = {"plan": "credit", "start": "2026-01", "usage": "1, 2, 3.5"}
    html = page(get(client, "home", params))
    # £8.00 for 3 GB: 2 GB unused in January → 2.00 off February; 1 GB → 1.00 off March.
    assert "£2.00 off this month for 2 GB not used last month." in html
    assert [row[-2:] for row in month_rows(html)] == [
        ["£0.00", "£8.00"],
        ["£2.00", "£6.00"],
        ["£1.00", "£7.00"],
    ]
    text = summary(html)
    assert "Total cost £21.00 after £3.00 of credit for unused data" in text
    assert "Credit for unused data £3.00" in text


def test_the_result_leads_with_one_sentence_on_what_rolled_over_and_what_it_was_worth(client):
    params = {**WORKED, "usage": "4, 13"}
    html = page(get(client, "home", params))
    # January rolls 5 GB (the cap). February needs 13 GB: the 5 GB bank first, then 8 GB of
    # the allowance, whose other 2 GB rolls too. Without rollover February buys 3 extra
    # units of $10.00.
    headline = re.search(r'<p class="headline">(.*?)</p>', html, re.S)[1]
    assert headline == (
        "7 GB of unused data rolled over; you used 5 GB of it, none expired, and it saved "
        "$30.00 against the same plan without rollover."
    )
    # The headline comes first, right under the result's heading.
    assert (
        html.index('<h2 id="result"')
        < html.index('class="headline"')
        < html.index('class="summary"')
    )


def test_an_assumed_value_is_marked_beside_the_cost_with_a_note_in_words(client):
    html = page(get(client, "home", {"plan": "capped", "start": "2026-01", "usage": "1"}))
    assert 'class="assumed"' in re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)[1]
    assert 'title="Assumed: no source states this value (price)"' in html
    assert (
        "Assumed: no source states this value; the catalog chose it so that the plan can be "
        "simulated. Here: price." in read(html).text
    )
    plain = page(get(client, "home", {"plan": "open", "start": "2026-01", "usage": "1"}))
    assert 'class="assumed"' not in plain


def test_a_free_result_page_in_chinese_formats_months_the_chinese_way(client):
    html = page(get(client, "home", STASH, lang="zh-hans"))
    assert month_rows(html)[0][0] == "2026年1月"


# --------------------------------------------------------------------------- form errors


def test_an_unreadable_month_is_explained_beside_the_field_and_inputs_are_kept(client):
    html = page(get(client, "home", {**STASH, "usage": "4, x"}))
    assert field_errors(html, "usage") == "Month 2: “x” is not a number of GB."
    assert '<option value="stash" selected' in html
    assert "4, x" in html
    assert 'class="result"' not in html


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({**WORKED, "c_cap_gb": ""}, "c_cap_gb", "capped rule needs"),
        ({**WORKED, "c_price": ""}, "c_price", "Enter this for your own plan."),
        (
            {**WORKED, "c_allowance": "", "c_unlimited": "on", "c_mode": "full"},
            "c_mode",
            "unlimited plan",
        ),
        ({**WORKED, "c_allowance": ""}, "c_allowance", "or tick “Unlimited data”"),
        ({**WORKED, "c_period": "3", "usage": "1, 2, 3, 4"}, "usage", "multiple of 3"),
        (
            {**WORKED, "c_period": "3", "usage": "1, , 1"},
            "usage",
            "leave all of its months blank or none",
        ),
        ({**STASH, "lines": "3"}, "lines", "at most 1 line."),
        ({**STASH, "start": "2026-13"}, "start", "Choose a month"),
        ({**STASH, "months": "40", "usage": "", "same": "1"}, "months", "less than or equal to 36"),
        ({**STASH, "usage": ",".join(["1"] * 37)}, "usage", "At most 36 months"),
        ({**STASH, "plan": "no-such-plan"}, "plan", "Select a valid choice"),
        # February 2026 has 28 days: 30 days of use cannot be.
        (
            {"plan": "daypass", "start": "2026-02", "usage": "1", "days": "30"},
            "days",
            "This is too large: at most 28.",
        ),
        ({**STASH, "usage": "", "preset": "x"}, "preset", "There is no preset “x”"),
        ({**WORKED, "c_spend_cap": "1.234"}, "c_spend_cap", "no more than 2 decimal places"),
        ({**WORKED, "c_convert_credit": "-1"}, "c_convert_credit", "greater than or equal to 0"),
    ],
)
def test_each_invalid_input_is_explained_beside_its_field(client, params, field, text):
    html = page(get(client, "home", params))
    assert text in field_errors(html, field), read(html).text[:3000]
    assert "Please correct the fields marked below." in html
    assert 'class="result"' not in html


def test_a_bad_hidden_custom_field_does_not_block_a_catalog_plan(client):
    html = page(get(client, "home", {**STASH, "c_price": "abc", "c_spend_cap": "-5"}))
    assert "Total cost $240.00" in summary(html)
    assert "Please correct the fields marked below." not in html


def test_a_conversion_needs_its_unit_and_a_rate_or_a_credit(client):
    html = page(get(client, "home", {**WORKED, "c_convert_rate": "3"}))
    assert "give its unit (GB) and a rate, a credit or both" in field_errors(
        html, "c_convert_unit_gb"
    )
    html = page(get(client, "home", {**WORKED, "c_convert_unit_gb": "1"}))
    assert "give its unit (GB) and a rate, a credit or both" in field_errors(html, "c_convert_rate")


def test_my_own_plan_with_a_spend_cap_and_a_credit_simulates(client):
    params = {
        **WORKED,
        "c_allowance": "1",
        "c_mode": "none",
        "c_spend_cap": "25",
        "c_after_cap": "block",
        "c_convert_unit_gb": "1",
        "c_convert_credit": "0.5",
        "usage": "0, 5",
    }
    html = page(get(client, "home", params))
    # January: 1 GB unused → 0.50 off February. February: 4 GB beyond; 25.00 buys 2 units
    # (20.00), the other 2 GB is blocked. 30.00 + (30.00 + 20.00 − 0.50) = 79.50.
    assert "Charges stopped at $25.00, the spend cap: the other 2 GB was blocked." in html
    assert "$0.50 off this month for 1 GB not used last month." in html
    assert "Total cost $79.50" in summary(html)


def test_form_errors_come_in_chinese_for_chinese_readers(client):
    html = page(get(client, "home", {**STASH, "start": "2026-13"}, lang="zh-hans"))
    message = field_errors(html, "start")
    assert message and "Choose a month" not in message


def test_engine_refusals_are_translated_for_chinese_readers(client):
    params = {**WORKED, "c_billing": "daily", "c_period": "3", "c_mode": "none"}
    message = field_errors(page(get(client, "home", params, lang="zh-hans")), "c_period")
    assert message and "period_months" not in message and "day pass" not in message


def test_presets_and_same_every_month_fill_the_months(client):
    light = page(get(client, "home", {**STASH, "usage": "", "months": "6", "preset": "light"}))
    assert [row[1] for row in month_rows(light)] == ["1.5 GB"] * 6
    same = page(get(client, "home", {**STASH, "usage": "", "months": "5", "same": "3"}))
    assert [row[1] for row in month_rows(same)] == ["3 GB"] * 5
    params = {**STASH, "usage": "", "months": "6", "preset": "traveller"}
    traveller = page(get(client, "home", params))
    assert [row[1] for row in month_rows(traveller)].count("20 GB") == 1


def test_the_language_switcher_keeps_the_page_and_the_inputs(client):
    html = page(get(client, "home", STASH))
    assert 'href="/zh-hans/?plan=stash&amp;start=2026-01' in html


# --------------------------------------------------------------------------- the CSV


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_has_a_header_block_then_the_months_in_gb(client):
    params = {"plan": "capped", "start": "2026-01", "usage": "6, 14, 3"}
    response = get(client, "result-csv", params)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="rollover-lab_capped_2026-01_2026-03.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Plan", "Capped extra"]
    assert rows[1][0] == "Rule" and "₱2,500.00 a month" in rows[1][1]
    assert rows[2] == ["Months", "January 2026 to March 2026"]
    assert rows[3] == ["Assumed (*)", "no source states: price"]
    header = rows[5]
    table = [dict(zip(header, row, strict=True)) for row in rows[6:]]
    assert [row["Month"] for row in table] == ["2026-01", "2026-02", "2026-03"]
    assert table[0]["Renewed"] == "yes"
    assert table[0]["Used (GB)"] == "6"
    assert table[0]["Slowed (GB)"] == "3.779"  # 3,870 MB
    assert table[0]["Cost (PHP) *"] == "3000.00"  # the price is assumed: marked
    assert table[0]["Credit (PHP)"] == "0.00"


def test_the_csv_columns_are_the_month_schemas_in_the_pages_language(client):
    from simulator.schemas import MonthOut

    english = csv_rows(get(client, "result-csv", STASH))
    header = english.index([]) + 1  # after the header block and a blank row
    assert len(english[header]) == len(MonthOut.model_fields) - 1  # every field but the bank
    chinese = csv_rows(get(client, "result-csv", STASH, lang="zh-hans"))
    assert chinese[header] != english[header]  # translated headers
    assert [row[1] for row in english[header + 1 :]] == ["yes", "yes", "no", "yes"]


def test_a_typed_name_or_benefit_never_becomes_a_spreadsheet_formula(client):
    # The result's URL is shareable: whoever opens someone else's link gets their CSV.
    formula = '=HYPERLINK("http://evil.example/","click")'
    params = {
        **WORKED,
        "c_name": formula,
        "c_mode": "none",
        "c_convert_unit_gb": "1",
        "c_convert_rate": "10",
        "c_convert_benefit": "+minutes",
    }
    rows = csv_rows(get(client, "result-csv", params))
    assert rows[0] == ["Plan", "'" + formula]
    for start in ("-1+1", "@SUM(A1)", "+minutes"):  # the form strips a leading tab or CR
        rows = csv_rows(get(client, "result-csv", {**params, "c_name": start}))
        assert rows[0] == ["Plan", "'" + start]
    assert "+minutes" in rows[1][1] and not rows[1][1].startswith("'")  # inside a sentence
    # Numbers stay numbers: no quote before a figure.
    header = rows.index([]) + 1
    table = [dict(zip(rows[header], row, strict=True)) for row in rows[header + 1 :]]
    assert table[0]["Cost (USD)"] == "30.00"
    assert table[0]["Used (GB)"] == "4"


def test_a_text_cell_starting_with_a_tab_or_return_is_quoted_too():
    # Catalog texts do not pass the form's strip: the CSV quotes them as well.
    from simulator.pages import _text

    assert [_text(v) for v in ("\tx", "\rx", "x=1", 3)] == ["'\tx", "'\rx", "x=1", 3]


def test_csv_of_bad_input_sends_the_person_back_to_the_form(client):
    response = get(client, "result-csv", {**STASH, "usage": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/?")


# --------------------------------------------------------------------------- compare


def ranking(html: str) -> list[list[str]]:
    """Compare's rows, every currency's group in turn (their headers left out)."""
    return [row for row in read(html).tables["ranking"] if row[0] != "#"]


def test_compare_puts_plans_that_serve_the_use_first_and_marks_yours(client):
    params = {**STASH, "plan": "open", "usage": "5, 5", "currency": "USD", "billing": "monthly"}
    rows = ranking(page(get(client, "compare", params)))
    # USD, open to new customers: Open ten (40.00 a month, serves all) before Small two
    # (10.00, leaves 3 GB a month unserved) although it costs more.
    assert [(row[1], row[2]) for row in rows] == [
        ("Open ten Example Mobile · United States of America your plan", "Serves all your use"),
        ("Small two Example Mobile · United States of America", "Leaves 6 GB unserved"),
    ]
    assert [row[6] for row in rows] == ["±$0.00", "−$60.00"]


def test_compare_lists_closed_plans_only_with_the_switch(client):
    params = {**STASH, "plan": "", "usage": "5, 5"}
    rows = ranking(page(get(client, "compare", params)))
    assert not any(row[1].startswith("Data Stash") for row in rows)
    rows = ranking(page(get(client, "compare", {**params, "include_unavailable": "on"})))
    [stash] = [row for row in rows if row[1].startswith("Data Stash")]
    assert stash[1].endswith("Closed to new customers")


def test_your_closed_plan_is_always_shown_and_marked(client):
    html = page(get(client, "compare", {**STASH, "usage": "5, 5"}))
    mine = [row for row in ranking(html) if "your plan" in row[1]]
    assert len(mine) == 1 and mine[0][1].startswith("Data Stash")
    assert "Closed to new customers" in mine[0][1]


def test_compare_lists_the_plans_that_cannot_take_the_use_with_why(client):
    html = page(get(client, "compare", {**STASH, "plan": "", "usage": "1, 1"}))
    assert "Plans that cannot take this use" in html
    assert "Three-month pack" in html
    assert "enter a multiple of 3 months (you entered 2)" in html


def test_compare_filters_by_country(client):
    html = page(get(client, "compare", {**STASH, "plan": "", "country": "PH", "usage": "1"}))
    assert [row[1] for row in ranking(html)] == ["Capped extra PH Mobile · Philippines"]


def test_compare_without_a_plan_just_ranks(client):
    html = page(get(client, "compare", {"start": "2026-01", "months": "3", "usage": "1,2,3"}))
    rows = ranking(html)
    assert rows and all(row[6] == "—" for row in rows)
    assert not any("your plan" in row[1] for row in rows)


def test_compare_ranks_my_own_plan_written_inline(client):
    html = page(get(client, "compare", {**WORKED, "usage": "4, 1, 2"}))
    mine = [row for row in ranking(html) if "your plan" in row[1]]
    assert mine == [[mine[0][0], "My plan your plan", "Serves all your use", "$90.00",
                     "$12.86", "18 GB", "±$0.00"]]  # fmt: skip


# --------------------------------------------------------------------------- plan pages


def test_plan_list_filters_and_links_to_plan_pages(client):
    html = page(get(client, "plan-list", {"country": "PH"}))
    assert "/en/plans/capped/" in html
    assert "/en/plans/stash/" not in html
    assert "₱500.00" in html and "1 GB" in html


def test_plan_page_shows_its_terms_source_dates_and_simulate_link(client):
    html = page(get(client, "plan-detail", slug="capped"))
    text = read(html).text
    assert "Terms as of May 1, 2024 · checked on Nov. 22, 2026" in text
    assert "https://example.com/terms" in html
    assert "/en/?plan=capped" in html
    assert "Spend cap at most ₱2,500.00 a month, then: slowed down, free" in text
    assert "Price ₱500.00 a month assumed" in text
    assert "more than 6 months ago" not in html


def test_an_undated_source_says_so_and_an_old_one_is_flagged(client):
    assert "Source undated" in read(page(get(client, "plan-detail", slug="open"))).text
    plan = Plan.objects.get(slug="open")
    plan.source_date = datetime.date(2015, 1, 1)
    plan.save()
    text = read(page(get(client, "plan-detail", slug="open"))).text
    assert "Terms as of Jan. 1, 2015 a source more than 3 years old" in text


def test_the_rule_summary_is_labelled_as_ours_unless_it_quotes_the_source(client):
    html = page(get(client, "plan-detail", slug="stash"))
    assert "The rollover rule, in our curator's summary" in html
    rule = RolloverRule.objects.get(plan__slug="stash")
    rule.summary_is_quote = True
    rule.save()
    html = page(get(client, "plan-detail", slug="stash"))
    assert "The rollover rule, in the source's words" in html
    assert "<blockquote" in html


def test_an_untranslated_catalog_text_is_marked_english_on_a_chinese_page(client):
    html = page(get(client, "plan-detail", lang="zh-hans", slug="stash"))
    assert '<span lang="en">Unused data rolls into the Stash for 12 months.</span>' in html
    assert '<h1><span lang="en">Data Stash</span></h1>' in html


def test_a_plan_page_marks_each_assumed_value(client):
    html = page(get(client, "plan-detail", slug="stash"))
    assert 'title="Assumed: no source states this value (lost on a lapse)"' in html
    assert "Here: lost on a lapse." in read(html).text


def test_a_stale_source_is_flagged(client):
    Plan.objects.filter(slug="open").update(source_checked="2020-01-01")
    assert "more than 6 months ago" in page(get(client, "plan-detail", slug="open"))


def test_an_unknown_plan_page_is_a_404(client):
    assert get(client, "plan-detail", slug="nope").status_code == 404


def test_admin_view_on_site_opens_the_plan_page(admin_client):
    plan = Plan.objects.get(slug="open")
    assert plan.get_absolute_url() == "/en/plans/open/"
    html = admin_client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content.decode()
    assert "View on site" in html


@pytest.mark.parametrize(
    "params",
    [
        {"plan": "x" * 5000, "usage": "1"},
        {"months": "9" * 100, "usage": "1"},
        {"usage": "1e999999", "plan": "open", "start": "2026-01"},
        {"plan": "custom", "c_price": "NaN", "c_currency": "USD", "start": "2026-01", "usage": "1"},
        {
            "plan": "custom",
            "c_price": "1",
            "c_currency": "USD",
            "c_allowance": "-1",
            "start": "2026-01",
            "usage": "1",
        },
        {"plan": "open", "start": "0000-01", "usage": "1"},
        {"plan": "open", "start": "2026-01", "usage": "\x00"},
        {"plan": "open", "start": "2026-01", "usage": "1", "lines": "-5"},
        {"plan": "open", "start": "2026-01", "usage": "1", "days": "1,2,3"},
        # found by review: "²".isdigit() is True but int("²") fails
        {"plan": "daypass", "start": "2026-01", "usage": "1,2", "days": "²"},
        {"plan": "custom", "c_price": "1", "c_currency": "USD", "usage": "1", "c_after_cap": "x"},
    ],
)
def test_nonsense_never_breaks_a_page(client, params):
    for name in ("home", "compare"):
        html = page(get(client, name, params))
        assert "Please correct the fields marked below." in html


# --------------------------------------------------------------------------- Chinese pages


def test_a_chinese_page_writes_money_as_chinese_readers_write_it(client):
    html = page(get(client, "home", STASH, lang="zh-hans"))
    assert read(summary_html(html)).text.startswith("总费用 US$240.00")
    text = read(page(get(client, "plan-detail", lang="zh-hans", slug="capped"))).text
    assert "PHP500.00" in text and "PHP2,500.00" in text
    assert not re.search(r"\d PHP", text)  # never the old "500.00 PHP"


def summary_html(html: str) -> str:
    return re.search(r'<dl class="summary">(.*?)</dl>', html, re.S).group(1)


def test_a_chinese_error_summary_puts_a_full_width_colon_after_the_fields_name(client):
    html = page(get(client, "home", {**STASH, "usage": "4, x"}, lang="zh-hans"))
    link = re.search(r'<a href="#id_usage">(.*?)</a>', html).group(1)
    assert link.startswith("每月用量（GB）：")
    assert ": " not in link


def test_chinese_sentences_run_on_into_their_links_without_a_gap(client):
    result = page(get(client, "home", {**STASH, "plan": "open"}, lang="zh-hans"))
    rule = re.search(r'<p class="rule">(.*?)</p>', result, re.S).group(1)
    assert "。<a href=" in rule
    ranking_page = page(get(client, "compare", {**STASH, "usage": "5, 5"}, lang="zh-hans"))
    scopes = re.findall(r'<p class="scope">(.*?)</p>', ranking_page, re.S)
    assert scopes and all(re.search(r"[。：]<a href=", scope) for scope in scopes)
    assert not any(re.search(r"[。：]\s", scope) for scope in scopes)


def test_a_promotions_months_read_from_one_to_the_other_or_one_month_once(client, make_plan):
    make_plan(
        slug="promo",
        name="Promo plan",
        promotions=[
            {"name": "Launch", "from_month": "2015-01", "to_month": "2015-03"},
            {"name": "One month", "from_month": "2015-06", "to_month": "2015-06"},
        ],
    )
    english = read(page(get(client, "plan-detail", slug="promo"))).text
    assert "Launch: January 2015 to March 2015" in english
    assert "One month: June 2015" in english
    chinese = page(get(client, "plan-detail", lang="zh-hans", slug="promo"))
    assert '<span lang="en">Launch</span>：2015年1月至2015年3月' in chinese
    assert '<span lang="en">One month</span>：2015年6月<' in chinese
    assert " – " not in chinese


def test_the_chinese_csv_writes_its_months_in_chinese(client):
    rows = csv_rows(get(client, "result-csv", STASH, lang="zh-hans"))
    assert rows[2][1] == "2026年1月至2026年4月"


def test_a_plans_country_is_named_in_the_pages_language_never_by_its_code(client):
    detail = page(get(client, "plan-detail", lang="zh-hans", slug="capped"))
    assert '<dd><span lang="en">PH Mobile</span>（菲律宾）</dd>' in detail
    english = read(page(get(client, "plan-detail", slug="capped"))).text
    assert "Carrier PH Mobile (Philippines)" in english
    listing = read(page(get(client, "plan-list", {"country": "PH"}, lang="zh-hans")))
    assert listing.tables["plans"][1][0] == "Capped extra PH Mobile · 菲律宾"
    params = {**STASH, "plan": "", "country": "PH", "usage": "1"}
    rows = ranking(page(get(client, "compare", params, lang="zh-hans")))
    assert [row[1] for row in rows] == ["Capped extra PH Mobile · 菲律宾"]


def test_the_answer_page_writes_a_credit_as_money_in_chinese(client):
    html = page(get(client, "carrier-answer", lang="zh-hans", slug="example-mobile"))
    assert "下月价格减免 £1.00。" in html


def test_a_one_month_results_heading_names_its_month_once(client):
    params = {**STASH, "plan": "open", "months": "1", "usage": "4"}
    heading = re.search(r'<h2 id="result"[^>]*>(.*?)</h2>', page(get(client, "home", params)))
    assert heading.group(1) == "Open ten: January 2026"
    chinese = page(get(client, "home", {**STASH, "plan": "open"}, lang="zh-hans"))
    heading = re.search(r'<h2 id="result"[^>]*>(.*?)</h2>', chinese)
    assert heading.group(1).endswith("：2026年1月至2026年4月")
