"""The public pages through Django's test client: what a person sees for real input."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from carriers.catalog.loader import load_catalog
from carriers.models import Plan

pytestmark = pytest.mark.django_db

STASH = {
    "plan": "t-mobile-data-stash-2016",
    "start": "2026-01",
    "months": "4",
    "usage": "4, 12.5, , 8",
}
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
def catalog(db):
    load_catalog()


def get(client, name, params=None, lang="en", **kwargs):
    with translation.override(lang):
        url = reverse(name, kwargs=kwargs or None)
    return client.get(url, params or {})


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/en/"


def test_the_empty_form_starts_this_month_for_twelve_months(client):
    from simulator.services import current_month

    response = get(client, "home")
    html = page(response)
    assert response.context["result"] is None
    assert f'value="{current_month()}"' in html
    assert 'name="months" value="12"' in html
    assert "Data Stash (2016 rules)" in html  # catalog plans offered, with rule summaries
    assert "All unused data rolls" in html


def test_a_catalog_plan_result_shows_totals_table_chart_and_explanations(client):
    response = get(client, "home", STASH)
    html = page(response)
    result = response.context["result"]
    assert result["summary"]["cost"] == "240.00 USD"  # 3 renewed months × 80.00
    assert [row["month"] for row in result["rows"]] == [
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
    ]
    assert result["rows"][2]["renewed"] is False
    assert "not renewed" in html
    assert "<svg" in html and 'role="img"' in html
    assert "6 GB of unused allowance rolled over" in html
    assert result["ledger"]  # the bank at the end, tranche by tranche


def test_the_web_numbers_are_the_apis_numbers(client):
    import json

    api = client.post(
        "/api/v1/simulate",
        json.dumps(
            {"plan": STASH["plan"], "start": "2026-01", "usage_mb": [4096, 12800, None, 8192]}
        ),
        content_type="application/json",
    ).json()
    result = get(client, "home", STASH).context["result"]
    assert result["summary"]["cost"] == f"{api['totals']['cost']} USD"
    assert result["plan"] == api["plan"]


def test_my_own_plan_reproduces_the_specs_worked_example(client):
    response = get(client, "home", WORKED)
    result = response.context["result"]
    assert result["summary"]["cost"] == "90.00 USD"
    assert [row["expired"] for row in result["rows"]] == ["0 GB", "4 GB", "3 GB"]
    assert [row["rolled"] for row in result["rows"]] == ["5 GB", "5 GB", "5 GB"]


def test_settings_that_do_not_apply_are_ignored_not_refused(client):
    params = {**WORKED, "c_mode": "none", "c_overage": "block"}  # cap, unit, expiry still filled
    result = get(client, "home", params).context["result"]
    assert result["summary"]["cost"] == "90.00 USD"
    assert result["plan"]["rollover"]["mode"] == "none"


def test_an_unreadable_month_is_explained_beside_the_field_and_inputs_are_kept(client):
    response = get(client, "home", {**STASH, "usage": "4, x"})
    html = page(response)
    assert response.context["result"] is None
    assert response.context["form"].errors["usage"] == ["Month 2: “x” is not a number of GB."]
    assert 'value="t-mobile-data-stash-2016" selected' in html or 'selected value="t-mobile' in html
    assert "4, x" in html


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({**WORKED, "c_cap_gb": ""}, "c_cap_gb", "capped rule needs"),
        ({**WORKED, "c_price": ""}, "c_price", "Enter this for your own plan."),
        ({**WORKED, "c_allowance": "", "c_mode": "full"}, "c_mode", "unlimited plan"),
        ({**WORKED, "c_period": "3", "usage": "1, 2, 3, 4"}, "usage", "multiple of 3"),
        (
            {**WORKED, "c_period": "3", "usage": "1, , 1"},
            "usage",
            "leave all of its months blank or none",
        ),
        ({**STASH, "lines": "3"}, "lines", "at most 1 lines"),
        ({**STASH, "start": "2026-13"}, "start", "Choose a month"),
        ({**STASH, "months": "40", "usage": "", "same": "1"}, "months", "less than or equal to 36"),
        ({**STASH, "usage": ",".join(["1"] * 37)}, "usage", "At most 36 months"),
        ({**STASH, "plan": "no-such-plan"}, "plan", "Select a valid choice"),
        (
            {"plan": "keepgo-us-unlimited-day", "start": "2026-02", "usage": "1", "days": "30"},
            "days",
            "",
        ),
    ],
)
def test_each_invalid_input_is_explained_beside_its_field(client, params, field, text):
    response = get(client, "home", params)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert text in " ".join(errors[field])
    assert response.context["result"] is None


def test_form_errors_come_in_chinese_for_chinese_readers(client):
    response = get(client, "home", {**STASH, "start": "2026-13"}, lang="zh-hans")
    message = " ".join(response.context["form"].errors["start"])
    assert message and "Choose a month" not in message


def test_chinese_pages_format_months_the_chinese_way(client):
    result = get(client, "home", STASH, lang="zh-hans").context["result"]
    assert result["rows"][0]["month"] == "2026年1月"


def test_a_link_that_only_picks_a_plan_opens_the_form_with_it_chosen(client):
    response = get(client, "home", {"plan": "fizz-rollover"})
    assert not response.context["form"].is_bound
    assert response.context["result"] is None
    assert '<option value="fizz-rollover" selected data-billing="monthly"' in page(response)


def test_a_conversion_needs_both_its_unit_and_its_rate(client):
    response = get(client, "home", {**WORKED, "c_convert_rate": "3"})
    assert "give both the unit (GB) and the rate" in " ".join(
        response.context["form"].errors["c_convert_unit_gb"]
    )


def test_engine_refusals_are_translated_for_chinese_readers(client):
    params = {**WORKED, "c_billing": "daily", "c_period": "3", "c_mode": "none"}
    response = get(client, "home", params, lang="zh-hans")
    message = " ".join(response.context["form"].errors["c_period"])
    assert message and "period_months" not in message and "day pass" not in message


def test_presets_and_same_every_month_fill_the_months(client):
    light = get(client, "home", {**STASH, "usage": "", "months": "6", "preset": "light"})
    assert [r["used"] for r in light.context["result"]["rows"]] == ["1.5 GB"] * 6
    same = get(client, "home", {**STASH, "usage": "", "months": "5", "same": "3"})
    assert [r["used"] for r in same.context["result"]["rows"]] == ["3 GB"] * 5
    traveller = get(client, "home", {**STASH, "usage": "", "months": "6", "preset": "traveller"})
    assert [r["used"] for r in traveller.context["result"]["rows"]].count("20 GB") == 1


def test_the_language_switcher_keeps_the_page_and_the_inputs(client):
    html = page(get(client, "home", STASH))
    assert 'href="/zh-hans/?plan=t-mobile-data-stash-2016&amp;start=2026-01' in html


def test_csv_download_has_every_month_in_mb(client):
    response = get(client, "result-csv", STASH)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["month"] for r in rows] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert rows[1]["demand_mb"] == "12800"
    assert rows[2]["renewed"] == "False"
    assert {r["currency"] for r in rows} == {"USD"}


def test_csv_of_bad_input_sends_the_person_back_to_the_form(client):
    response = get(client, "result-csv", {**STASH, "usage": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/?")


def test_compare_ranks_plans_and_shows_the_difference_from_mine(client):
    response = get(client, "compare", {**STASH, "months": "4"})
    ranking = response.context["ranking"]
    mine = [r for r in ranking["ranked"] if r["is_baseline"]]
    assert len(mine) == 1 and mine[0]["diff"] == "±0.00 USD"
    usd = [r for r in ranking["ranked"] if r["plan"]["currency"] == "USD" and not r["is_baseline"]]
    assert all(r["diff"] and r["diff"][0] in "+−±" for r in usd)
    assert any(s["plan"]["slug"] == "verizon-allset-bridge-data-2014" for s in ranking["skipped"])
    assert "your plan" in page(response)


def test_compare_filters_by_country(client):
    ranking = get(client, "compare", {**STASH, "country": "PH"}).context["ranking"]
    assert {r["plan"]["country"] for r in ranking["ranked"]} == {"PH"}


def test_compare_without_a_plan_just_ranks(client):
    params = {"start": "2026-01", "months": "3", "usage": "1,2,3"}
    ranking = get(client, "compare", params).context["ranking"]
    assert ranking["ranked"] and not any(r["diff"] for r in ranking["ranked"])


def test_plan_list_filters_and_links_to_plan_pages(client):
    html = page(get(client, "plan-list", {"country": "CN"}))
    assert "/en/plans/china-mobile-monthly-rollover/" in html
    assert "t-mobile-data-stash-2016" not in html


def test_plan_page_shows_rule_source_check_date_and_simulate_link(client):
    html = page(get(client, "plan-detail", slug="t-mobile-data-stash-2016"))
    plan = Plan.objects.get(slug="t-mobile-data-stash-2016")
    assert plan.source_url in html
    assert "November 22, 2026" in html or "Nov. 22, 2026" in html
    assert "more than 6 months ago" not in html
    assert "/en/?plan=t-mobile-data-stash-2016" in html


def test_a_stale_source_is_flagged(client):
    Plan.objects.filter(slug="fizz-rollover").update(source_checked="2020-01-01")
    assert "more than 6 months ago" in page(get(client, "plan-detail", slug="fizz-rollover"))


def test_an_unknown_plan_page_is_a_404(client):
    assert get(client, "plan-detail", slug="nope").status_code == 404


def test_admin_view_on_site_opens_the_plan_page(admin_client):
    plan = Plan.objects.get(slug="fizz-rollover")
    assert plan.get_absolute_url() == "/en/plans/fizz-rollover/"
    html = admin_client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content.decode()
    assert "View on site" in html


@pytest.mark.parametrize(
    "params",
    [
        {"plan": "x" * 5000, "usage": "1"},
        {"months": "9" * 100, "usage": "1"},
        {"usage": "1e999999", "plan": "fizz-rollover", "start": "2026-01"},
        {"plan": "custom", "c_price": "NaN", "c_currency": "USD", "start": "2026-01", "usage": "1"},
        {
            "plan": "custom",
            "c_price": "1",
            "c_currency": "USD",
            "c_allowance": "-1",
            "start": "2026-01",
            "usage": "1",
        },
        {"plan": "fizz-rollover", "start": "0000-01", "usage": "1"},
        {"plan": "fizz-rollover", "start": "2026-01", "usage": "\x00"},
        {"plan": "fizz-rollover", "start": "2026-01", "usage": "1", "lines": "-5"},
        {"plan": "fizz-rollover", "start": "2026-01", "usage": "1", "days": "1,2,3"},
        # found by review: "²".isdigit() is True but int("²") fails
        {
            "plan": "att-mobile-share-advantage-10gb",
            "start": "2026-01",
            "usage": "1,2",
            "days": "²",
        },
    ],
)
def test_nonsense_never_breaks_a_page(client, params):
    for name in ("home", "compare"):
        response = get(client, name, params)
        assert response.status_code == 200
        assert response.context["form"].errors
