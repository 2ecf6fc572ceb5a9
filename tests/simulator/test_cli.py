"""The command line gives the API's numbers, in GB tables or the API's JSON, and exit 2 on
bad input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carriers.catalog.loader import load_catalog
from carriers.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(db):
    load_catalog()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_simulate_prints_a_month_table_in_gb():
    out = run(
        "simulate", "att-mobile-share-advantage-10gb", "--usage", "6, 12, , 8", "--start", "2026-01"
    )
    lines = out.splitlines()
    assert lines[0].startswith("AT&T")
    row = {line.split()[0]: line.split() for line in lines if line.startswith("2026-")}
    # 10 GB plan, 6 GB used: 4 GB rolls; March lapsed.
    assert row["2026-01"][1:3] == ["yes", "6"]
    assert row["2026-01"][7] == "4"
    assert row["2026-03"][1] == "lapsed"
    assert "Total cost" in out


def test_simulate_json_is_the_apis_answer(client):
    out = run(
        "simulate", "fizz-rollover", "--usage", "1.5, 7, 0.25", "--start", "2026-01", "--json"
    )
    body = {"plan": "fizz-rollover", "start": "2026-01", "usage_mb": [1536, 7168, 256]}
    api = client.post("/api/v1/simulate", json.dumps(body), content_type="application/json").json()
    assert json.loads(out) == api


def test_compare_json_is_the_apis_answer(client):
    out = run("compare", "--usage", "2, 4", "--start", "2026-01", "--country", "GB", "--json")
    body = {"start": "2026-01", "usage_mb": [2048, 4096], "country": "GB"}
    api = client.post("/api/v1/compare", json.dumps(body), content_type="application/json").json()
    assert json.loads(out) == api


def test_compare_prints_the_ranking_and_the_skipped():
    out = run(
        "compare",
        *("--usage", "1, 2, 3, 4", "--start", "2026-01", "--currency", "USD"),
        "--include-unavailable",
    )
    assert out.splitlines()[0].split()[:5] == ["#", "plan", "carrier", "fit", "availability"]
    assert "Cannot take this use:" in out
    assert "verizon-allset-bridge-data-2014" in out.split("Cannot take this use:")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("simulate", "no-such-plan", "--usage", "1"), "There is no plan 'no-such-plan'"),
        (("simulate", "fizz-rollover", "--usage", "1, x"), "Month 2: “x” is not a number of GB."),
        (("simulate", "fizz-rollover", "--usage", "-1"), "cannot be negative"),
        (("simulate", "fizz-rollover", "--usage", ""), "at least one month"),
        (("simulate", "fizz-rollover", "--usage", "1", "--start", "2026-13"), "start"),
        (("simulate", "fizz-rollover", "--usage", "1", "--lines", "3"), "lines"),
        (("simulate", "keepgo-us-unlimited-day", "--usage", "1", "--days", "abc"), "days of use"),
        (("compare", "--usage", ",".join(["1"] * 37)), "At most 36 months"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_code_2(args, message):
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    assert message in str(excinfo.value)
    assert excinfo.value.returncode == 2


def test_simulate_shows_the_credit_and_what_rollover_was_worth():
    out = run("simulate", "smarty-3gb-money-off", "--usage", "1, 2, 3.5", "--start", "2026-01")
    header = out.splitlines()[1].split()
    assert header[-4:] == ["credit", "GBP", "cost", "GBP"]
    row = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("2026-")}
    # 2 GB unused in January: 2.00 off February's 8.00.
    assert row["2026-02"][-2:] == ["2.00", "6.00"]
    assert "Total cost £21.00 after a credit of £3.00" in out
    assert "The plan does not roll data over." in out
    rolling = run(
        "simulate", "att-mobile-share-advantage-10gb", "--usage", "6, 12", "--start", "2026-01"
    )
    # 4 GB rolls from January; February's 2 GB beyond the allowance comes from it, where
    # the plan without rollover would have slowed it.
    assert "Rollover kept 2 GB at full speed that the same plan without it would have" in rolling


def test_compare_shows_fit_and_availability_and_leaves_closed_plans_out_unless_asked():
    default = run("compare", "--usage", "3, 12, 2, , 15, 4, 1, 8", "--country", "US")
    rows = [line.split() for line in default.splitlines()[2:] if line.strip()]
    assert rows[0][3:5] == ["serves", "all"] and rows[0][5] == "available"
    assert "closed" not in default.split("Cannot take this use:")[0]
    every = run(
        "compare", "--usage", "3, 12, 2, , 15, 4, 1, 8", "--country", "US", "--include-unavailable"
    )
    assert "closed" in every


def test_compare_filters_by_kind():
    out = run("compare", "--usage", "2", "--start", "2026-01", "--kind", "travel_esim")
    slugs = [line.split()[1] for line in out.splitlines()[2:] if line.strip()]
    assert slugs and all("esim" in slug or "day" in slug or "unlimited" in slug for slug in slugs)


def test_compare_json_with_every_filter_is_the_apis_answer(client):
    out = run(
        "compare",
        *("--usage", "2, 4", "--start", "2026-01", "--kind", "prepaid"),
        "--include-unavailable",
        "--json",
    )
    body = {
        "start": "2026-01",
        "usage_mb": [2048, 4096],
        "kind": "prepaid",
        "include_unavailable": True,
    }
    api = client.post("/api/v1/compare", json.dumps(body), content_type="application/json").json()
    assert json.loads(out) == api
    assert {r["plan"]["kind"] for r in api["results"]} == {"prepaid"}


def test_compare_numbers_ranks_within_each_currency_as_the_page_does():
    out = run("compare", "--usage", "2, 4", "--start", "2026-01")
    table = out.split("Cannot take this use:")[0]
    rows = [line.split() for line in table.splitlines()[2:] if line.strip()]
    currencies = [Plan.objects.get(slug=row[1]).currency for row in rows]
    assert len(set(currencies)) >= 3  # USD, PHP, GBP, CNY … each its own ranking
    expected, seen = [], {}
    for currency in currencies:
        seen[currency] = seen.get(currency, 0) + 1
        expected.append(str(seen[currency]))
    assert [row[0] for row in rows] == expected
    assert [row[0] for row in rows].count("1") == len(set(currencies))
